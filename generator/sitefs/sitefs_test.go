//go:build unix

package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRefusals opens each kind of file through a site folder: only the
// real file and folder are read, each other one is an *Error of its kind
// naming the path, whether it is opened, read, listed or walked.
func TestRefusals(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret")
	must(t, os.WriteFile(outside, []byte("secret"), 0o600))
	site := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(site, "content", "real"), 0o755))
	must(t, os.WriteFile(filepath.Join(site, "content", "real", "a.md"), []byte("a"), 0o644))
	links := map[string]struct {
		target string
		kind   Kind
	}{
		"content/abs-out":  {outside, LinkOutside},
		"content/abs-in":   {filepath.Join(site, "content", "real", "a.md"), LinkInside},
		"content/rel-in":   {"real/a.md", LinkInside},
		"content/rel-out":  {"../../x", LinkOutside},
		"content/dangling": {"nothing-here", LinkInside},
		"content/loop":     {"loop", LinkLoop},
		"content/dir-link": {"real", LinkInside},
		"content/proc":     {"/proc/self/environ", LinkOutside},
		"content/ping":     {"pong", LinkLoop},
		"content/pong":     {"ping", LinkLoop},
	}
	for name, l := range links {
		must(t, os.Symlink(l.target, filepath.Join(site, filepath.FromSlash(name))))
	}
	must(t, os.Symlink("root@host.4711:1764576000", filepath.Join(site, "content", ".#a.md"))) // Emacs's lock: passed by
	must(t, syscall.Mkfifo(filepath.Join(site, "content", "pipe"), 0o644))
	fsys, err := Open(site)
	must(t, err)
	defer fsys.Close()

	if data, err := fs.ReadFile(fsys, "content/real/a.md"); err != nil || string(data) != "a" {
		t.Errorf("real file: %q, %v", data, err)
	}
	check := func(name string, kind Kind, err error) {
		t.Helper()
		var e *Error
		if !errors.As(err, &e) || e.Path != name || e.Kind != kind {
			t.Errorf("%s: got %v, want an Error of kind %d", name, err, kind)
		}
	}
	for name, l := range links {
		_, err := fs.ReadFile(fsys, name)
		check(name, l.kind, err)
		_, err = fs.Stat(fsys, name)
		check(name, l.kind, err)
	}
	_, err = fs.ReadFile(fsys, "content/dir-link/a.md") // through a linked folder
	check("content/dir-link", LinkInside, err)
	_, err = fs.ReadDir(fsys, "content/dir-link")
	check("content/dir-link", LinkInside, err)
	_, err = fs.ReadFile(fsys, "content/pipe") // would block without the check
	check("content/pipe", Special, err)

	if _, err := fs.ReadFile(fsys, "content/real/a.md/x"); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("a file as a folder: %v", err)
	}

	// A folder opened on its own refuses the same files, naming them by
	// their path in the site, and tells where links lead from the site.
	content, err := fsys.OpenDir("content")
	must(t, err)
	defer content.Close()
	for name, l := range links {
		_, err := fs.ReadFile(content, strings.TrimPrefix(name, "content/"))
		check(name, l.kind, err)
	}
	_, err = fs.ReadFile(content, "pipe")
	check("content/pipe", Special, err)
	if data, err := fs.ReadFile(content, "real/a.md"); err != nil || string(data) != "a" {
		t.Errorf("real file through the folder: %q, %v", data, err)
	}
	var pe *fs.PathError
	if _, err := content.Open("real/none.md"); !errors.As(err, &pe) || pe.Path != "content/real/none.md" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file through the folder: %v", err)
	}
	if _, err := fsys.OpenDir("content/dir-link"); !errors.As(err, new(*Error)) {
		t.Errorf("a linked folder opened on its own: %v", err)
	}

	walked := fsys.Check("content", "content/real")
	if len(walked) != len(links)+1 {
		t.Errorf("Check found %d, want %d: %v", len(walked), len(links)+1, walked)
	}
	for i := 1; i < len(walked); i++ {
		if walked[i-1].Path >= walked[i].Path {
			t.Errorf("Check not in path order: %s before %s", walked[i-1].Path, walked[i].Path)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
