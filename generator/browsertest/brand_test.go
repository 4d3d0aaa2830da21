package browsertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/themes"
)

// brandColours are brand colours across the range, the hardest for
// contrast among them: a mid grey and a mid green, which need black text
// and only just pass, a light yellow, and a dark blue.
var brandColours = []string{"#777777", "#22aa22", "#ffcc33", "#0a1f44"}

// TestBrandColours builds the English site with each brand colour and
// runs axe-core on its home and incident pages, light and dark: the
// header text takes the colour chosen for contrast, so there is never a
// violation.
func TestBrandColours(t *testing.T) {
	axe := axeSource(t)
	for _, colour := range brandColours {
		t.Run(colour, func(t *testing.T) {
			src := t.TempDir()
			if err := os.CopyFS(src, os.DirFS(filepath.Join(repoRoot, "testdata", "sites", "en"))); err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(filepath.Join(src, "content", "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.WriteString("\n[brand]\ncolor = \"" + colour + "\"\nfooter = \"Example Inc.\"\n\n[[brand.links]]\nname = \"Support\"\nurl = \"https://example.com/support\"\n")
			if err := errorsJoin(err, f.Close()); err != nil {
				t.Fatal(err)
			}
			s := &site{name: "en", dir: t.TempDir(), base: "/"}
			if _, err := generator.Build(t.Context(), generator.Options{Source: src, Dest: s.dir, Now: buildNow, Theme: themes.Builtin()}); err != nil {
				t.Fatal(err)
			}
			sv := serve(t, s)
			tb := newTab(t, view{now: buildNow})
			for _, p := range []string{"", "incidents/2026-11-23-local-datetimes/"} {
				tb.open(sv.url(p))
				for _, dark := range []bool{false, true} {
					tb.scheme(dark)
					for _, v := range tb.axe(axe) {
						t.Errorf("%s (dark %v): axe: %s", p, dark, v)
					}
				}
				for _, pr := range tb.takeProblems() {
					t.Errorf("%s: %s", p, pr)
				}
			}
		})
	}
}

func errorsJoin(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
