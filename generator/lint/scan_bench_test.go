package lint

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/source"
)

// syntheticIncidents parses a synthetic site of n incidents, the
// shape the build benchmarks measure, with their Texts kept.
func syntheticIncidents(tb testing.TB, n int) []*source.Incident {
	tb.Helper()
	dir := tb.TempDir()
	sitetest.Synthetic(tb, dir, n)
	folder := filepath.Join(dir, "content", "incidents")
	list, err := os.ReadDir(folder)
	if err != nil {
		tb.Fatal(err)
	}
	names := make([]string, 0, len(list))
	for _, e := range list {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	opts := source.Options{Location: sitetest.Now().Location(), Components: []string{"api", "web", "auth", "db", "mail", "webhooks", "cdn", "forms", "dashboard", "reports", "search", "billing"}, Markdown: markdown.New()}
	var ins []*source.Incident
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(folder, name))
		if err != nil {
			tb.Fatal(err)
		}
		in, _ := source.Parse("content/incidents/"+name, data, opts)
		ins = append(ins, in)
	}
	return ins
}

// BenchmarkTexts measures the check of the public texts of 1,000
// synthetic incidents, as a build runs it on every file it parses.
func BenchmarkTexts(b *testing.B) {
	ins := syntheticIncidents(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range ins {
			Texts(in)
		}
	}
}

// BenchmarkScanProse measures Scan over ordinary prose of a few
// sizes, English and Japanese, in which nothing is found.
func BenchmarkScanProse(b *testing.B) {
	texts := []string{
		"Incident 4211",
		"We are investigating reports of elevated error rates. **3**",
		"Some customers may see slow responses or timeouts. The cause has been identified as a failed storage node. A fix has been deployed and we are monitoring the results. Error rates have returned to normal levels. We will post another update within the hour.",
		"エラー率の上昇について調査を開始しました。一部のお客様で応答の遅延が発生しています。原因はストレージノードの障害と判明しました。",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Scan(t)
		}
	}
}
