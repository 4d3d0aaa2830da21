package output

import (
	"context"
	"crypto/sha256"
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

// treeHash hashes every file and folder under dir, statuspress's own
// files included, so that two calls differ when anything changed.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			fmt.Fprintf(h, "dir %s\n", rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "file %s %d\n", rel, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// site returns a set of n incident pages and the pages that list them,
// each page saying which version it belongs to.
func site(n int, version string) Set {
	set := Set{"index.html": []byte("home " + version), "feed.xml": []byte("feed " + version), "assets/style.css": []byte("css")}
	for i := range n {
		set[fmt.Sprintf("incidents/i%03d/index.html", i)] = []byte(strings.Repeat(version+" ", 200))
	}
	return set
}

// TestRecoverRollsForward stops a publish after each of its renames, as
// a kill -9 would, and checks that every file is whole and that the next
// publish, by another process, finishes the job: the folder is then
// exactly the new set.
func TestRecoverRollsForward(t *testing.T) {
	old := site(3, "old")
	old["gone/index.html"] = []byte("gone")
	old["status"] = []byte("a file that becomes a folder")
	set := site(4, "new")
	set["status/index.html"] = []byte("now a folder")
	want := tree(t, writeFresh(t, set))
	for stop := 0; ; stop++ {
		dir := t.TempDir()
		publish(t, dir, old, nil, Stats{Written: len(old)})
		s, err := Stage(t.Context(), dir, Options{})
		must(t, err)
		names := set.Paths()
		for _, name := range names {
			must(t, s.Put(name, set[name]))
		}
		j, _, err := s.plan(t.Context(), names)
		must(t, err)
		must(t, j.write(dir))
		if stop >= len(j.Renames) {
			break
		}
		for _, r := range j.Renames[:stop] {
			for _, c := range r.Clear {
				must(t, os.Remove(filepath.Join(dir, c)))
			}
			if len(r.Clear) > 0 {
				must(t, os.MkdirAll(filepath.Join(dir, filepath.Dir(r.Name)), 0o755))
			}
			must(t, os.Rename(filepath.Join(dir, r.Tmp), filepath.Join(dir, r.Name)))
		}
		// Killed here. The next publish, of the same set by a new process:
		st, err := Publish(t.Context(), dir, set, Options{})
		must(t, err)
		if st.Written != 0 || st.Removed != 0 {
			t.Errorf("stopped after %d renames: the next publish wrote %d and removed %d, want all done by the roll-forward", stop, st.Written, st.Removed)
		}
		if got := tree(t, dir); !slices.Equal(got, want) {
			t.Errorf("stopped after %d renames: the folder holds\n%q\nwant\n%q", stop, got, want)
		}
		if _, err := os.Stat(filepath.Join(dir, journalFile)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("stopped after %d renames: the journal is still there", stop)
		}
	}
}

// TestOrder: incident pages go in before the pages, feeds and API files
// that link to them, the home page last but for the manifest.
func TestOrder(t *testing.T) {
	var renames []rename
	for _, n := range []string{Manifest, "index.html", "api/v2/summary.json", "feed.xml", "components/mail/index.html", "incidents/a/index.html", "assets/app.js", "history/index.html"} {
		renames = append(renames, rename{Name: n})
	}
	var got []string
	for _, r := range order(renames) {
		got = append(got, r.Name)
	}
	want := []string{"assets/app.js", "incidents/a/index.html", "components/mail/index.html", "history/index.html", "api/v2/summary.json", "feed.xml", "index.html", Manifest}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

// TestRecoverDropsForeignJournal: a journal naming paths outside the
// folder, or renaming files that are not temporary, is dropped unused.
func TestRecoverDropsForeignJournal(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "keep")
	must(t, os.WriteFile(outside, []byte("keep"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "index.html"), []byte("home"), 0o644))
	for _, j := range []string{
		`{"Renames":[],"Removes":["../keep"]}`,
		`{"Renames":[{"Tmp":"index.html","Name":"x.html"}]}`,
		`not json`,
	} {
		must(t, os.WriteFile(filepath.Join(dir, journalFile), []byte(j), 0o644))
		if _, err := Recover(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, journalFile)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("journal %s was kept", j)
		}
	}
	if got := tree(t, dir); !slices.Equal(got, []string{"index.html=home"}) {
		t.Errorf("folder holds %q", got)
	}
}

// TestGuard: a publish that would remove most published incident pages
// is refused unless forced; a few, or half, are fine.
func TestGuard(t *testing.T) {
	const pattern = "incidents/*/index.html"
	for _, tc := range []struct {
		keep    int
		refused bool
	}{{20, false}, {10, false}, {9, true}, {0, true}} {
		dir := t.TempDir()
		publish(t, dir, site(20, "v"), nil, Stats{Written: 23})
		before := treeHash(t, dir)
		_, err := Publish(t.Context(), dir, site(tc.keep, "v"), Options{Protect: pattern})
		var removal *RemovalError
		if got := errors.As(err, &removal); got != tc.refused {
			t.Errorf("keeping %d of 20: refused = %v (%v), want %v", tc.keep, got, err, tc.refused)
		}
		if !tc.refused {
			continue
		}
		if removal.Removed != 20-tc.keep || removal.Published != 20 {
			t.Errorf("keeping %d of 20: %v", tc.keep, err)
		}
		if treeHash(t, dir) != before {
			t.Errorf("keeping %d of 20: a refused publish changed the folder", tc.keep)
		}
		if _, err := Publish(t.Context(), dir, site(tc.keep, "v"), Options{Protect: pattern, Force: true}); err != nil {
			t.Errorf("keeping %d of 20 with Force: %v", tc.keep, err)
		}
	}
	// Five may always go, even of six.
	dir := t.TempDir()
	publish(t, dir, site(6, "v"), nil, Stats{Written: 9})
	if _, err := Publish(t.Context(), dir, site(1, "v"), Options{Protect: pattern}); err != nil {
		t.Errorf("removing 5 of 6: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestLock: a second lock on a folder fails at once naming the holder,
// or waits for it, saying so once; a holder that ended without
// unlocking (killed) leaves a lock that is free and noticed.
func TestLock(t *testing.T) {
	dir := t.TempDir()
	first, err := LockDir(t.Context(), dir, LockOptions{Holder: "statuspress build"})
	must(t, err)
	_, err = LockDir(t.Context(), dir, LockOptions{})
	if want := fmt.Sprintf("PID %d (statuspress build)", os.Getpid()); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("second lock: err = %v, want one naming %s", err, want)
	}
	time.AfterFunc(200*time.Millisecond, func() { first.Unlock() })
	var told []string
	start := time.Now()
	second, err := LockDir(t.Context(), dir, LockOptions{Wait: 5 * time.Second, Waiting: func(h string) { told = append(told, h) }})
	must(t, err)
	if d := time.Since(start); d < 150*time.Millisecond || d > 2*time.Second {
		t.Errorf("waited %s for a lock released after 200ms", d)
	}
	if len(told) != 1 || !strings.Contains(told[0], "statuspress build") {
		t.Errorf("Waiting called with %q, want once with the holder", told)
	}
	if second.Stale != "" {
		t.Errorf("a lock unlocked cleanly looks stale: %q", second.Stale)
	}
	// Ended without Unlock: the system frees the lock, its text stays.
	second.f.Close()
	third, err := LockDir(t.Context(), dir, LockOptions{})
	must(t, err)
	if want := fmt.Sprintf("PID %d", os.Getpid()); third.Stale != want {
		t.Errorf("Stale = %q, want %q", third.Stale, want)
	}
	must(t, third.Unlock())
	// Stopped while waiting.
	fourth, err := LockDir(t.Context(), dir, LockOptions{})
	must(t, err)
	defer fourth.Unlock()
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if _, err := LockDir(ctx, dir, LockOptions{Wait: time.Minute}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a lock wait stopped by its context returned %v", err)
	}
}

// TestPublishFolderInTheWay: a folder statuspress did not make, where the
// new site has a file, fails the publish before any rename, naming it,
// instead of half way through.
func TestPublishFolderInTheWay(t *testing.T) {
	dir := t.TempDir()
	publish(t, dir, site(3, "old"), nil, Stats{Written: 6})
	must(t, os.MkdirAll(filepath.Join(dir, "news.html", "mine"), 0o755))
	before := treeHash(t, dir)
	set := site(3, "new")
	set["news.html"] = []byte("news")
	_, err := Publish(t.Context(), dir, set, Options{})
	if err == nil || !strings.Contains(err.Error(), "news.html is a folder that statuspress did not make") {
		t.Errorf("err = %v, want one naming the folder", err)
	}
	if treeHash(t, dir) != before {
		t.Error("the failed publish changed the folder")
	}
}
