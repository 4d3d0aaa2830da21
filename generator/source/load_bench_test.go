package source_test

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/sitefs"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/themes"
)

// BenchmarkLoad measures a cold load of a site's incidents, as a build
// makes it: the time, the heap still live afterwards (after a
// collection) while the incidents are held, as live-MB, and what is left
// once their texts were checked and dropped, as a build keeps them, as
// kept-MB. cpu-ms/op is the processor time of the load, steadier than
// the wall time on a shared machine. The site is
// $STATUSPRESS_BENCH_SITE when set (a folder with content/, such as one
// written by gencorpus.py), else a synthetic one of 10,000 incidents:
//
//	STATUSPRESS_BENCH_SITE=/tmp/scale_c100k go test -run '^$' -bench Load -benchtime 1x -count 3 ./generator/source
func BenchmarkLoad(b *testing.B) {
	dir := os.Getenv("STATUSPRESS_BENCH_SITE")
	if dir == "" {
		dir = b.TempDir()
		sitetest.Synthetic(b, dir, 10000)
	}
	fsys, err := sitefs.Open(dir) // as a build reads the site
	if err != nil {
		b.Fatal(err)
	}
	defer fsys.Close()
	site, diags := config.Load(fsys, config.Options{Languages: i18n.Languages(themes.Builtin())})
	if err := diags.Err(); err != nil {
		b.Fatal(err)
	}
	opts := source.Options{Location: site.Location, Components: site.ComponentIDs(), Markdown: markdown.New(), Languages: site.Others(), Default: site.Language}
	var live, kept uint64
	var cpu time.Duration
	for b.Loop() {
		l := source.NewLoader(opts)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		start := sitetest.CPUTime()
		ins, diags := l.Load(fsys)
		cpu += sitetest.CPUTime() - start
		if err := diags.Err(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		live += after.HeapAlloc - before.HeapAlloc
		for _, in := range ins {
			in.Texts = nil
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept += after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(ins)
		runtime.KeepAlive(l)
		b.StartTimer()
	}
	b.ReportMetric(float64(live)/float64(b.N)/(1<<20), "live-MB")
	b.ReportMetric(float64(kept)/float64(b.N)/(1<<20), "kept-MB")
	b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
