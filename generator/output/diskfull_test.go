//go:build linux

package output

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// smallFS mounts a tmpfs of size bytes in a new folder, for tests of a
// full disk. It needs root (CI runs as root): elsewhere the test is
// skipped, unless CI is set, where it must run.
func smallFS(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0755", size), "tmpfs", dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("cannot mount a small tmpfs to fill (needs root): %v: %s", err, out)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// TestPublishDiskFull fills a small real file system at different points
// of a publish: while staging files, and when only the journal no longer
// fits. Each failed publish reports it and leaves the folder
// byte-identical to before; once there is room, the same publish works.
func TestPublishDiskFull(t *testing.T) {
	fsys := smallFS(t, 1<<20)
	dir := filepath.Join(fsys, "public")
	old := site(50, "old") // about 60 KB
	publish(t, dir, old, nil, Stats{Written: len(old)})
	before := treeHash(t, dir)
	failed := 0
	for _, n := range []int{1000, 700, 500, 400, 300, 200} {
		// Pages of about 1.2 KB each: a new site that does not fit
		// beside the old one until n is small.
		set := site(n, "new")
		fill := filepath.Join(fsys, "filler")
		_, err := Publish(t.Context(), dir, set, Options{})
		os.Remove(fill)
		if err == nil {
			// It fitted: put the old site back for the next round.
			publish(t, dir, old, nil, Stats{Written: len(old), Removed: n - 50})
			before = treeHash(t, dir)
			continue
		}
		failed++
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("%d pages: err = %v, want no space left", n, err)
		}
		if got := treeHash(t, dir); got != before {
			t.Errorf("%d pages: the failed publish (%v) changed the folder", n, err)
		}
	}
	if failed == 0 {
		t.Fatal("no publish filled the disk: the test sizes are wrong")
	}
	// The journal alone does not fit: everything staged, then full.
	set := site(50, "new")
	var st syscall.Statfs_t
	must(t, syscall.Statfs(fsys, &st))
	free := int64(st.Bavail) * int64(st.Bsize)
	// Leave room for the staged pages (one block each) but not much more.
	filler := free - int64(len(set)+8)*int64(st.Bsize)
	must(t, os.WriteFile(filepath.Join(fsys, "filler"), make([]byte, max(filler, 0)), 0o644))
	_, err := Publish(t.Context(), dir, set, Options{})
	if err != nil && treeHash(t, dir) != before {
		t.Errorf("a publish that failed near the end (%v) changed the folder", err)
	}
	must(t, os.Remove(filepath.Join(fsys, "filler")))
	if _, err := Publish(t.Context(), dir, set, Options{}); err != nil {
		t.Fatalf("with room again: %v", err)
	}
	if got, want := tree(t, dir), tree(t, writeFresh(t, set)); !slices.Equal(got, want) {
		t.Errorf("with room again the folder holds %d files, want %d", len(got), len(want))
	}
}
