package generator

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"time"

	"github.com/BurntSushi/toml"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/markdown"

	"github.com/statuspress/statuspress/themes"
)

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// shmDir returns a fresh folder in /dev/shm (tmpfs, where the build
// targets are set) when there is one, else in the test's temporary folder.
func shmDir(b *testing.B) string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		dir, err := os.MkdirTemp("/dev/shm", "statuspress-bench-")
		must(b, err)
		b.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}

// reportCPU reports the processor time per iteration since start, as
// cpu-ms/op: on a busy machine the ratio of two benchmarks' cpu-ms/op is
// the steadier figure (wall time also counts waiting for the cores).
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(sitetest.CPUTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// benchmarkBuild measures a cold build: a fresh Builder parses every file,
// renders every page and writes every file into an empty tmpfs folder.
func benchmarkBuild(b *testing.B, n int) {
	src := b.TempDir()
	sitetest.Synthetic(b, src, n)
	out := shmDir(b)
	opts := Options{Source: src, Dest: filepath.Join(out, "public"), Now: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), Theme: themes.Builtin()}
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		must(b, os.RemoveAll(opts.Dest))
		start := sitetest.CPUTime()
		b.StartTimer()
		if _, err := Build(b.Context(), opts); err != nil {
			b.Fatal(err)
		}
		cpu += sitetest.CPUTime() - start
	}
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func BenchmarkBuild1000(b *testing.B)   { benchmarkBuild(b, 1000) }
func BenchmarkBuild10000(b *testing.B)  { benchmarkBuild(b, 10000) }
func BenchmarkBuild100000(b *testing.B) { benchmarkBuild(b, 100000) }

// BenchmarkBaseline10000 is the irreducible work a build of 10,000
// incidents must do: list the folder, read every file, decode its TOML,
// render its Markdown and write one page each, at its address, on as many
// cores as the build and under the same garbage collector settings (the
// test binary's, as for the build). BenchmarkBuild10000 is measured
// against it, in the same run:
//
//	go test -run '^$' -bench 'Build10000$|Baseline10000$' -benchtime 3x -count 5 ./generator
func BenchmarkBaseline10000(b *testing.B)  { benchmarkBaseline(b, 10000) }
func BenchmarkBaseline100000(b *testing.B) { benchmarkBaseline(b, 100000) }

func benchmarkBaseline(b *testing.B, n int) {
	src := b.TempDir()
	sitetest.Synthetic(b, src, n)
	conv := markdown.New()
	dir := filepath.Join(src, "content", "incidents")
	out := shmDir(b)
	b.ResetTimer()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		must(b, os.RemoveAll(out))
		must(b, os.MkdirAll(out, 0o755))
		start := sitetest.CPUTime()
		b.StartTimer()
		entries, err := os.ReadDir(dir)
		must(b, err)
		var wg sync.WaitGroup
		next := make(chan string)
		errs := make([]error, runtime.GOMAXPROCS(0))
		for w := range errs {
			wg.Go(func() {
				for name := range next {
					if errs[w] == nil {
						errs[w] = baselinePage(conv, dir, out, name)
					}
				}
			})
		}
		for _, e := range entries {
			next <- e.Name()
		}
		close(next)
		wg.Wait()
		must(b, errors.Join(errs...))
		cpu += sitetest.CPUTime() - start
	}
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// baselinePage is the baseline's work for one incident file name in dir:
// its page in out.
func baselinePage(conv *markdown.Converter, dir, out, name string) error {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	front, body, _ := strings.Cut(strings.TrimPrefix(string(data), "+++\n"), "+++\n")
	var m map[string]any
	if _, err := toml.Decode(front, &m); err != nil {
		return err
	}
	page := conv.HTML(body)
	// One page at its address, as every site needs:
	// incidents/<slug>/index.html (plainly written, without the
	// temporary file and rename a safe publish uses).
	folder := filepath.Join(out, "incidents", strings.TrimSuffix(name, ".md"))
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(folder, "index.html"), []byte(page), 0o644)
}

// BenchmarkRender10000 measures the rendering stage alone: a warm Builder
// re-reads the files but parses none, then renders every page in memory.
func BenchmarkRender10000(b *testing.B) {
	src := b.TempDir()
	sitetest.Synthetic(b, src, 10000)
	builder := NewBuilder(Options{Source: src, Now: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), Theme: themes.Builtin()})
	if _, err := builder.Render(b.Context()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := builder.Render(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOneEdit10000 measures what a watch does after a save:
// one incident file of 10,000 changed, then a Build that re-parses it,
// re-renders the pages that show it and writes what changed. The files
// are dated an hour back, as a real site's files are.
func BenchmarkRebuildOneEdit10000(b *testing.B) {
	src := b.TempDir()
	sitetest.Synthetic(b, src, 10000)
	dir := filepath.Join(src, "content", "incidents")
	entries, err := os.ReadDir(dir)
	must(b, err)
	old := time.Now().Add(-time.Hour)
	for _, e := range entries {
		must(b, os.Chtimes(filepath.Join(dir, e.Name()), old, old))
	}
	builder := NewBuilder(Options{Source: src, Dest: filepath.Join(b.TempDir(), "public"), Now: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), Theme: themes.Builtin()})
	if _, err := builder.Build(b.Context()); err != nil {
		b.Fatal(err)
	}
	edited := filepath.Join(dir, entries[len(entries)/2].Name())
	data, err := os.ReadFile(edited)
	must(b, err)
	b.ResetTimer()
	start := sitetest.CPUTime()
	defer func() { reportCPU(b, start) }()
	for i := 0; b.Loop(); i++ {
		must(b, os.WriteFile(edited, fmt.Appendf(bytes.Clone(data), "\nEdit %d.\n", i), 0o644))
		builder.Changed([]string{"content/incidents/" + filepath.Base(edited)}) // as the watcher reports it
		res, err := builder.Build(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		if res.Parsed != 1 {
			b.Fatalf("parsed %d files, want 1", res.Parsed)
		}
	}
}
