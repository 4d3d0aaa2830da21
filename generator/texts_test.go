package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/themes"
)

// TestTextWarningsKept: the texts of a parsed file are dropped once
// checked, and the Builder still reports what the check found, at its
// position, on every later build: unchanged, after another file changed,
// after the file itself changed, and after a build that failed.
func TestTextWarningsKept(t *testing.T) {
	src := copySite(t, "en")
	inc := filepath.Join(src, "content", "incidents")
	leak := filepath.Join(inc, "2026-11-15-no-updates.md")
	data, err := os.ReadFile(leak)
	must(t, err)
	must(t, os.WriteFile(leak, []byte(strings.Replace(string(data), "during the night.", "during the night.\nThe cause was db1.corp failing.", 1)), 0o644))
	b := NewBuilder(Options{Source: src, Now: testNow, Theme: themes.Builtin()})
	want := "content/incidents/2026-11-15-no-updates.md:10:15: warning: internal host name \"db1.corp\" in public text"
	warned := func(step string) {
		t.Helper()
		res, err := b.Build(t.Context())
		must(t, err)
		for _, d := range res.Diags {
			if strings.HasPrefix(d.String(), want) {
				return
			}
		}
		t.Errorf("%s: no warning %q in %v", step, want, res.Diags)
	}
	warned("first build")
	for _, in := range b.disk.incidents {
		if in.Texts != nil {
			t.Errorf("%s: the texts are kept after the check", in.File)
		}
	}
	warned("unchanged")
	other := filepath.Join(inc, "2026-11-12-markdown-features.md")
	data, err = os.ReadFile(other)
	must(t, err)
	must(t, os.WriteFile(other, append(data, "\nOne more line.\n"...), 0o644))
	warned("after another file changed")
	data, err = os.ReadFile(leak)
	must(t, err)
	must(t, os.WriteFile(leak, []byte(strings.Replace(string(data), "The cause", "\nThe cause", 1)), 0o644))
	want = strings.Replace(want, ":10:15:", ":11:15:", 1)
	warned("after the file changed")
	// A build that fails on another file gives no text warnings, but its
	// load checked the files it parsed: the warning is back once the
	// error is fixed.
	data, err = os.ReadFile(leak)
	must(t, err)
	must(t, os.WriteFile(leak, append(data, "\nAgain.\n"...), 0o644))
	must(t, os.WriteFile(other, []byte("+++\ntitle = \n+++\n"), 0o644))
	if _, err := b.Build(t.Context()); err == nil {
		t.Fatal("a build with a broken file did not fail")
	}
	must(t, os.Remove(other))
	warned("after a build that failed")
}
