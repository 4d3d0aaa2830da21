package output

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Staging is a publish under way: the files of a build are staged in the
// output folder as they are made, so that no build holds its whole site
// in memory, and Commit puts them in place all at once (or Discard drops
// them). Nothing a Staging does before Commit writes its journal changes
// what the folder serves.
//
// A file whose folder is on disk is staged next to its place under a
// temporary name and renamed there; the files of folders that are not
// (every folder of a first build, a new incident's) are staged in one
// temporary folder at the top, under their own names, and each topmost
// new folder is renamed into place whole: a first build of 100,000 pages
// is a few renames, not 100,000.
//
// Has and Put may be called from several goroutines at once; Commit and
// Discard once, after them.
type Staging struct {
	dir  string
	opts Options
	// owned lists, sorted, what an earlier publish wrote there (and a
	// publish may therefore remove): Options.Published, or the manifest.
	owned []string
	// trusted says that owned stands for the folder's content (Published),
	// so that nothing is walked or read back.
	trusted bool
	disk    *disk // what is on disk, when not trusted
	tmp     string
	seq     atomic.Uint64

	mu      sync.Mutex
	folders map[string]folder // folders of the live site, as looked up
	root    string            // the staged tree's folder, "" until made
	tops    map[string]bool   // new folders of the site whose rename is recorded
	// staged holds the folders made in the staged tree, to sync each
	// where there is no wide sync (see mkdirStaged); last is the folder
	// of the last file staged there.
	staged  map[string]struct{}
	last    string
	renames []rename
	written int
}

// folder is what a publish knows of a folder of the live site.
type folder struct {
	onDisk bool
	// top is, for a folder not on disk, the topmost folder of its path
	// that is not (it may be a file the site no longer has, then cleared).
	top   string
	clear []string
}

// Stage starts a publish into dir, making the folder if needed, after
// finishing one that a killed build left half done (see Recover). Unless
// opts.Published says what is there, it walks the folder and reads its
// manifest: then every staged file is first compared with the disk.
func Stage(ctx context.Context, dir string, opts Options) (*Staging, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	recovered, err := Recover(dir)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	s := &Staging{dir: dir, opts: opts, tmp: tmpPrefix + hex.EncodeToString(rnd[:]), folders: map[string]folder{}}
	if opts.Published != nil && !recovered {
		s.owned, s.trusted = opts.Published, true
		return s, nil
	}
	if s.disk, err = scan(dir); err != nil {
		return nil, err
	}
	if s.owned, err = readManifest(dir); err != nil {
		return nil, err
	}
	return s, nil
}

// Has reports whether the folder holds name with bytes of that hash and
// size. With Options.Published it trusts that it does: the caller asks
// only about files it published there.
func (s *Staging) Has(name string, sum [sha256.Size]byte, size int64) bool {
	if s.trusted {
		return true
	}
	if _, ok := s.disk.files[name]; !ok {
		return false
	}
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	if fi, err := os.Lstat(full); err != nil || !fi.Mode().IsRegular() || fi.Size() != size {
		return false
	}
	data, err := os.ReadFile(full)
	return err == nil && sha256.Sum256(data) == sum
}

// Put stages data as the file name (a slash path in the folder), unless
// the folder, read back, already holds those bytes there.
func (s *Staging) Put(name string, data []byte) error {
	if s.disk != nil {
		if _, ok := s.disk.files[name]; ok && s.onDisk(name, data) {
			return nil
		}
	}
	s.mu.Lock()
	f, err := s.folder(path.Dir(name))
	var tmp string
	var r rename
	if err == nil && f.onDisk {
		r, err = s.inPlace(name)
		tmp = r.Tmp
	} else if err == nil {
		tmp, err = s.inTree(name, f)
	}
	s.mu.Unlock()
	if err == nil {
		err = writeFile(filepath.Join(s.dir, filepath.FromSlash(tmp)), data, !wideSync)
	}
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	s.mu.Lock()
	if r.Name != "" {
		s.renames = append(s.renames, r)
	}
	s.written++
	s.mu.Unlock()
	return nil
}

// onDisk reports whether the file name on disk holds data, reading it
// only when the sizes match.
func (s *Staging) onDisk(name string, data []byte) bool {
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	fi, err := os.Lstat(full)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(full)
	return err == nil && bytes.Equal(old, data)
}

// inPlace returns the rename of a file staged beside its place, in a
// folder on disk. A file where the folder has a folder of the last site
// clears that folder's files first, and is staged at the top, since its
// own folder goes with them. s.mu is held.
func (s *Staging) inPlace(name string) (rename, error) {
	clear := s.ownedUnder(name)
	folderThere := false
	if s.disk != nil {
		folderThere = s.disk.dirs[name]
	} else if fi, err := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(name))); err == nil {
		folderThere = fi.IsDir()
	}
	if folderThere && len(clear) == 0 {
		// Found now, not half way through the renames.
		return rename{}, fmt.Errorf("%s is a folder that statuspress did not make, where the site has a file: move it away", filepath.Join(s.dir, filepath.FromSlash(name)))
	}
	at := path.Dir(name)
	if len(clear) > 0 {
		at = "."
	}
	return rename{Tmp: path.Join(at, s.tmpName()), Name: name, Clear: clear}, nil
}

// inTree returns where name goes in the staged tree (its own path there),
// making its folders, and records the rename that puts the topmost new
// folder of its path, f.top, in place. s.mu is held.
func (s *Staging) inTree(name string, f folder) (string, error) {
	if s.root == "" {
		if err := os.Mkdir(filepath.Join(s.dir, s.tmp), 0o755); err != nil {
			return "", err
		}
		s.root, s.tops, s.staged = s.tmp, map[string]bool{}, map[string]struct{}{}
	}
	if !s.tops[f.top] {
		s.tops[f.top] = true
		s.renames = append(s.renames, rename{Tmp: path.Join(s.root, f.top), Name: f.top, Clear: f.clear, dir: true})
	}
	if err := s.mkdirStaged(path.Dir(name)); err != nil {
		return "", err
	}
	return path.Join(s.root, name), nil
}

// mkdirStaged makes the folder d (a slash path of the site) in the staged
// tree, and those above it. The tree is this publish's own: a folder
// already there was made by it, so a large site's hundred thousand
// folders are not remembered one by one (but where each must be synced,
// see wideSync). s.mu is held.
func (s *Staging) mkdirStaged(d string) error {
	if d == "." || d == s.last {
		return nil
	}
	if _, ok := s.staged[d]; ok {
		return nil
	}
	full := filepath.Join(s.dir, s.root, filepath.FromSlash(d))
	err := os.Mkdir(full, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if err = s.mkdirStaged(path.Dir(d)); err == nil {
			err = os.Mkdir(full, 0o755)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	if !wideSync {
		s.staged[d] = struct{}{}
	}
	s.last = d
	return nil
}

// tmpName returns a new name for a temporary file.
func (s *Staging) tmpName() string {
	return s.tmp + "-" + strconv.FormatUint(s.seq.Add(1), 36)
}

// folder returns what is known of the live folder d (a slash path),
// looking at the disk once per folder. A link on the way is a *LinkError;
// a file statuspress did not write, where the site needs a folder, an
// error. s.mu is held.
func (s *Staging) folder(d string) (folder, error) {
	if d == "." {
		return folder{onDisk: true}, nil
	}
	if f, ok := s.folders[d]; ok {
		return f, nil
	}
	up, err := s.folder(path.Dir(d))
	if err != nil {
		return folder{}, err
	}
	if !up.onDisk {
		return up, nil // below a new folder: nothing to look at or keep
	}
	full := filepath.Join(s.dir, filepath.FromSlash(d))
	kind, err := s.kind(d)
	if err != nil {
		return folder{}, err
	}
	var f folder
	switch kind {
	case isDir:
		f = folder{onDisk: true}
	case isLink:
		target, _ := os.Readlink(full)
		return folder{}, &LinkError{Dir: s.dir, Link: d, Target: target}
	case isMissing:
		f = folder{top: d}
	default:
		if !s.owns(d) {
			return folder{}, fmt.Errorf("%s is a file that statuspress did not make, where the site has a folder: move it away", full)
		}
		f = folder{top: d, clear: []string{d}}
	}
	s.folders[d] = f
	return f, nil
}

// What a path is on disk.
const (
	isMissing = iota
	isFile
	isDir
	isLink
)

// kind says what d (a slash path) is on disk.
func (s *Staging) kind(d string) (int, error) {
	if s.disk != nil {
		switch {
		case s.disk.dirs[d]:
			return isDir, nil
		case s.disk.links[d]:
			return isLink, nil
		}
		if _, ok := s.disk.files[d]; ok {
			return isFile, nil
		}
		return isMissing, nil
	}
	fi, err := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(d)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return isMissing, nil
	case err != nil:
		return 0, err
	case fi.IsDir():
		return isDir, nil
	case fi.Mode()&fs.ModeSymlink != 0:
		return isLink, nil
	}
	return isFile, nil
}

// owns reports whether an earlier publish wrote name.
func (s *Staging) owns(name string) bool {
	_, ok := slices.BinarySearch(s.owned, name)
	return ok
}

// ownedUnder returns the files an earlier publish wrote inside the folder
// name.
func (s *Staging) ownedUnder(name string) []string {
	prefix := name + "/"
	i, _ := slices.BinarySearch(s.owned, prefix)
	var out []string
	for ; i < len(s.owned) && strings.HasPrefix(s.owned[i], prefix); i++ {
		out = append(out, s.owned[i])
	}
	return out
}
