package source

import (
	"path/filepath"
	"testing"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/themes"
	"golang.org/x/tools/txtar"
)

// TestErrorsTranslated checks every problem the error fixtures produce has
// a code and a Japanese text in the theme's catalog. The test in
// generator/diag finds the literal formats in the sources; this one also
// catches formats put together at run time (the update heading's hint).
func TestErrorsTranslated(t *testing.T) {
	ja, err := i18n.Load(themes.Builtin(), "ja")
	if err != nil {
		t.Fatal(err)
	}
	english, local, words := ja.Messages()
	cat := diag.NewCatalog("ja", english, local, words)
	files, _ := filepath.Glob("testdata/errors/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name, data := incidentFile(t, ar)
		_, diags := Parse(name, data, testOptions(t))
		for _, d := range diags {
			if !cat.Has(d.Format) {
				t.Errorf("%s: %s: no code or no Japanese for %q", file, d.Pos, d.Format)
			}
		}
	}
}
