package output

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestFirstPublishRenamesFolders: into an empty folder, a site of many
// incident pages is put in place by a rename per top folder, not per
// file, and a new incident of a published site by one rename of its own
// folder.
func TestFirstPublishRenamesFolders(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	set := site(200, "v1")
	s, err := Stage(t.Context(), dir, Options{})
	must(t, err)
	names := set.Paths()
	for _, name := range names {
		must(t, s.Put(name, set[name]))
	}
	j, _, err := s.plan(t.Context(), names)
	must(t, err)
	var got []string
	for _, r := range j.Renames {
		got = append(got, r.Name)
	}
	if want := []string{"assets", "incidents", "feed.xml", "index.html", Manifest}; !slices.Equal(got, want) {
		t.Errorf("renames %q, want %q", got, want)
	}
	s.Discard()
	if got := tree(t, dir); len(got) != 0 {
		t.Errorf("a discarded first publish left %q", got)
	}

	publish(t, dir, set, nil, Stats{Written: len(set)})
	next := site(201, "v1")
	s, err = Stage(t.Context(), dir, Options{Published: set.Paths()})
	must(t, err)
	must(t, s.Put("incidents/i200/index.html", next["incidents/i200/index.html"]))
	j, st, err := s.plan(t.Context(), next.Paths())
	must(t, err)
	if len(j.Renames) != 2 || j.Renames[0].Name != "incidents/i200" || j.Renames[1].Name != Manifest {
		t.Errorf("renames %+v, want the new folder and the manifest", j.Renames)
	}
	if st != (Stats{Written: 1, Unchanged: len(set)}) {
		t.Errorf("stats %+v", st)
	}
	s.Discard()
	publish(t, dir, next, set, Stats{Written: 1, Unchanged: len(set)})
}

// TestStagingDiscard: whatever was staged, in new folders and beside
// published files, Discard leaves the folder byte for byte as it was.
func TestStagingDiscard(t *testing.T) {
	for _, trusted := range []bool{false, true} {
		dir := t.TempDir()
		old := site(5, "old")
		publish(t, dir, old, nil, Stats{Written: len(old)})
		before := treeHash(t, dir)
		opts := Options{}
		if trusted {
			opts.Published = old.Paths()
		}
		s, err := Stage(t.Context(), dir, opts)
		must(t, err)
		for name, data := range site(9, "new") {
			must(t, s.Put(name, data))
		}
		must(t, s.Put("status/deep/index.html", []byte("new folders")))
		s.Discard()
		if treeHash(t, dir) != before {
			t.Errorf("trusted %v: Discard changed the folder", trusted)
		}
	}
}

// TestStagingHas: without Published, Has answers from the disk, by size
// and hash; with it, it trusts the caller.
func TestStagingHas(t *testing.T) {
	dir := t.TempDir()
	set := site(2, "v")
	publish(t, dir, set, nil, Stats{Written: len(set)})
	home := set["index.html"]
	s, err := Stage(t.Context(), dir, Options{})
	must(t, err)
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"index.html", home, true},
		{"index.html", []byte("home w"), false}, // same size, other bytes
		{"index.html", []byte("home v2"), false},
		{"missing.html", home, false},
	} {
		if got := s.Has(tc.name, sha256.Sum256(tc.data), int64(len(tc.data))); got != tc.want {
			t.Errorf("Has(%s, %q) = %v, want %v", tc.name, tc.data, got, tc.want)
		}
	}
	must(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte("edited"), 0o644))
	s, err = Stage(t.Context(), dir, Options{Published: set.Paths()})
	must(t, err)
	if !s.Has("index.html", sha256.Sum256(home), int64(len(home))) {
		t.Error("with Published, Has looked at the disk")
	}
}

// TestLockAbandon: a build that made the output folder and published
// nothing leaves no folder; in a folder that was there, only the lock's
// hold goes.
func TestLockAbandon(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "a", "public")
	l, err := LockDir(t.Context(), dir, LockOptions{})
	must(t, err)
	must(t, l.Abandon())
	if _, err := os.Stat(filepath.Join(parent, "a")); !os.IsNotExist(err) {
		t.Errorf("the folders the lock made are still there: %v", err)
	}
	dir = t.TempDir()
	l, err = LockDir(t.Context(), dir, LockOptions{})
	must(t, err)
	must(t, l.Abandon())
	if _, err := os.Stat(filepath.Join(dir, LockFile)); err != nil {
		t.Errorf("the lock file of a folder that was there: %v", err)
	}
	l, err = LockDir(t.Context(), dir, LockOptions{})
	must(t, err)
	must(t, l.Unlock())

	// A build waiting for one that abandons a folder it made locks the
	// folder again, and only it holds the lock.
	dir = filepath.Join(parent, "b", "public")
	first, err := LockDir(t.Context(), dir, LockOptions{})
	must(t, err)
	locked := make(chan *Lock)
	go func() {
		l, err := LockDir(t.Context(), dir, LockOptions{Wait: 5 * time.Second})
		if err != nil {
			t.Error(err)
		}
		locked <- l
	}()
	time.Sleep(2 * pollEvery)
	must(t, first.Abandon())
	second := <-locked
	if second == nil {
		t.FailNow()
	}
	defer second.Unlock()
	if _, err := LockDir(t.Context(), dir, LockOptions{}); err == nil {
		t.Error("two builds hold the lock of one folder")
	}
}
