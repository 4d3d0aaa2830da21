package render_test

import (
	"os"
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
