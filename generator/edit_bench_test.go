package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/themes"
)

// BenchmarkEdit measures what one saved edit costs a Builder that has
// built the site once: the hinted load, the model, the declarations, the
// engine and the publish of what changed, without the watch's debounce
// (BenchmarkEditToOutput in generator/watch measures save → page). The
// site is the benchmarks' corpus (see sitetest.Corpus); EDIT_CPUPROFILE
// names a CPU profile of the edits alone.
//
//	STATUSPRESS_BENCH_SITE=/tmp/c100k TMPDIR=/dev/shm go test -run '^$' -bench '^BenchmarkEdit$' -benchtime 20x ./generator
func BenchmarkEdit(b *testing.B) {
	src := sitetest.Corpus(b)
	old, active := sitetest.Edits(b, src)
	b.Run("old", func(b *testing.B) { benchmarkEdit(b, src, old, "old") })
	b.Run("active", func(b *testing.B) { benchmarkEdit(b, src, active, "active") })
}

func benchmarkEdit(b *testing.B, src, name, label string) {
	dest := filepath.Join(b.TempDir(), "public") // TMPDIR=/dev/shm for tmpfs
	builder := NewBuilder(Options{Source: src, Dest: dest, Now: sitetest.BenchNow(), Theme: themes.Builtin()})
	_, err := builder.Build(b.Context())
	must(b, err)
	rel := "content/incidents/" + name
	file := filepath.Join(src, filepath.FromSlash(rel))
	page := filepath.Join(dest, "incidents", name[:len(name)-3], "index.html")
	original, err := os.ReadFile(file)
	must(b, err)
	defer os.WriteFile(file, original, 0o644)
	if p := os.Getenv("EDIT_CPUPROFILE"); p != "" {
		f, err := os.Create(p + "." + label)
		must(b, err)
		defer f.Close()
		must(b, pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	var times, cpus []time.Duration
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("Edit number %d.", i)
		start, cpu := time.Now(), sitetest.CPUTime()
		must(b, os.WriteFile(file, append(bytes.Clone(original), "\n"+marker+"\n"...), 0o644))
		builder.Changed([]string{rel})
		_, err := builder.Build(b.Context())
		must(b, err)
		times = append(times, time.Since(start))
		cpus = append(cpus, sitetest.CPUTime()-cpu) // with the garbage collector's, on every core
		b.StopTimer()
		if got, err := os.ReadFile(page); err != nil || !bytes.Contains(got, []byte(marker)) {
			b.Fatalf("%s does not show the edit: %v", page, err)
		}
		b.StartTimer()
	}
	slices.Sort(times)
	slices.Sort(cpus)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(cpus[len(cpus)/2].Microseconds())/1000, "cpu-ms-median")
}
