package watch_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/watch"
	"github.com/statuspress/statuspress/themes"
)

// BenchmarkEditToOutput measures save → written file on the benchmarks'
// corpus (see sitetest.Corpus: gencorpus.py's 10,000 incidents unless
// told otherwise): each iteration edits one incident and waits for the
// build that publishes its page. It reports the median and the slowest.
// "old" edits an incident from last year, shown on its own page, a history
// page and component pages; "active" edits an open one, shown also on the
// home page and in every feed and API file that lists what is happening
// now.
//
//	go test -run '^$' -bench EditToOutput -benchtime 20x ./generator/watch
//	STATUSPRESS_BENCH_SITE=/tmp/c100k TMPDIR=/dev/shm go test -run '^$' -bench EditToOutput -benchtime 20x -timeout 30m ./generator/watch
func BenchmarkEditToOutput(b *testing.B) {
	src := sitetest.Corpus(b)
	old, active := sitetest.Edits(b, src)
	b.Run("old", func(b *testing.B) { benchmarkEdit(b, src, old) })
	b.Run("active", func(b *testing.B) { benchmarkEdit(b, src, active) })
}

// benchmarkEdit builds src once, then runs a watch and times edits to
// the incident file name.
func benchmarkEdit(b *testing.B, src, name string) {
	dest := filepath.Join(b.TempDir(), "public")
	builder := generator.NewBuilder(generator.Options{Source: src, Dest: dest, Now: sitetest.BenchNow(), Theme: themes.Builtin()})
	if _, err := builder.Build(b.Context()); err != nil {
		b.Fatal(err)
	}
	rel := "content/incidents/" + name
	file := filepath.Join(src, filepath.FromSlash(rel))
	page := filepath.Join(dest, "incidents", name[:len(name)-3], "index.html")
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(file, original, 0o644)
	results := make(chan watch.Result, 100)
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- watch.Run(ctx, watch.Options{
			Source: src, Dest: dest,
			Build: func(changed []string) error {
				builder.Changed(changed) // as statuspress watch does
				_, err := builder.Build(b.Context())
				return err
			},
			Report: func(r watch.Result) { results <- r },
			Ready:  func() { close(ready) },
		})
	}()
	defer func() { cancel(); <-done }()
	<-ready

	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("Edit number %d.", i)
		edited := append(bytes.Clone(original), "\n"+marker+"\n"...)
		start := time.Now()
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		for r := range results {
			if slices.Contains(r.Changed, rel) {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
				break
			}
		}
		times = append(times, time.Since(start))
		b.StopTimer()
		if got, err := os.ReadFile(page); err != nil || !bytes.Contains(got, []byte(marker)) {
			b.Fatalf("%s does not show the edit: %v", page, err)
		}
		b.StartTimer()
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms-max")
}
