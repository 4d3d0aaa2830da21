// Package cache owns the on-disk cache that makes a repeat build cheap.
// It is a folder per site (its source and output folders) under a root,
// the user's cache folder by default (see Root), holding a few entries:
// files written whole through a temporary file and a rename, each headed
// by the format and the key it was made under (a fingerprint of what its
// content depends on: the binary, the settings, the theme) and ended by a
// checksum of the rest. An entry that is missing, unreadable, made under
// another key or corrupt reads as absent, so a build is correct without
// it; deleting the folder at any time is safe. The root is kept under a
// size limit by removing the folders of the sites least recently built.
//
// What goes in an entry is its caller's: the package knows bytes, not
// incidents. Nothing secret goes in (content files hold none; the
// settings' secrets come from the environment and are never written).
package cache

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/buildinfo"
)

// EnvDisable is the environment variable that, set to anything but "" or
// "0", turns the cache off, as build's -no-cache flag does.
const EnvDisable = "STATUSPRESS_NO_CACHE"

// DefaultLimit is the size the root is kept under when Dir.Limit is 0.
const DefaultLimit = 2 << 30

// magic starts every entry; the digit is the layout of the header and
// trailer, bumped when they change.
const magic = "statuspress cache 1\n"

// Root returns the cache root in the user's cache folder
// ($XDG_CACHE_HOME/statuspress, ~/.cache/statuspress,
// ~/Library/Caches/statuspress, %LocalAppData%\statuspress).
func Root() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "statuspress"), nil
}

// Disabled reports whether getenv (os.Getenv) turns the cache off.
func Disabled(getenv func(string) string) bool {
	v := getenv(EnvDisable)
	return v != "" && v != "0"
}

// Dir is the cache folder of one site. A nil *Dir caches nothing: Read
// finds nothing and Write does nothing.
type Dir struct {
	root, path string
	// Limit is the size in bytes the root is kept under after a write; 0
	// means DefaultLimit.
	Limit int64
}

// Open returns the cache folder under root of the site built from source
// into dest (folders, made absolute). It creates nothing until a write.
func Open(root, source, dest string) (*Dir, error) {
	src, err1 := filepath.Abs(source)
	dst, err2 := filepath.Abs(dest)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(src + "\x00" + dst))
	return &Dir{root: root, path: filepath.Join(root, hex.EncodeToString(sum[:12]))}, nil
}

// Path returns the folder.
func (d *Dir) Path() string { return d.path }

// Has reports whether the entry name is there, without reading it: it
// may still be of another key, or corrupt.
func (d *Dir) Has(name string) bool {
	if d == nil {
		return false
	}
	st, err := os.Stat(filepath.Join(d.path, name))
	return err == nil && st.Mode().IsRegular() && st.Size() > 0
}

// Read opens the entry name and, when it was made under key, hands its
// content to read, which must read it to the end or fail. It returns an
// error when the entry is absent, of another key or corrupt (its
// checksum is checked once read has seen everything): what read made of
// it must then be dropped.
func (d *Dir) Read(name, key string, read func(r io.Reader) error) error {
	if d == nil {
		return os.ErrNotExist
	}
	f, err := os.Open(filepath.Join(d.path, name))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	head := header(key)
	size := st.Size() - int64(len(head)) - 4
	if size < 0 {
		return errCorrupt(name)
	}
	got := make([]byte, len(head))
	if _, err := io.ReadFull(f, got); err != nil {
		return err
	}
	if string(got) != string(head) {
		return fmt.Errorf("cache %s: made by another version or for other settings", name)
	}
	crc := crc32.New(castagnoli)
	crc.Write(head)
	body := &io.LimitedReader{R: f, N: size}
	r := bufio.NewReaderSize(io.TeeReader(body, crc), 1<<16)
	if err := read(r); err != nil {
		return fmt.Errorf("cache %s: %w", name, err)
	}
	if _, err := r.Peek(1); err != io.EOF || body.N != 0 {
		return errCorrupt(name) // read stopped short, or the file is longer
	}
	var trailer [4]byte
	if _, err := io.ReadFull(f, trailer[:]); err != nil || binary.LittleEndian.Uint32(trailer[:]) != crc.Sum32() {
		return errCorrupt(name)
	}
	return nil
}

func errCorrupt(name string) error { return fmt.Errorf("cache %s: corrupt", name) }

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func header(key string) []byte {
	return []byte(magic + strings.ReplaceAll(key, "\n", " ") + "\n")
}

// Write replaces the entry name with what write gives, under key: in a
// temporary file first, renamed over the entry only when complete, so a
// build killed meanwhile leaves the old entry or none. Then it keeps the
// root under its limit.
func (d *Dir) Write(name, key string, write func(w io.Writer) error) (err error) {
	if d == nil {
		return nil
	}
	if err := os.MkdirAll(d.path, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(d.path, "."+name+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	crc := crc32.New(castagnoli)
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<16)
	w.Write(header(key))
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if _, err := f.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32())); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// The rename moves the folder's time too: trim goes by it.
	if err := os.Rename(f.Name(), filepath.Join(d.path, name)); err != nil {
		return err
	}
	return d.trim()
}

// trim removes the folders of other sites, least recently written first,
// while the root is over its limit.
func (d *Dir) trim() error {
	limit := d.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	entries, err := os.ReadDir(d.root)
	if err != nil {
		return err
	}
	type site struct {
		path string
		size int64
		mod  time.Time
	}
	var sites []site
	var total int64
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		p := filepath.Join(d.root, e.Name())
		info, err := e.Info()
		if err != nil {
			continue
		}
		s := site{path: p, mod: info.ModTime()}
		files, _ := os.ReadDir(p)
		for _, f := range files {
			if fi, err := f.Info(); err == nil {
				s.size += fi.Size()
			}
		}
		total += s.size
		sites = append(sites, s)
	}
	slices.SortFunc(sites, func(a, b site) int { return a.mod.Compare(b.mod) })
	for _, s := range sites {
		if total <= limit {
			break
		}
		if s.path == d.path {
			continue
		}
		if err := os.RemoveAll(s.path); err != nil {
			return err
		}
		total -= s.size
	}
	return nil
}

// Version names the running binary for cache keys: its module version
// and VCS revision when it was built from a clean checkout, else a hash
// of the executable itself (a development build changes with every
// edit, its version string does not). Callers ask once per process:
// hashing takes a few tens of milliseconds.
func Version() string {
	if in := buildinfo.Read(); in.Clean() {
		return in.Go + " " + in.Module + " " + in.Revision
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "exe " + hex.EncodeToString(h.Sum(nil))
}

// Key fingerprints parts into a key for Read and Write.
func Key(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		writeString(h, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeString(h hash.Hash, s string) {
	h.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(s))))
	h.Write([]byte(s))
}
