package sitefs

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadPlain reads each kind of file of a folder with ReadPlain: only
// a regular file of at most the limit is read; every other one (a link,
// to a file inside or outside, a named pipe, a folder, a missing or a
// larger file, a name with a slash) is left to Open, with nothing
// returned, and the pipe does not block. A listing gives each entry's
// type as a stat would.
func TestReadPlain(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret")
	must(t, os.WriteFile(outside, []byte("secret"), 0o600))
	site := t.TempDir()
	dir := filepath.Join(site, "content")
	must(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "a.md"), []byte("hello"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "empty.md"), nil, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "big.md"), bytes.Repeat([]byte("x"), 100), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "sub", "b.md"), []byte("b"), 0o644))
	must(t, os.Symlink("a.md", filepath.Join(dir, "in.md")))
	must(t, os.Symlink(outside, filepath.Join(dir, "out.md")))
	must(t, syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644))

	f, err := Open(site)
	must(t, err)
	defer f.Close()
	d, err := f.OpenDir("content")
	must(t, err)
	defer d.Close()

	for name, want := range map[string]string{"a.md": "hello", "empty.md": ""} {
		data, mod, ok := d.ReadPlain(name, 50)
		info, err := os.Lstat(filepath.Join(dir, name))
		must(t, err)
		if !ok || string(data) != want || mod != info.ModTime().UnixNano() {
			t.Errorf("ReadPlain(%s) = %q, %d, %v; want %q, %d, true", name, data, mod, ok, want, info.ModTime().UnixNano())
		}
	}
	for _, name := range []string{"in.md", "out.md", "pipe.md", "sub", "sub/b.md", "big.md", "missing.md", "..", "."} {
		if data, _, ok := d.ReadPlain(name, 50); ok || data != nil {
			t.Errorf("ReadPlain(%s) = %q, %v; want nothing, false", name, data, ok)
		}
	}
	if _, _, ok := f.ReadPlain("content/a.md", 50); ok {
		t.Error("the site's own FS read a file with ReadPlain; want it left to Open")
	}

	list, err := d.ReadDir(".")
	must(t, err)
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
		info, err := os.Lstat(filepath.Join(dir, e.Name()))
		must(t, err)
		if e.Type() != info.Mode().Type() || e.IsDir() != info.IsDir() {
			t.Errorf("%s listed as %v, is %v", e.Name(), e.Type(), info.Mode().Type())
		}
		got, err := e.Info()
		must(t, err)
		if got.Mode() != info.Mode() || got.Size() != info.Size() || got.Name() != e.Name() {
			t.Errorf("%s: Info %v %d, want %v %d", e.Name(), got.Mode(), got.Size(), info.Mode(), info.Size())
		}
	}
	if got := strings.Join(names, " "); got != "a.md big.md empty.md in.md out.md pipe.md sub" {
		t.Errorf("listed %s", got)
	}
	if _, err := fs.ReadDir(d, "a.md"); err == nil {
		t.Error("listing a file did not fail")
	}
}
