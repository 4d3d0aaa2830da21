package source_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/source"
)

// BenchmarkParse measures the parse of the 2,000 files of a synthetic
// site, read into memory beforehand, on one goroutine as one Loader
// worker parses them: what a cold build spends on each file but for
// reading it.
func BenchmarkParse(b *testing.B) {
	dir := b.TempDir()
	sitetest.Synthetic(b, dir, 2000)
	folder := filepath.Join(dir, "content", "incidents")
	list, err := os.ReadDir(folder)
	if err != nil {
		b.Fatal(err)
	}
	names := make([]string, len(list))
	datas := make([][]byte, len(list))
	for i, e := range list {
		names[i] = source.Dir + "/" + e.Name()
		if datas[i], err = os.ReadFile(filepath.Join(folder, e.Name())); err != nil {
			b.Fatal(err)
		}
	}
	opts := source.Options{
		Location:   time.FixedZone("JST", 9*3600),
		Components: []string{"api", "web", "auth", "db", "mail", "webhooks", "cdn", "forms", "dashboard", "reports", "search", "billing"},
		Markdown:   markdown.New(),
	}
	b.ReportAllocs()
	for b.Loop() {
		parse := source.NewWorkerParse(opts)
		for i, name := range names {
			if _, n := parse(name, datas[i]); n != 0 {
				b.Fatalf("%s: %d problems", name, n)
			}
		}
	}
}
