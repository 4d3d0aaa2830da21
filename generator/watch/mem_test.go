package watch_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/themes"
)

// BenchmarkWatchMemory measures what a watch holds between builds: the
// live heap and the resident size after its first build of a site, and
// the peak resident size over edits after it (each edit one incident and
// its rebuild, as statuspress watch does, which also gives the memory of
// the first build back to the system), on the benchmarks' corpus (see
// sitetest.Corpus). Run it alone: the sizes are the process's. It runs
// under the runtime's default collector, not the memory limit statuspress
// watch sets (cmd/statuspress/memory.go): its resident sizes over edits
// are those of GOGC=100.
//
//	STATUSPRESS_BENCH_SITE=/tmp/scale_c100k go test -run '^$' -bench WatchMemory -benchtime 1x -timeout 30m ./generator/watch
func BenchmarkWatchMemory(b *testing.B) {
	src := sitetest.Corpus(b)
	dir := filepath.Join(src, "content", "incidents")
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	dest := filepath.Join(b.TempDir(), "public")
	if shm := "/dev/shm"; os.Getenv("BENCH_DEST_DISK") == "" {
		if st, err := os.Stat(shm); err == nil && st.IsDir() {
			d, err := os.MkdirTemp(shm, "statuspress-bench-")
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { os.RemoveAll(d) })
			dest = filepath.Join(d, "public")
		}
	}
	builder := generator.NewBuilder(generator.Options{Source: src, Dest: dest, Now: sitetest.BenchNow(), Theme: themes.Builtin()})
	for b.Loop() {
		start := time.Now()
		if _, err := builder.Build(b.Context()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s-first-build")
		b.ReportMetric(procMB("self", "VmHWM"), "MB-peak-rss-first-build")
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "MB-heap-after-first")
		// The spans that hold it: what the process cannot give back while
		// one object in a span lives (parsed files made among the garbage
		// of parsing them).
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MB-heap-spans-after-first")
		b.ReportMetric(procMB("self", "VmRSS"), "MB-rss-after-first")
		debug.FreeOSMemory() // as statuspress watch does after its first build
		b.ReportMetric(procMB("self", "VmRSS"), "MB-rss-after-first-freed")
		// From here on, the peak is that of the watch after its first
		// build.
		if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
			b.Logf("cannot reset the peak resident size: %v", err)
		}
		for i := range 5 {
			name := entries[(i*7919)%len(entries)].Name()
			file := filepath.Join(dir, name)
			data, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(file, append(bytes.Clone(data), "\nAn edit.\n"...), 0o644); err != nil {
				b.Fatal(err)
			}
			builder.Changed([]string{"content/incidents/" + name})
			if _, err := builder.Build(b.Context()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(procMB("self", "VmHWM"), "MB-peak-rss-edits")
		runtime.GC()
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "MB-heap-after-edits")
	}
}

// procMB reads a size of the process pid ("self" for this one) from
// /proc/PID/status, in MB; 0 where there is none.
func procMB(pid, field string) float64 {
	f, err := os.Open("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
