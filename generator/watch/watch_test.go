package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// harness runs a watch over a fresh site folder and hands each batch
// built to the test.
type harness struct {
	t       *testing.T
	src     string
	batches chan []string
	running atomic.Int32
	overlap atomic.Bool
	delay   time.Duration
}

func newHarness(t *testing.T, opts Options, delay time.Duration) *harness {
	t.Helper()
	src := t.TempDir()
	for _, dir := range []string{"content/incidents", "themes/default/templates"} {
		must(t, os.MkdirAll(filepath.Join(src, filepath.FromSlash(dir)), 0o755))
	}
	return startHarness(t, src, opts, delay)
}

// startHarness runs a watch over the site folder src.
func startHarness(t *testing.T, src string, opts Options, delay time.Duration) *harness {
	t.Helper()
	h := &harness{t: t, src: src, batches: make(chan []string, 100), delay: delay}
	opts.Source = h.src
	opts.Build = func(changed []string) error {
		if h.running.Add(1) > 1 {
			h.overlap.Store(true)
		}
		time.Sleep(h.delay) // a slow build, to test that builds never overlap
		h.running.Add(-1)
		h.batches <- changed
		return nil
	}
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, opts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	return h
}

func (h *harness) path(rel string) string { return filepath.Join(h.src, filepath.FromSlash(rel)) }

func (h *harness) mkdir(rel string) {
	h.t.Helper()
	if err := os.MkdirAll(h.path(rel), 0o755); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) write(rel, data string) {
	h.t.Helper()
	if err := os.WriteFile(h.path(rel), []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// next returns the next batch built, failing after a generous timeout.
func (h *harness) next() []string {
	h.t.Helper()
	select {
	case b := <-h.batches:
		return b
	case <-time.After(5 * time.Second):
		h.t.Fatal("no build within 5s")
		return nil
	}
}

// until returns the batches built up to and including the first that
// holds rel.
func (h *harness) until(rel string) [][]string {
	h.t.Helper()
	var all [][]string
	for {
		b := h.next()
		all = append(all, b)
		if slices.Contains(b, rel) {
			return all
		}
	}
}

// quiet fails if a build starts within d.
func (h *harness) quiet(d time.Duration) {
	h.t.Helper()
	select {
	case b := <-h.batches:
		h.t.Errorf("another build, of %d paths from %s", len(b), b[0])
	case <-time.After(d):
	}
}

func TestBurstIsOneBuild(t *testing.T) {
	h := newHarness(t, Options{}, 0) // the defaults, as statuspress uses them
	// Many files at once, as an unzip or a copy writes them.
	var want []string
	var gap time.Duration // the longest pause between two writes
	last := time.Now()
	for i := range 500 {
		name := fmt.Sprintf("content/incidents/i%03d.md", i)
		h.write(name, "x")
		want = append(want, name)
		gap, last = max(gap, time.Since(last)), time.Now()
	}
	got := h.next()
	if !slices.Equal(got, want) && gap >= DefaultDebounce {
		// Writes that pause for the debounce time are promised nothing.
		t.Skipf("%d of %d paths in the first batch, but the machine paused the writes for %v, longer than the debounce %v: too busy to tell", len(got), len(want), gap.Round(time.Millisecond), DefaultDebounce)
	}
	if !slices.Equal(got, want) {
		t.Errorf("batch of %d paths, want the %d written", len(got), len(want))
	}
	h.quiet(100 * time.Millisecond)
}

func TestVimSaveIsOneBuild(t *testing.T) {
	h := newHarness(t, Options{}, 0)
	h.write("content/incidents/a.md", "one")
	h.next()
	// vim with backupcopy=no: probe with 4913, move the file to a backup,
	// write a new file, drop the backup; a swap file changes meanwhile.
	h.write("content/incidents/4913", "")
	must(t, os.Remove(h.path("content/incidents/4913")))
	h.write("content/incidents/.a.md.swp", "swap")
	must(t, os.Rename(h.path("content/incidents/a.md"), h.path("content/incidents/a.md~")))
	h.write("content/incidents/a.md", "two")
	must(t, os.Remove(h.path("content/incidents/a.md~")))
	got := h.next()
	if want := []string{"content/incidents/a.md"}; !slices.Equal(got, want) {
		t.Errorf("batch = %q, want %q", got, want)
	}
	h.quiet(100 * time.Millisecond)
}

func TestNoiseIsDropped(t *testing.T) {
	h := newHarness(t, Options{}, 0)
	h.write("content/incidents/a.md", "one")
	h.next()
	// A change of mode, an Emacs lock, a file outside content/ and themes/:
	// none of them may build. The fence write shows what did.
	must(t, os.Chmod(h.path("content/incidents/a.md"), 0o600))
	h.write("content/incidents/.#a.md", "lock")
	h.write("notes.txt", "x")
	h.write("content/incidents/fence.md", "x")
	if got, want := h.next(), []string{"content/incidents/fence.md"}; !slices.Equal(got, want) {
		t.Errorf("batch = %q, want %q", got, want)
	}
}

func TestOutputFolderIsDropped(t *testing.T) {
	src := t.TempDir()
	dest := filepath.Join(src, "content", "out")
	must(t, os.MkdirAll(filepath.Join(dest, "deep"), 0o755))
	must(t, os.MkdirAll(filepath.Join(src, "content", "incidents"), 0o755))
	batches := make(chan []string, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Source: src, Dest: dest, Debounce: 20 * time.Millisecond,
			Build: func(c []string) error { batches <- c; return nil }, Ready: func() { close(ready) }})
	}()
	<-ready
	must(t, os.WriteFile(filepath.Join(dest, "deep", "index.html"), []byte("x"), 0o644))
	must(t, os.WriteFile(filepath.Join(src, "content", "incidents", "fence.md"), []byte("x"), 0o644))
	select {
	case got := <-batches:
		if want := []string{"content/incidents/fence.md"}; !slices.Equal(got, want) {
			t.Errorf("batch = %q, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no build")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestNewSubfolderIsWatched(t *testing.T) {
	h := newHarness(t, Options{}, 0)
	h.mkdir("themes/default/templates/partials/deeper")
	h.until("themes/default/templates/partials")
	h.write("themes/default/templates/partials/deeper/x.html", "x")
	h.until("themes/default/templates/partials/deeper/x.html")
}

func TestBuildsNeverOverlapAndMaxWaitBounds(t *testing.T) {
	h := newHarness(t, Options{Debounce: 40 * time.Millisecond, MaxWait: 100 * time.Millisecond}, 60*time.Millisecond)
	// A steady stream, one write every 10ms for 600ms, never quiet for the
	// debounce time: only the maximum wait can start builds meanwhile.
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for i := range 60 {
		<-tick.C
		h.write("content/incidents/a.md", string(rune('a'+i%26)))
	}
	h.write("content/incidents/last.md", "x")
	all := h.until("content/incidents/last.md")
	if len(all) < 3 {
		t.Errorf("%d builds during a 600ms stream with a 100ms maximum wait, want at least 3", len(all))
	}
	if h.overlap.Load() {
		t.Error("two builds ran at once")
	}
}

func TestContentFolderVanishesAndComesBack(t *testing.T) {
	h := newHarness(t, Options{}, 0)
	h.write("content/incidents/a.md", "x")
	h.until("content/incidents/a.md")
	// A branch switch: the folder goes away, then comes back with new
	// subfolders; edits inside it must still be seen.
	must(t, os.RemoveAll(h.path("content")))
	h.until("content")
	h.mkdir("content/incidents")
	h.write("content/incidents/b.md", "x")
	h.until("content")
	h.write("content/incidents/c.md", "x")
	h.until("content/incidents/c.md")
	// And once more by a rename, as some tools do.
	must(t, os.Rename(h.path("content"), h.path("content.old")))
	h.until("content")
	must(t, os.Rename(h.path("content.old"), h.path("content")))
	h.until("content")
	h.write("content/incidents/d.md", "x")
	h.until("content/incidents/d.md")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
