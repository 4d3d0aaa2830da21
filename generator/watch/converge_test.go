package watch_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/watch"
	"github.com/statuspress/statuspress/generator/watch/internal/testsite"
	"github.com/statuspress/statuspress/themes"
)

// site is a running watch over a test site, building with a real
// generator.Builder into dest.
type site struct {
	t       *testing.T
	src     string
	dest    string
	results chan watch.Result
}

// startSite builds a test site and starts a watch that rebuilds it as
// statuspress watch does: it gives the Builder the changed paths, so that
// it does not stat the other incident files. With full set, it leaves
// that out and every build checks every file. The maximum wait is short,
// so that a long stream of changes builds often.
func startSite(t *testing.T, incidents map[string]string, full bool) *site {
	t.Helper()
	s := &site{t: t, src: t.TempDir(), results: make(chan watch.Result, 1000)}
	s.dest = filepath.Join(t.TempDir(), "public")
	testsite.Write(t, s.src, true, incidents)
	b := generator.NewBuilder(s.options(s.dest))
	if _, err := b.Build(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- watch.Run(ctx, watch.Options{
			Source: s.src, Dest: s.dest, MaxWait: 200 * time.Millisecond,
			Build: func(changed []string) error {
				if !full {
					b.Changed(changed)
				}
				_, err := b.Build(ctx)
				return err
			},
			Report: func(r watch.Result) { s.results <- r },
			Ready:  func() { close(ready) },
		})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	<-ready
	return s
}

// options builds s into dest. Force: a storm removes most incidents at
// times, on purpose.
func (s *site) options(dest string) generator.Options {
	return generator.Options{Source: s.src, Dest: dest, Now: testsite.Now(), Theme: themes.Builtin(), Force: true}
}

func (s *site) path(rel string) string { return filepath.Join(s.src, filepath.FromSlash(rel)) }

func (s *site) write(rel, text string) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Dir(s.path(rel)), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(s.path(rel), []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// next returns the result of the next build.
func (s *site) next() watch.Result {
	s.t.Helper()
	select {
	case r := <-s.results:
		return r
	case <-time.After(10 * time.Second):
		s.t.Fatal("no build within 10s")
		return watch.Result{}
	}
}

// waitFor returns the result of the first build whose batch holds rel.
func (s *site) waitFor(rel string) watch.Result {
	s.t.Helper()
	for {
		if r := s.next(); slices.Contains(r.Changed, rel) {
			return r
		}
	}
}

func sameTree(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("missing %s", name)
		} else if !bytes.Equal(g, w) {
			t.Errorf("%s differs from a clean build", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("extra file %s", name)
		}
	}
}

// TestStormConverges edits, creates, renames and deletes files at random,
// valid and invalid, while the watch rebuilds, then checks that the output
// is byte for byte a clean build of what is left: once with the changed
// paths given to the Builder, as statuspress watch and serve do, and once
// with every build checking every file.
func TestStormConverges(t *testing.T) {
	t.Run("changed paths", func(t *testing.T) { storm(t, false) })
	t.Run("full scan", func(t *testing.T) { storm(t, true) })
}

func storm(t *testing.T, full bool) {
	initial := map[string]string{}
	for i := range 10 {
		initial[fmt.Sprintf("inc-%02d", i)] = testsite.Incident(fmt.Sprintf("Incident %d", i), i, "First report.")
	}
	s := startSite(t, initial, full)
	rng := rand.New(rand.NewPCG(4, 2026))
	live := slices.Sorted(func(yield func(string) bool) {
		for slug := range initial {
			if !yield(slug) {
				return
			}
		}
	})
	next := 100
	pick := func() int { return rng.IntN(len(live)) }
	file := func(slug string) string { return "content/incidents/" + slug + ".md" }
	stop := time.After(2 * time.Second)
	ops := 0
	for stopped := false; !stopped && ops < 400; {
		select {
		case <-stop:
			stopped = true
		default:
		}
		ops++
		switch op := rng.IntN(10); {
		case op < 3 && len(live) > 0: // edit in place
			slug := live[pick()]
			s.write(file(slug), testsite.Incident("Edited "+slug, rng.IntN(20), fmt.Sprintf("Update %d.", ops)))
		case op < 4 && len(live) > 0: // a broken intermediate save
			s.write(file(live[pick()]), testsite.Invalid("half saved", rng.IntN(2) == 0))
		case op < 5: // create
			slug := fmt.Sprintf("new-%03d", next)
			next++
			s.write(file(slug), testsite.Incident("New "+slug, rng.IntN(20), "Created."))
			live = append(live, slug)
		case op < 6 && len(live) > 0: // rename
			i := pick()
			slug := fmt.Sprintf("moved-%03d", next)
			next++
			check(t, os.Rename(s.path(file(live[i])), s.path(file(slug))))
			live[i] = slug
		case op < 7 && len(live) > 1: // delete
			i := pick()
			check(t, os.Remove(s.path(file(live[i]))))
			live = slices.Delete(live, i, i+1)
		case op < 8 && len(live) > 0: // vim: write a temporary file, rename it over
			slug := live[pick()]
			s.write("content/incidents/.tmp-"+slug, testsite.Incident("Renamed over "+slug, 1, "Saved by rename."))
			check(t, os.Rename(s.path("content/incidents/.tmp-"+slug), s.path(file(slug))))
		case op < 9: // editor noise
			s.write("content/incidents/4913", "")
			s.write("content/incidents/.#x.md", "lock")
			_ = os.Remove(s.path("content/incidents/4913"))
		default: // a new folder and a file in it, which the loader ignores
			s.write(fmt.Sprintf("content/incidents/sub-%d/notes.md", ops), "notes")
		}
		if rng.IntN(4) == 0 {
			time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond) // let some builds start mid-storm
		}
	}
	// Leave every file valid, so that the final content builds.
	for _, slug := range live {
		s.write(file(slug), testsite.Incident("Final "+slug, 2, "Final text."))
	}
	// The build that sees the fence started after every earlier change.
	s.write(file("zz-fence"), testsite.Incident("Fence", 1, "Fence."))
	builds, hinted := 0, 0
	for {
		r := s.next()
		builds++
		if !slices.ContainsFunc(r.Changed, func(p string) bool { return !strings.HasSuffix(p, ".md") || strings.Count(p, "/") != 2 }) {
			hinted++ // only incident files changed: the Builder stats no other
		}
		if slices.Contains(r.Changed, file("zz-fence")) {
			if r.Err != nil {
				t.Fatalf("final build failed: %v", r.Err)
			}
			break
		}
	}
	t.Logf("%d operations, %d builds, %d of them of incident files only", ops, builds, hinted)
	clean := filepath.Join(t.TempDir(), "clean")
	if _, err := generator.Build(t.Context(), s.options(clean)); err != nil {
		t.Fatal(err)
	}
	sameTree(t, sitetest.Tree(t, s.dest), sitetest.Tree(t, clean))
}

// TestFailedBuildKeepsOutput checks that a broken file, or the content
// folder vanishing for a branch switch, leaves the output as it was, and
// that the next good build brings the new site.
func TestFailedBuildKeepsOutput(t *testing.T) {
	s := startSite(t, map[string]string{"a": testsite.Incident("Alpha", 1, "One.")}, false)
	before := sitetest.Tree(t, s.dest)

	s.write("content/incidents/a.md", testsite.Invalid("Alpha", true))
	if r := s.waitFor("content/incidents/a.md"); r.Err == nil {
		t.Fatal("a broken file built")
	}
	sameTree(t, sitetest.Tree(t, s.dest), before)

	check(t, os.Rename(s.path("content"), s.path("content.away")))
	if r := s.waitFor("content"); r.Err == nil {
		t.Fatal("a site without content/ built")
	}
	sameTree(t, sitetest.Tree(t, s.dest), before)
	check(t, os.Rename(s.path("content.away"), s.path("content")))
	s.waitFor("content")
	s.write("content/incidents/a.md", testsite.Incident("Alpha fixed", 1, "Two."))
	if r := s.waitFor("content/incidents/a.md"); r.Err != nil {
		t.Fatal(r.Err)
	}
	page, err := os.ReadFile(filepath.Join(s.dest, "incidents", "a", "index.html"))
	if err != nil || !bytes.Contains(page, []byte("Alpha fixed")) {
		t.Fatalf("fixed page not published: %v\n%s", err, page)
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
