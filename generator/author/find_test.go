package author

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFind checks every way a person may name an incident on the command
// line, and what is said when the name is not enough.
func TestFind(t *testing.T) {
	s := newSite(t, "en")
	dir := filepath.Join(s.Dir, "content", "incidents")
	file := func(slug, extra string) {
		t.Helper()
		data := "+++\ntitle = \"" + slug + "\"\nseverity = \"minor\"\nscope = [\"api\"]\nstarted = 2026-11-20T09:00:00+09:00\n" + extra + "+++\n\n## 2026-11-20 09:00 investigating\n\nx\n"
		if err := os.WriteFile(filepath.Join(dir, slug+".md"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file("2026-11-20-api-errors", "")
	file("2026-11-20-mail-delayed", "resolved = 2026-11-20T10:00:00+09:00\n")
	file("2026-11-21-mail-down", "resolved = 2026-11-21T10:00:00+09:00\n")
	for _, tc := range []struct {
		arg, slug, note, err string
	}{
		{"2026-11-20-api-errors", "2026-11-20-api-errors", "", ""},
		{"2026-11-20-api-errors.md", "2026-11-20-api-errors", "", ""},
		{"content/incidents/2026-11-20-api-errors.md", "2026-11-20-api-errors", "", ""},
		{"./content/incidents/2026-11-20-api-errors.md", "2026-11-20-api-errors", "", ""},
		{"api", "2026-11-20-api-errors", `"api" matches one incident, 2026-11-20-api-errors: updating it`, ""},
		{"", "2026-11-20-api-errors", "no incident named: updating the only open one, 2026-11-20-api-errors", ""},
		{"mail", "", "", "\"mail\" matches 2 incidents; say which one with more of its name:\n  2026-11-20-mail-delayed\n  2026-11-21-mail-down"},
		{"2026-11-20-api-erors", "", "", `did you mean "2026-11-20-api-errors"?`},
		{"notes/x.md", "", "", "notes/x.md is not an incident file: incident files are in content/incidents"},
	} {
		got, err := s.Find(tc.arg)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Find(%q) error = %v, want %q", tc.arg, err, tc.err)
			}
		case err != nil:
			t.Errorf("Find(%q): %v", tc.arg, err)
		case got.Slug != tc.slug:
			t.Errorf("Find(%q) = %s, want %s", tc.arg, got.Slug, tc.slug)
		case tc.note == "" && got.Note != nil, tc.note != "" && (got.Note == nil || !strings.Contains(got.Note.Error(), tc.note)):
			t.Errorf("Find(%q) note = %v, want %q", tc.arg, got.Note, tc.note)
		}
	}
	// A second open incident: update without SLUG lists both.
	file("2026-11-22-sms", "")
	if _, err := s.Find(""); err == nil || !strings.Contains(err.Error(), "2 are open:\n  2026-11-20-api-errors (\"2026-11-20-api-errors\")\n  2026-11-22-sms") {
		t.Errorf("two open: %v", err)
	}
}
