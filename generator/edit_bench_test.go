package generator

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"testing"
	"time"

	"github.com/statuspress/statuspress/themes"
)

// BenchmarkEdit measures what one saved edit costs a Builder that has
// built the site once: the hinted load, the model, the declarations, the
// engine and the publish of what changed, without the watch's debounce
// (BenchmarkEditToOutput in generator/watch measures save → page). The
// site is a folder holding content/ (EDIT_CORPUS, such as the output of
// gencorpus.py), copied first; EDIT_CPUPROFILE names a CPU profile of the
// edits alone.
//
//	EDIT_CORPUS=/tmp/c100k TMPDIR=/dev/shm go test -run '^$' -bench '^BenchmarkEdit$' -benchtime 20x ./generator
func BenchmarkEdit(b *testing.B) {
	corpus := os.Getenv("EDIT_CORPUS")
	if corpus == "" {
		b.Skip("EDIT_CORPUS names a site folder (gencorpus.py's output)")
	}
	src := filepath.Join(b.TempDir(), "site")
	if out, err := exec.Command("cp", "-r", corpus, src).CombinedOutput(); err != nil {
		b.Fatalf("copy %s: %v\n%s", corpus, err, out)
	}
	dir := filepath.Join(src, "content", "incidents")
	entries, err := os.ReadDir(dir)
	must(b, err)
	var active string
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		must(b, err)
		if !bytes.Contains(data, []byte("\nresolved = ")) {
			active = e.Name()
		}
	}
	b.Run("old", func(b *testing.B) { benchmarkEdit(b, src, entries[len(entries)/2].Name(), "old") })
	b.Run("active", func(b *testing.B) { benchmarkEdit(b, src, active, "active") })
}

func benchmarkEdit(b *testing.B, src, name, label string) {
	dest := filepath.Join(b.TempDir(), "public") // TMPDIR=/dev/shm for tmpfs
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	builder := NewBuilder(Options{Source: src, Dest: dest, Now: now, Theme: themes.Builtin()})
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
		start, cpu := time.Now(), cpuTime()
		must(b, os.WriteFile(file, append(bytes.Clone(original), "\n"+marker+"\n"...), 0o644))
		builder.Changed([]string{rel})
		_, err := builder.Build(b.Context())
		must(b, err)
		times = append(times, time.Since(start))
		cpus = append(cpus, cpuTime()-cpu) // with the garbage collector's, on every core
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
