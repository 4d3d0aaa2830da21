package render_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/render"
	"github.com/statuspress/statuspress/themes"
)

// BenchmarkPages10000 measures the rendering stage alone, cold: every
// page of a site of 10,000 incidents made by a fresh engine, in memory,
// from a model built once.
func BenchmarkPages10000(b *testing.B) {
	dir := b.TempDir()
	sitetest.Synthetic(b, dir, 10000)
	m, text := sitetest.LoadModel(b, os.DirFS(dir), sitetest.Now())
	b.ReportAllocs()
	for b.Loop() {
		eng := &rebuild.Engine{}
		outs, err := render.Outputs(m, render.Env{Theme: themes.Builtin(), Text: text, Parts: eng.Parts("")})
		if err != nil {
			b.Fatal(err)
		}
		if err := eng.Run(b.Context(), "bench", &rebuild.Memory{}, rebuild.Stage{Outputs: outs}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIncidentPages measures making the page of every incident of a
// site of 10,000 once, one after another, as a cold build does (a fresh
// renderer and pieces each time), per page.
func BenchmarkIncidentPages(b *testing.B) {
	dir := b.TempDir()
	sitetest.Synthetic(b, dir, 10000)
	m, text := sitetest.LoadModel(b, os.DirFS(dir), sitetest.Now())
	b.ReportAllocs()
	pages := 0
	var w bytes.Buffer
	start := sitetest.CPUTime()
	for b.Loop() {
		eng := &rebuild.Engine{}
		outs, err := render.Outputs(m, render.Env{Theme: themes.Builtin(), Text: text, Parts: eng.Parts("")})
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range outs {
			if strings.HasPrefix(o.Name, "incidents/") {
				w.Reset()
				if err := o.Make(&w); err != nil {
					b.Fatal(err)
				}
				pages++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(pages), "ns/page")
	b.ReportMetric(float64(sitetest.CPUTime()-start)/float64(pages), "cpu-ns/page")
}
