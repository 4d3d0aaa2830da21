package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// tree lists the files under dir as "path=content", sorted, and fails on
// any temporary file left behind.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), tmpPrefix) {
			t.Errorf("temporary file left behind: %s", p)
		}
		if d.IsDir() || d.Name() == Manifest {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel)+"="+string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func dirs(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func publish(t *testing.T, dir string, set, prev Set, want Stats) {
	t.Helper()
	st, err := Publish(t.Context(), dir, set, Options{Prev: prev})
	if err != nil {
		t.Fatal(err)
	}
	if st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	var files []string
	for _, p := range set.Paths() {
		files = append(files, p+"="+string(set[p]))
	}
	if got := tree(t, dir); !slices.Equal(got, files) {
		t.Errorf("on disk:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(files, "\n"))
	}
}

// stat returns the file's info after setting its modification time far in
// the past, so that any rewrite shows in the mtime as well as the inode.
func aged(t *testing.T, dir, name string) os.FileInfo {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// untouched fails unless name is the same file (inode) with the same
// modification time as before.
func untouched(t *testing.T, dir, name string, before os.FileInfo) {
	t.Helper()
	fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, fi) || !fi.ModTime().Equal(before.ModTime()) {
		t.Errorf("%s was rewritten", name)
	}
}

func rewritten(t *testing.T, dir, name string, before os.FileInfo) {
	t.Helper()
	fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, fi) {
		t.Errorf("%s was changed in place, not replaced by a rename", name)
	}
}

func TestPaths(t *testing.T) {
	s := Set{"b": nil, "a/b": nil, "a": nil}
	if got := s.Paths(); !slices.Equal(got, []string{"a", "a/b", "b"}) {
		t.Errorf("Paths() = %v", got)
	}
}

func TestPublishFresh(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public") // Publish creates it
	publish(t, dir, Set{
		"index.html":             []byte("home"),
		"incidents/a/index.html": []byte("a"),
		"css/site.css":           []byte("css"),
	}, nil, Stats{Written: 3})
}

func TestPublishUnchangedNotRewritten(t *testing.T) {
	dir := t.TempDir()
	set := Set{"index.html": []byte("home"), "incidents/a/index.html": []byte("a"), "feed.xml": []byte("feed")}
	publish(t, dir, set, nil, Stats{Written: 3})
	home, a, feed := aged(t, dir, "index.html"), aged(t, dir, "incidents/a/index.html"), aged(t, dir, "feed.xml")

	next := Set{"index.html": []byte("home"), "incidents/a/index.html": []byte("a, updated"), "feed.xml": []byte("feed")}
	publish(t, dir, next, nil, Stats{Written: 1, Unchanged: 2})
	untouched(t, dir, "index.html", home)
	untouched(t, dir, "feed.xml", feed)
	rewritten(t, dir, "incidents/a/index.html", a)
}

func TestPublishRemovesVanished(t *testing.T) {
	dir := t.TempDir()
	publish(t, dir, Set{
		"index.html":                  []byte("home"),
		"incidents/a/index.html":      []byte("a"),
		"incidents/a/event.ics":       []byte("ics"),
		"incidents/b/index.html":      []byte("b"),
		"components/api/deep/x.json":  []byte("x"),
		"components/api/feed.xml":     []byte("f"),
		"components/mail/deep/y.json": []byte("y"),
	}, nil, Stats{Written: 7})
	publish(t, dir, Set{
		"index.html":              []byte("home"),
		"incidents/b/index.html":  []byte("b"),
		"components/api/feed.xml": []byte("f"),
	}, nil, Stats{Unchanged: 3, Removed: 4})
	if got, want := dirs(t, dir), []string{"components", "components/api", "incidents", "incidents/b"}; !slices.Equal(got, want) {
		t.Errorf("folders %v, want %v (empty ones removed)", got, want)
	}
	publish(t, dir, Set{}, nil, Stats{Removed: 3})
	if got := dirs(t, dir); len(got) != 0 {
		t.Errorf("folders %v left, want none", got)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("the output folder itself must stay: %v", err)
	}
}

// TestPublishCleansCrash simulates a publish that died between creating
// its temporary files and renaming them: the next publish removes them.
func TestPublishCleansCrash(t *testing.T) {
	dir := t.TempDir()
	set := Set{"index.html": []byte("home"), "incidents/a/index.html": []byte("a")}
	publish(t, dir, set, nil, Stats{Written: 2})
	for _, p := range []string{tmpPrefix + "0123456789ab", "incidents/a/" + tmpPrefix + "half"} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte("half a fi"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	publish(t, dir, set, nil, Stats{Unchanged: 2}) // tree() fails on any temporary file
}

// TestPublishPrevFastPath checks that, given the set it published last,
// Publish trusts it instead of reading files back: a file changed on disk
// behind its back but equal in prev is left alone, and only what differs
// from prev is written or removed.
func TestPublishPrevFastPath(t *testing.T) {
	dir := t.TempDir()
	set := Set{"index.html": []byte("home"), "a.html": []byte("a"), "b.html": []byte("b")}
	publish(t, dir, set, nil, Stats{Written: 3})
	if err := os.WriteFile(filepath.Join(dir, "a.html"), []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	home := aged(t, dir, "index.html")
	st, err := Publish(t.Context(), dir, Set{"index.html": []byte("home"), "a.html": []byte("a"), "b.html": []byte("b")}, Options{Prev: set})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Unchanged: 3}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	untouched(t, dir, "index.html", home)
	if got, _ := os.ReadFile(filepath.Join(dir, "a.html")); string(got) != "edited by hand" {
		t.Errorf("a.html = %q: with prev, Publish should not have read or rewritten it", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.html"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A change relative to prev is written, a path gone from it removed.
	next := Set{"index.html": []byte("home 2"), "a.html": []byte("a"), "c.html": []byte("c")}
	publish(t, dir, next, set, Stats{Written: 2, Unchanged: 1, Removed: 1})
	a := aged(t, dir, "a.html")
	publish(t, dir, next, next, Stats{Unchanged: 3})
	untouched(t, dir, "a.html", a)
}

// TestPublishFileBecomesFolder covers a path that changes from a file to a
// folder and back between builds.
func TestPublishFileBecomesFolder(t *testing.T) {
	dir := t.TempDir()
	publish(t, dir, Set{"status": []byte("file")}, nil, Stats{Written: 1})
	publish(t, dir, Set{"status/index.html": []byte("page")}, nil, Stats{Written: 1, Removed: 1})
	publish(t, dir, Set{"status": []byte("file")}, nil, Stats{Written: 1, Removed: 1})
}

// TestPublishKeepsGit checks that an output folder that is a git checkout
// (a gh-pages worktree) keeps its .git.
func TestPublishKeepsGit(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".git", "objects"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref: refs/heads/gh-pages\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", ".git"), []byte("gitdir: ../x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := Publish(t.Context(), dir+string(filepath.Separator), Set{"index.html": []byte("home")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 1}) {
		t.Errorf("stats %+v, want one file written", st)
	}
	for _, p := range []string{".git/HEAD", "sub/.git"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}

func TestPublishError(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Publish(t.Context(), filepath.Join(blocker, "public"), Set{"index.html": nil}, Options{}); err == nil || !strings.HasPrefix(err.Error(), "publish: ") {
		t.Errorf("publishing under a file: err = %v, want a publish: error", err)
	}
}

// TestPublishKeepsForeignFiles: files statuspress did not write (a CNAME
// for GitHub Pages, the site's own sources when the output folder is
// pointed at them) survive every publish; files it wrote and no longer
// makes are removed, also by a new process that reads the manifest.
func TestPublishKeepsForeignFiles(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "CNAME"), []byte("status.example.com"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "content"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "content", "site.toml"), []byte("title = 1"), 0o644))
	_, err := Publish(t.Context(), dir, Set{"index.html": []byte("a"), "old/index.html": []byte("b")}, Options{})
	must(err)
	st, err := Publish(t.Context(), dir, Set{"index.html": []byte("a2")}, Options{}) // a new process: no prev
	must(err)
	if st.Removed != 1 {
		t.Errorf("removed %d files, want 1 (old/index.html)", st.Removed)
	}
	got := tree(t, dir)
	want := []string{"CNAME=status.example.com", "content/site.toml=title = 1", "index.html=a2"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("on disk: %q, want %q", got, want)
	}
}

// TestPublishCancelled stops publishes before and while they stage
// their files, with and without prev: the folder stays exactly as it
// was, with no temporary file, and the next publish ends with exactly the
// set.
func TestPublishCancelled(t *testing.T) {
	for _, withPrev := range []bool{false, true} {
		for _, early := range []bool{true, false} {
			dir := t.TempDir()
			old := Set{"gone.html": []byte("old only")}
			set := Set{}
			for i := range 500 {
				name := fmt.Sprintf("p%04d/index.html", i)
				old[name] = []byte("old")
				set[name] = []byte("new")
			}
			publish(t, dir, old, nil, Stats{Written: len(old)})
			before := tree(t, dir)
			manifest, _ := os.ReadFile(filepath.Join(dir, Manifest))
			prev := Set(nil)
			if withPrev {
				prev = old
			}
			ctx, cancel := context.WithCancel(context.Background())
			if early {
				cancel()
			} else {
				time.AfterFunc(time.Millisecond, cancel)
			}
			_, err := Publish(ctx, dir, set, Options{Prev: prev})
			cancel()
			if err == nil {
				// The cancel came after the last look: everything is new.
				if got, want := tree(t, dir), tree(t, writeFresh(t, set)); !slices.Equal(got, want) {
					t.Errorf("prev %v, early %v: a publish that returned nil left %d files, want %d", withPrev, early, len(got), len(want))
				}
				continue
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("prev %v, early %v: cancelled publish returned %v", withPrev, early, err)
			}
			if got := tree(t, dir); !slices.Equal(got, before) {
				t.Errorf("prev %v, early %v: a cancelled publish changed the folder", withPrev, early)
			}
			if now, _ := os.ReadFile(filepath.Join(dir, Manifest)); string(now) != string(manifest) {
				t.Errorf("prev %v, early %v: a cancelled publish changed the manifest", withPrev, early)
			}
			if _, err := Publish(t.Context(), dir, set, Options{}); err != nil {
				t.Fatal(err)
			}
			if got, want := tree(t, dir), tree(t, writeFresh(t, set)); !slices.Equal(got, want) {
				t.Errorf("prev %v, early %v: after the next publish the folder holds %d files, want %d", withPrev, early, len(got), len(want))
			}
		}
	}
}

// writeFresh publishes set into a new folder.
func writeFresh(t *testing.T, set Set) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := Publish(t.Context(), dir, set, Options{}); err != nil {
		t.Fatal(err)
	}
	return dir
}
