package statuspage

import (
	"flag"
	"testing"
	"testing/fstest"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/status"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The shared helpers live in internal/sitetest; these names keep the
// tests short.
var (
	testNow    = sitetest.Now
	loadModel  = sitetest.LoadModel
	siteFS     = sitetest.SiteFS
	wellFormed = sitetest.WellFormed
)

const smallSite = sitetest.SmallSite

func inlineSite(siteTOML string, incidents map[string]string) fstest.MapFS {
	return sitetest.InlineSite(siteTOML, incidents)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	sitetest.Golden(t, *update, name, got)
}

// render runs Add on a model and fails the test on error.
func render(t testing.TB, m *status.Model, text *i18n.Catalog) output.Set {
	t.Helper()
	set := output.Set{}
	if err := Add(set, m, text); err != nil {
		t.Fatal(err)
	}
	return set
}
