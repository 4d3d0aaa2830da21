package sitetest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Synthetic writes a deterministic site of n incidents under dir,
// shaped like ../shared/bench/gencorpus.py: twelve components, 1-3 in
// scope, 2-6 updates each, some Japanese, ~5% maintenance, a few open.
func Synthetic(tb testing.TB, dir string, n int) {
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
