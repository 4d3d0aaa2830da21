package generator

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"time"

	"github.com/BurntSushi/toml"
	"github.com/statuspress/statuspress/generator/markdown"

	"github.com/statuspress/statuspress/themes"
)

// writeSynthetic writes a deterministic site of n incidents under dir,
// shaped like ../shared/bench/gencorpus.py: twelve components, 1-3 in
// scope, 2-6 updates each, some Japanese, ~5% maintenance, a few open.
func writeSynthetic(tb testing.TB, dir string, n int) {
	tb.Helper()
	comps := []string{"api", "web", "auth", "db", "mail", "webhooks", "cdn", "forms", "dashboard", "reports", "search", "billing"}
	var site strings.Builder
	site.WriteString("title = \"Bench Status\"\nbase_url = \"https://status.example.com/\"\nlanguage = \"en\"\ntimezone = \"Asia/Tokyo\"\n")
	for i, c := range comps {
		fmt.Fprintf(&site, "\n[[components]]\nid = %q\nname = %q\ngroup = \"G%d\"\n", c, strings.ToUpper(c), i%3)
	}
	must(tb, os.MkdirAll(filepath.Join(dir, "content", "incidents"), 0o755))
	must(tb, os.WriteFile(filepath.Join(dir, "content", "site.toml"), []byte(site.String()), 0o644))
	rnd := rand.New(rand.NewPCG(1, 2))
	jst := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, jst)
	texts := []string{"We are investigating reports of elevated error rates.", "A fix has been deployed and we are monitoring the results.",
		"エラー率の上昇について調査を開始しました。", "Traffic has been moved to a healthy region.", "原因はストレージノードの障害と判明しました。"}
	for i := range n {
		start := now.Add(-time.Duration(60+rnd.IntN(3*365*24*60)) * time.Minute)
		maint := rnd.IntN(20) == 0
		open := i < n/100 && !maint
		if open {
			start = now.Add(-time.Duration(20+rnd.IntN(500)) * time.Minute)
		}
		sev := []string{"minor", "major", "critical"}[rnd.IntN(3)]
		statuses := []string{"identified", "monitoring", "update"}
		first, final := "investigating", "resolved"
		if maint {
			sev, statuses, first, final = "maintenance", []string{"in-progress"}, "scheduled", "completed"
		}
		k := 2 + rnd.IntN(5)
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"Incident %d\"\nseverity = %q\nscope = [%q, %q]\nstarted = %s\n", i, sev, comps[i%12], comps[(i+5)%12], start.Format(time.RFC3339))
		end := start.Add(time.Duration(k*15) * time.Minute)
		fmt.Fprintf(&b, "eta = %s\n", end.Add(30*time.Minute).Format(time.RFC3339))
		if !open {
			fmt.Fprintf(&b, "resolved = %s\n", end.Format(time.RFC3339))
		}
		b.WriteString("+++\n\n")
		for j := k - 1; j >= 0; j-- {
			st := statuses[rnd.IntN(len(statuses))]
			switch {
			case j == k-1 && !open:
				st = final
			case j == 0:
				st = first
			}
			fmt.Fprintf(&b, "## %s %s\n\n%s **%d**\n\n", start.Add(time.Duration(j*15)*time.Minute).Format("2006-01-02 15:04"), st, texts[rnd.IntN(len(texts))], j)
		}
		name := fmt.Sprintf("%s-incident-%06d.md", start.Format("2006-01-02"), i)
		must(tb, os.WriteFile(filepath.Join(dir, "content", "incidents", name), []byte(b.String()), 0o644))
	}
}

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

// benchmarkBuild measures a cold build: a fresh Builder parses every file,
// renders every page and writes every file into an empty tmpfs folder.
func benchmarkBuild(b *testing.B, n int) {
	src := b.TempDir()
	writeSynthetic(b, src, n)
	out := shmDir(b)
	opts := Options{Source: src, Dest: filepath.Join(out, "public"), Now: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), Theme: themes.Builtin()}
	for b.Loop() {
		b.StopTimer()
		must(b, os.RemoveAll(opts.Dest))
		b.StartTimer()
		if _, err := Build(b.Context(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild1000(b *testing.B)  { benchmarkBuild(b, 1000) }
func BenchmarkBuild10000(b *testing.B) { benchmarkBuild(b, 10000) }

// BenchmarkBaseline10000 is the irreducible work a build of 10,000
// incidents must do: read every file, decode its TOML, render its
// Markdown and write one page each, at its address. BenchmarkBuild10000 is measured
// against it.
func BenchmarkBaseline10000(b *testing.B) {
	src := b.TempDir()
	writeSynthetic(b, src, 10000)
	conv := markdown.New()
	dir := filepath.Join(src, "content", "incidents")
	entries, err := os.ReadDir(dir)
	must(b, err)
	out := shmDir(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		must(b, os.RemoveAll(out))
		must(b, os.MkdirAll(out, 0o755))
		b.StartTimer()
		var wg sync.WaitGroup
		next := make(chan string)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for name := range next {
					data, err := os.ReadFile(filepath.Join(dir, name))
					must(b, err)
					front, body, _ := strings.Cut(strings.TrimPrefix(string(data), "+++\n"), "+++\n")
					var m map[string]any
					_, err = toml.Decode(front, &m)
					must(b, err)
					page := conv.HTML(body)
					// One page at its address, as every site needs:
					// incidents/<slug>/index.html (plainly written, without
					// the temporary file and rename a safe publish uses).
					folder := filepath.Join(out, "incidents", strings.TrimSuffix(name, ".md"))
					must(b, os.MkdirAll(folder, 0o755))
					must(b, os.WriteFile(filepath.Join(folder, "index.html"), []byte(page), 0o644))
				}
			})
		}
		for _, e := range entries {
			next <- e.Name()
		}
		close(next)
		wg.Wait()
	}
}

// BenchmarkRender10000 measures the rendering stage alone: a warm Builder
// re-reads the files but parses none, then renders every page in memory.
func BenchmarkRender10000(b *testing.B) {
	src := b.TempDir()
	writeSynthetic(b, src, 10000)
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
	writeSynthetic(b, src, 10000)
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
