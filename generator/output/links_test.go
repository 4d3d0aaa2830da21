//go:build unix

package output

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestPublishRefusesLinkedFolder: an output folder holding a link to a
// folder outside it (committed, or added by a pull request) is refused
// before anything is written, and nothing outside is written or removed,
// not even a file the manifest lists below the link.
func TestPublishRefusesLinkedFolder(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "keep"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, set := range map[string]Set{
		"write":  {"index.html": []byte("home"), "assets/app.js": []byte("js")},
		"remove": {"index.html": []byte("home")},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Symlink(outside, filepath.Join(dir, "assets")); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, Manifest), []byte("index.html\nassets/keep\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Publish(t.Context(), dir, set, Options{})
			var le *LinkError
			if !errors.As(err, &le) || le.Link != "assets" {
				t.Fatalf("Publish = %v, want a *LinkError naming assets", err)
			}
			if got := tree(t, outside); !slices.Equal(got, []string{"keep=precious"}) {
				t.Errorf("outside the output folder: %q, want only keep", got)
			}
			if _, err := os.Stat(filepath.Join(dir, "index.html")); err == nil {
				t.Error("index.html was written: the refusal must come before any change")
			}
		})
	}
}

// TestRecoverRefusesLinkedFolder: a journal (which a pull request could
// commit too) removing a file below a link is not rolled forward.
func TestRecoverRefusesLinkedFolder(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "keep"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "x")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, journalFile), []byte(`{"Removes":["x/keep"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var le *LinkError
	if _, err := Recover(dir); !errors.As(err, &le) {
		t.Fatalf("Recover = %v, want a *LinkError", err)
	}
	if got := tree(t, outside); !slices.Equal(got, []string{"keep=precious"}) {
		t.Errorf("outside the output folder: %q, want only keep", got)
	}
}

// TestLockRefusesLink: a link at the lock file's place is refused, and
// the file it leads to is neither written nor emptied.
func TestLockRefusesLink(t *testing.T) {
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(victim, filepath.Join(dir, LockFile)); err != nil {
		t.Fatal(err)
	}
	l, err := LockDir(t.Context(), dir, LockOptions{})
	if err == nil {
		l.Unlock()
		t.Fatal("LockDir took a lock through a symbolic link")
	}
	if data, _ := os.ReadFile(victim); string(data) != "precious" {
		t.Errorf("the file the link leads to holds %q, want it untouched", data)
	}
}
