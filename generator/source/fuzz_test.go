package source

import (
	"html/template"
	"path/filepath"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/sanitize"
	"golang.org/x/tools/txtar"
)

// FuzzParse feeds arbitrary bytes to Parse: it must return, quickly and
// without panicking, and every problem must name the file and a line of
// it. The seeds are the incident files of the txtar fixtures, plus the
// corpus in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata/errors", "testdata/good"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
		for _, file := range files {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				f.Fatal(err)
			}
			for _, m := range ar.Files {
				if m.Name != "want" && m.Name != "incident" {
					f.Add(m.Data)
				}
			}
		}
	}
	opts := testOptions(f)
	// The site is in Japanese and English, so that the [en] tables and
	// ### en parts are read too (a file without them reads as before).
	opts.Default, opts.Languages = "ja", []string{"en"}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "content/incidents/fuzz.md"
		start := time.Now()
		in, diags := Parse(name, data, opts)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Parse took %v on %d bytes", d, len(data))
		}
		if in == nil {
			t.Fatal("Parse returned no incident")
		}
		checkPositions(t, name, data, diags)
		// Whatever the bytes, what reaches the outputs is clean text.
		texts := []string{in.Title, in.Impact, in.Workaround, string(in.Summary), string(in.Postmortem)}
		for i, u := range in.Updates {
			texts = append(texts, string(u.Body), string(tr(in.updateLang(i), "en")))
		}
		en := in.In("en", "ja", func(h template.HTML) template.HTML { return h })
		texts = append(texts, en.Title, en.Impact, en.Workaround, string(tr(in.summaryLang(), "en")), string(tr(in.postmortemLang(), "en")))
		if len(en.Updates) != len(in.Updates) || !en.Started.Equal(in.Started) || en.Severity != in.Severity {
			t.Errorf("the English view changed the timeline: %d updates, started %v, severity %s", len(en.Updates), en.Started, en.Severity)
		}
		for _, s := range texts {
			if !sanitize.Clean(s) {
				t.Errorf("text with characters that break feeds: %q", s)
			}
		}
		if diags.HasErrors() {
			return
		}
		for _, c := range in.Changes {
			if len(in.ChangesAt(c.At)) == 0 || !slices.ContainsFunc(in.Updates, func(u Update) bool { return u.At.Equal(c.At) }) {
				t.Errorf("no errors, but change at %v has no update", c.At)
			}
		}
		// A file without errors must give what later stages rely on.
		if in.Title == "" || in.Started.IsZero() || !validSeverity(in.Severity) || len(in.Scope) == 0 {
			t.Errorf("no errors, but incomplete incident: %+v", in)
		}
		for i, u := range in.Updates {
			if u.At.IsZero() || u.Line < 1 {
				t.Errorf("update %d has no time or line: %+v", i, u)
			}
			if i > 0 && !u.At.Before(in.Updates[i-1].At) {
				t.Errorf("updates not strictly newest first without an error")
			}
		}
	})
}

// FuzzHeading checks that parseHeading never panics, reports exactly one
// problem on the heading's line when it refuses a heading, and gives a
// valid status and a time when it accepts one.
func FuzzHeading(f *testing.F) {
	for _, s := range []string{
		"## 2026-11-20 09:20 investigating",
		"## 2026-11-20 09:20 +09:00 identified",
		"## 2026-11-20 09:20 -05:30 resolved ##",
		"## 2026-11-20 09:20 +09:00",
		"## 2026-11-20 25:00 update",
		"## 2026-02-30 09:20 update",
		"## 2026-11-20 9:20 update",
		"## 2026-11-20 09:20:30 update",
		"## 2026-11-20 09:20:60 update",
		"## 2026-11-20 09:20:05 +09:00 monitoring",
		"## 2026-11-20 09:20 in-progress",
		"## 2026-11-20\t09:20\tmonitoring",
		"## 2026-11-20 09:20 Resolved now",
		"## What happened",
		"##",
		"## +",
		"## 2026-11-20 09:20 -",
		"## ２０２６-11-20 09:20 update",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	loc := testOptions(f).Location
	f.Fuzz(func(t *testing.T, line string, maintenance bool) {
		if _, ok := h2(line); !ok {
			line = "## " + line // parseBody calls it only on such lines
		}
		var diags diag.List
		pos := diag.Pos{File: "x.md", Line: 7, Col: 1}
		u, ok := parseHeading(line, pos, loc, maintenance, nil, &diags)
		if ok {
			if len(diags) != 0 {
				t.Errorf("accepted %q with problems: %v", line, diags)
			}
			if u.At.IsZero() {
				t.Errorf("accepted %q without a time", line)
			}
			valid := IncidentStatuses
			if maintenance {
				valid = MaintenanceStatuses
			}
			found := false
			for _, s := range valid {
				found = found || s == u.Status
			}
			if !found {
				t.Errorf("accepted %q with status %q", line, u.Status)
			}
			return
		}
		if len(diags) != 1 {
			t.Fatalf("refused %q with %d problems: %v", line, len(diags), diags)
		}
		d := diags[0]
		if d.Pos.File != pos.File || d.Pos.Line != pos.Line {
			t.Errorf("refused %q at %v, want line %d", line, d.Pos, pos.Line)
		}
		if n := utf8.RuneCountInString(line); d.Pos.Col < 1 || d.Pos.Col > n+2 {
			t.Errorf("refused %q at column %d, outside the line's %d characters", line, d.Pos.Col, n)
		}
	})
}
