package importer

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/source"
)

// TestHeadingTimes: updates keep their minute, as `update` writes them;
// one whose minute is taken gets its own second where the format reads
// seconds, else the next free minute, and a note either way it moves.
func TestHeadingTimes(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	pos := diag.Pos{File: "incidents.json", Line: 1, Col: 1}
	in := &Incident{
		ID: "x", Title: "Slow", Severity: source.Minor, Scope: []string{"k"}, Started: at("2025-03-01T10:00:05+01:00"),
		Updates: []Update{
			{At: at("2025-03-01T10:01:10+01:00"), Status: source.Resolved, Pos: pos},
			{At: at("2025-03-01T10:00:30+01:00"), Status: source.Monitoring, Pos: pos},
			{At: at("2025-03-01T10:00:30+01:00"), Status: source.Identified, Pos: pos},
			{At: at("2025-03-01T10:00:10+01:00"), Status: source.Investigating, Pos: pos},
		},
	}
	heading := regexp.MustCompile(`(?m)^## (.*) \+01:00 (\w+)$`)
	for _, tc := range []struct {
		seconds bool
		want    []string
		notes   int
	}{
		{true, []string{"2025-03-01 10:01 resolved", "2025-03-01 10:00:31 monitoring", "2025-03-01 10:00:30 identified", "2025-03-01 10:00 investigating"}, 1},
		{false, []string{"2025-03-01 10:03 resolved", "2025-03-01 10:02 monitoring", "2025-03-01 10:01 identified", "2025-03-01 10:00 investigating"}, 3},
	} {
		p := &planner{seconds: tc.seconds, plan: &Plan{}, ids: map[string]string{"k": "api"}, all: []string{"api"}}
		data := p.render(in, markPrefix+"statuspage x")
		var got []string
		for _, m := range heading.FindAllStringSubmatch(string(data), -1) {
			got = append(got, m[1]+" "+m[2])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("seconds %v: headings\n got %q\nwant %q", tc.seconds, got, tc.want)
		}
		if len(p.plan.Notes) != tc.notes {
			t.Errorf("seconds %v: %d notes, want %d: %v", tc.seconds, len(p.plan.Notes), tc.notes, p.plan.Notes)
		}
	}
}

// TestLocalMeanTime: a time whose zone offset has seconds (Tokyo before
// 1888) is written in UTC, since neither TOML nor a heading holds them.
func TestLocalMeanTime(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip(err)
	}
	start := time.Date(1880, 1, 2, 9, 30, 0, 0, tokyo)
	if _, off := start.Zone(); off%60 == 0 {
		t.Skip("this zone database has no local mean time for Tokyo")
	}
	in := &Incident{ID: "x", Title: "Old", Severity: source.Minor, Scope: []string{"k"}, Started: start,
		Updates: []Update{{At: start, Status: source.Investigating}}}
	p := &planner{plan: &Plan{}, ids: map[string]string{"k": "api"}, all: []string{"api"}}
	data := string(p.render(in, markPrefix+"cstate x"))
	want := start.UTC().Truncate(time.Minute)
	if !regexp.MustCompile(`(?m)^started = `+regexp.QuoteMeta(want.Format("2006-01-02T15:04:05Z"))+`$`).MatchString(data) ||
		!regexp.MustCompile(`(?m)^## `+regexp.QuoteMeta(want.Format("2006-01-02 15:04"))+` \+00:00 investigating$`).MatchString(data) {
		t.Errorf("want started and the heading in UTC (%s):\n%s", want, data)
	}
}

// TestStatuspageText: a Statuspage text keeps its line ends, which
// Markdown would join, and its lists, quotes and code stay as they are.
func TestStatuspageText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"one line", "one line"},
		{"first\nsecond\nthird", "first\\\nsecond\\\nthird"},
		{"para one\nline two\n\npara two", "para one\\\nline two\n\npara two"},
		{"Affected:\n- API\n- Web\nThanks", "Affected:\n- API\n- Web\nThanks"},
		{"```\ncode a\ncode b\n```\nafter", "```\ncode a\ncode b\n```\nafter"},
		{"ends with\\\nbreak", "ends with\\\nbreak"},
		{"line  \r\nnext\t", "line\\\nnext"},
	} {
		if got := spText(tc.in); got != tc.want {
			t.Errorf("spText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
