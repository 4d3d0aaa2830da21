//go:build unix

package importer_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/importer"
	"github.com/statuspress/statuspress/generator/sitefs"
	"github.com/statuspress/statuspress/generator/source"
)

// TestPlanRefusesLinkedFolders: a content/ or incidents folder that is a
// link out of the site is refused before anything is planned, so that no
// imported file is written outside the site.
func TestPlanRefusesLinkedFolders(t *testing.T) {
	day := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	site := &importer.Site{
		Tool: "statuspage", Title: "Example", BaseURL: "https://status.example.com", Timezone: "UTC",
		Components: []importer.Component{{Key: "k1", Name: "API"}},
		Incidents:  []*importer.Incident{{ID: "a", Title: "API down", Severity: source.Minor, Scope: []string{"k1"}, Started: day, Resolved: day.Add(time.Hour)}},
	}
	for _, link := range []string{"content", "content/incidents"} {
		t.Run(link, func(t *testing.T) {
			dir, outside := t.TempDir(), t.TempDir()
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, link)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(dir, link)); err != nil {
				t.Fatal(err)
			}
			_, err := importer.MakePlan(dir, site)
			var se *sitefs.Error
			if !errors.As(err, &se) || se.Path != link {
				t.Errorf("MakePlan = %v, want a *sitefs.Error naming %s", err, link)
			}
		})
	}
}
