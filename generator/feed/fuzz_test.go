package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTextReachesFeeds writes arbitrary text into the places an author
// can put it (the title as a TOML escape sequence, the impact, an update
// and a maintenance's text as raw bytes) and builds the feeds and the
// calendar: each must stay well-formed whatever the text, and carry no
// character the sanitize rule replaces.
func FuzzTextReachesFeeds(f *testing.F) {
	f.Add("Pasted \v from slides", "Caf\xe9 \x00 \uFFFE ]]> &#11; <b>")
	f.Add("メールの遅延", "配信が遅れています。\x1b[31m")
	f.Fuzz(func(t *testing.T, title, body string) {
		esc := tomlEscape(title)
		incident := "+++\ntitle = \"x" + esc + "\"\nseverity = \"major\"\nscope = [\"api\"]\nstarted = 2026-11-20T09:00:00+01:00\nimpact = \"" + esc + "\"\n+++\n\n## 2026-11-20 09:30 investigating\n\n" + noHeadings(body) + "\n"
		maint := "+++\ntitle = \"m" + esc + "\"\nseverity = \"maintenance\"\nscope = [\"web\"]\nstarted = 2026-11-21T02:00:00+01:00\neta = 2026-11-21T04:00:00+01:00\n+++\n\n## 2026-11-20 09:00 scheduled\n\n" + noHeadings(body) + "\n"
		fsys := inlineSite(smallSite, map[string]string{"2026-11-20-x.md": incident, "2026-11-21-m.md": maint})
		m, text := loadModel(t, fsys, testNow())
		set := render(t, m, text)
		for _, name := range []string{RSSFile, AtomFile} {
			wellFormed(t, name, set[name])
		}
		var doc map[string]any
		if err := json.Unmarshal(set[JSONFile], &doc); err != nil {
			t.Fatalf("%s: %v", JSONFile, err)
		}
		if bytes.Contains(set[JSONFile], []byte(`\u00`)) {
			t.Errorf("%s escapes a control character: %s", JSONFile, set[JSONFile])
		}
		ics := set[CalendarFile]
		for i, line := range strings.Split(strings.TrimSuffix(string(ics), "\r\n"), "\r\n") {
			if !utf8.ValidString(line) || len(line) > 75 || strings.ContainsAny(line, "\r\n") {
				t.Fatalf("maintenance.ics line %d: %q", i+1, line)
			}
			for _, r := range line {
				if (r < 0x20 && r != '\t') || r == 0x7f {
					t.Fatalf("maintenance.ics line %d has control character %U: %q", i+1, r, line)
				}
			}
		}
	})
}

// tomlEscape writes s as the inside of a TOML basic string using \u
// escapes for everything but letters and digits, so any character,
// controls included, reaches the decoded value.
func tomlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ':
			b.WriteRune(r)
		case r >= 0xD800 && r <= 0xDFFF:
		case r > 0xFFFF:
			fmt.Fprintf(&b, `\U%08X`, r)
		default:
			fmt.Fprintf(&b, `\u%04X`, r)
		}
	}
	return b.String()
}

// noHeadings keeps a fuzzed body from ending the update it is put in.
func noHeadings(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "#", "＃"), "+++", "+ ++")
}
