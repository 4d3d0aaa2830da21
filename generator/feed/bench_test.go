package feed

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/output"
)

// BenchmarkAdd renders every feed and calendar of a site with 10,000
// incidents of three updates each.
func BenchmarkAdd(b *testing.B) {
	files := map[string]string{}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		at := start.Add(time.Duration(i) * 5 * time.Hour)
		sev, scope, st := "minor", "api", [3]string{"resolved", "identified", "investigating"}
		if i%10 == 0 {
			sev, scope, st = "maintenance", "web", [3]string{"completed", "in-progress", "scheduled"}
		}
		files[fmt.Sprintf("i%05d.md", i)] = fmt.Sprintf("+++\ntitle = \"Incident %d\"\nseverity = %q\nscope = [%q]\nstarted = %s\nresolved = %s\n+++\n\n"+
			"## %s %s\n\nFixed.\n\n## %s %s\n\nFound it.\n\n## %s %s\n\nLooking.\n",
			i, sev, scope, at.Format("2006-01-02T15:04:05"), at.Add(time.Hour).Format("2006-01-02T15:04:05"),
			at.Add(time.Hour).Format("2006-01-02 15:04"), st[0], at.Add(30*time.Minute).Format("2006-01-02 15:04"), st[1], at.Add(5*time.Minute).Format("2006-01-02 15:04"), st[2])
	}
	m, text := loadModel(b, inlineSite(strings.Replace(smallSite, "Europe/Berlin", "UTC", 1), files), start.Add(10001*5*time.Hour))
	b.ResetTimer()
	for b.Loop() {
		if err := Add(output.Set{}, m, text); err != nil {
			b.Fatal(err)
		}
	}
}
