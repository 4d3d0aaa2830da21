// Package sitefs reads a site folder and nothing outside it. Every path
// is opened below an os.Root, so no link or ".." can lead out of the
// folder, and on top of that no symbolic link is followed at all, not
// even one that stays inside: a link in content/ or themes/ could
// otherwise publish any file of the site folder (.git/config with a
// deploy token, an .env file) or the build machine's secrets. A link, a
// loop, a named pipe or a device is an *Error naming it and saying what
// to do.
package sitefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/statuspress/statuspress/generator/diag"
)

// FS is a site folder, read through its os.Root. It implements fs.FS,
// fs.ReadDirFS, fs.ReadFileFS and fs.StatFS; every method refuses a name
// any part of which is not a real folder or, for the last part, a regular
// file. An FS is safe for concurrent use.
type FS struct {
	root *os.Root
	dir  string // of the site, absolute, for telling where an absolute link leads
	// site and prefix are set in a folder opened by OpenDir: the site's
	// FS, and the folder's path in it.
	site   *FS
	prefix string
	// folder and fd are, in a folder opened by OpenDir, the folder
	// itself and its descriptor (-1 where ReadPlain cannot use it).
	folder *os.File
	fd     int
}

// Open opens the site folder dir.
func Open(dir string) (*FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return &FS{root: r, dir: abs, fd: -1}, nil
}

// Close releases the folder.
func (f *FS) Close() error {
	if f.folder != nil {
		f.folder.Close()
	}
	return f.root.Close()
}

// OpenDir opens the folder dir of f as an FS of its own, for reading
// many files in it: each is then checked and opened in one step, not
// one for each folder of its path. Names are relative to dir; errors
// and refused files name the path in the site, as f's would. Close it
// when done.
func (f *FS) OpenDir(dir string) (*FS, error) {
	if err := f.check("open", dir); err != nil {
		return nil, err
	}
	r, err := f.root.OpenRoot(dir)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: f.full(dir), Err: unwrapPath(err)}
	}
	site := f
	if f.site != nil {
		site = f.site
	}
	d := &FS{root: r, dir: f.dir, site: site, prefix: f.full(dir), fd: -1}
	if folder, err := r.Open("."); err == nil {
		d.folder, d.fd = folder, dirFD(folder)
	}
	return d, nil
}

// ReadPlain reads the file name of a folder opened by OpenDir, a name
// without a slash, in as few system calls as the system allows, when it
// is a regular file of at most limit bytes; mod is its modification
// time, in Unix nanoseconds, when it was opened. It follows no link and
// opens nothing but that file. Anything else (a link, a special file, a
// missing or larger file, an error, a system where it cannot) returns ok
// false and nothing read: read the file through Open or ReadFile then,
// which say why.
func (f *FS) ReadPlain(name string, limit int64) (data []byte, mod int64, ok bool) {
	return readPlain(f.fd, name, limit)
}

// full is name's path in the site.
func (f *FS) full(name string) string {
	switch {
	case f.prefix == "":
		return name
	case name == ".":
		return f.prefix
	}
	return f.prefix + "/" + name
}

// Error is a file the site may not hold: a symbolic link (Target says
// where it points) or a special file. Path is slash-separated and relative
// to the site folder.
type Error struct {
	Path   string
	Target string // the link's text; "" when Path is not a link
	Kind   Kind
}

// Kind says why a file is refused.
type Kind int

// The kinds of refused files.
const (
	LinkOutside Kind = iota // a link leading out of the site folder
	LinkLoop                // a link leading to itself, or a chain too long
	LinkInside              // a link to another file of the site folder
	Special                 // a named pipe, socket or device
)

// Report adds the problem to d, at the file's path: what is wrong and
// what to do.
func (e *Error) Report(d *diag.List) {
	pos := diag.Pos{File: e.Path}
	switch e.Kind {
	case LinkOutside:
		d.Errorf(pos, "this is a symbolic link to %s, outside the site folder; statuspress reads nothing outside the site, so replace the link with a copy of the file", e.Target)
	case LinkLoop:
		d.Errorf(pos, "this is a symbolic link that leads back to itself (%s): replace the link with the file itself", e.Target)
	case LinkInside:
		d.Errorf(pos, "this is a symbolic link (to %s); statuspress follows no links, so that none can publish another file of the site folder: replace the link with a copy of the file", e.Target)
	default:
		d.Errorf(pos, "this is not a regular file or folder (a named pipe, socket or device): remove it")
	}
}

func (e *Error) Error() string {
	var d diag.List
	e.Report(&d)
	return d[0].String()
}

// check refuses name when any part of it is a link or a special file.
func (f *FS) check(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: f.full(name), Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil
	}
	for i := 0; ; {
		j := strings.IndexByte(name[i:], '/')
		part := name
		if j >= 0 {
			part = name[:i+j]
		}
		info, err := f.root.Lstat(part)
		if err != nil {
			return &fs.PathError{Op: op, Path: f.full(name), Err: unwrapPath(err)}
		}
		if e := f.refuse(part, info.Mode()); e != nil {
			return e
		}
		if j < 0 {
			return nil
		}
		if !info.IsDir() {
			return &fs.PathError{Op: op, Path: f.full(name), Err: syscall.ENOTDIR}
		}
		i += j + 1
	}
}

// refuse returns the Error for a part of a name with mode, or nil.
func (f *FS) refuse(name string, mode fs.FileMode) error {
	if f.site != nil && (mode&fs.ModeSymlink != 0 || !mode.IsDir() && !mode.IsRegular()) {
		// Where a link leads is told from the site's folder.
		return f.site.refuse(f.full(name), mode)
	}
	switch {
	case mode&fs.ModeSymlink != 0:
		target, _ := f.root.Readlink(name)
		kind := LinkInside
		_, err := f.root.Stat(name)
		switch {
		case errors.Is(err, syscall.ELOOP):
			kind = LinkLoop
		case filepath.IsAbs(target):
			// os.Root refuses every absolute link; say where it leads.
			if rel, err := filepath.Rel(f.dir, filepath.Clean(target)); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				kind = LinkOutside
			}
		case err != nil && !errors.Is(err, fs.ErrNotExist) || escapes(name, target):
			kind = LinkOutside
		}
		return &Error{Path: name, Target: target, Kind: kind}
	case mode.IsDir():
		return nil
	case !mode.IsRegular():
		return &Error{Path: name, Kind: Special}
	}
	return nil
}

// escapes reports whether a relative link target at name climbs out of
// the folder.
func escapes(name, target string) bool {
	p := path.Join(path.Dir(name), target)
	return p == ".." || strings.HasPrefix(p, "../")
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Open opens name for reading.
func (f *FS) Open(name string) (fs.File, error) {
	if err := f.check("open", name); err != nil {
		return nil, err
	}
	file, err := f.root.Open(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: f.full(name), Err: unwrapPath(err)}
	}
	return file, nil
}

// ReadFile reads name whole.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(file)
}

// ReadDir lists the folder name, sorted. Links in it are listed (with
// the link type) so that a walk can name them; opening one fails.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if info, err := file.Stat(); err == nil && info.IsDir() {
		if list, ok, err := f.readDirents(file, name); ok {
			sortEntries(list)
			return list, err
		}
	}
	dir, ok := file.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: f.full(name), Err: errors.New("not a folder")}
	}
	list, err := dir.ReadDir(-1)
	sortEntries(list)
	return list, err
}

// Stat describes name without following a link.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if err := f.check("stat", name); err != nil {
		return nil, err
	}
	info, err := f.root.Lstat(name)
	if err != nil && f.prefix != "" {
		return nil, &fs.PathError{Op: "stat", Path: f.full(name), Err: unwrapPath(err)}
	}
	return info, err
}

// Check walks the folder dir, except the folders named in skip, and
// returns every refused file in it, in path order; a missing folder has
// none.
func (f *FS) Check(dir string, skip ...string) []*Error {
	var out []*Error
	_ = fs.WalkDir(f, dir, func(p string, d fs.DirEntry, err error) error {
		var e *Error
		if errors.As(err, &e) {
			out = append(out, e)
			return nil
		}
		if err != nil {
			return nil // a folder that cannot be read is reported by its reader
		}
		if d.IsDir() {
			if slices.Contains(skip, p) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() && !LockFile(d.Name()) {
			if e := f.refuse(p, d.Type()); e != nil {
				out = append(out, e.(*Error))
			}
		}
		return nil
	})
	return out
}

// LockFile reports whether base names an Emacs lock file: a link to
// nowhere that Emacs keeps beside a file while it is being edited. Such
// a link is never read, and a walk passes it by, so that editing a file
// does not fail a watch's builds.
func LockFile(base string) bool { return strings.HasPrefix(base, ".#") }

// Diags turns refused files into errors at their paths.
func Diags(errs []*Error) diag.List {
	var out diag.List
	for _, e := range errs {
		e.Report(&out)
	}
	return out
}

// dirent is an entry of a folder listed by ReadDir: its name and type,
// as the listing gave them; Info asks the file system.
type dirent struct {
	f         *FS
	dir, name string
	typ       fs.FileMode
}

func (e *dirent) Name() string               { return e.name }
func (e *dirent) IsDir() bool                { return e.typ.IsDir() }
func (e *dirent) Type() fs.FileMode          { return e.typ }
func (e *dirent) String() string             { return fs.FormatDirEntry(e) }
func (e *dirent) Info() (fs.FileInfo, error) { return e.f.root.Lstat(path.Join(e.dir, e.name)) }
