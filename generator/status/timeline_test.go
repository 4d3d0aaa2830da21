package status

import (
	"fmt"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/source"
)

// parse reads an incident file as a build does; the tests below need
// what only the parser fills in ([[changes]], reopened updates).
func parse(t *testing.T, name, text string) *source.Incident {
	t.Helper()
	in, diags := source.Parse("content/incidents/"+name+".md", []byte(text), source.Options{
		Location: tokyo, Components: []string{"api", "mail", "web"}, Markdown: markdown.New(),
	})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return in
}

// An incident that starts minor on the API and becomes critical on the
// API and email at 10:00: the minor hour counts as minor, the critical
// hour as critical, and email only from when it was added.
const worsening = `+++
title = "API slow"
severity = "minor"
scope = ["api"]
started = 2026-11-20T09:00:00+09:00
resolved = 2026-11-20T11:00:00+09:00

[[changes]]
at = 2026-11-20T10:00:00+09:00
severity = "critical"
scope = ["api", "mail"]
title = "API and email down"
impact = "Nothing gets through."
workaround = "Wait."
+++

## 2026-11-20 11:00 resolved

## 2026-11-20 10:00 identified

## 2026-11-20 09:00 investigating
`

func TestChangesOverTime(t *testing.T) {
	in := parse(t, "worsening", worsening)
	m := New(testSite(1), []*source.Incident{in}, Options{Now: at("2026-11-20 12:00")})
	day := func(id string) Day {
		for _, c := range m.Components {
			if c.ID == id {
				return c.Days[len(c.Days)-1]
			}
		}
		t.Fatalf("no component %s", id)
		return Day{}
	}
	for _, tc := range []struct {
		id       string
		downtime float64 // minutes
		level    Level
		count    int
	}{
		{"api", 60, MajorOutage, 1},  // 09-10 minor: none; 10-11 critical: all
		{"mail", 60, MajorOutage, 1}, // only 10-11, when it was in scope
		{"web", 0, Operational, 0},
	} {
		d := day(tc.id)
		if got := d.Downtime.Minutes(); got != tc.downtime || d.Level != tc.level || d.Count != tc.count {
			t.Errorf("%s: downtime %.0f min, level %s, count %d; want %.0f, %s, %d", tc.id, got, d.Level, d.Count, tc.downtime, tc.level, tc.count)
		}
	}
	got := m.Incidents[0]
	if got.Title != "API and email down" || got.Severity != source.Critical || strings.Join(got.Scope, ",") != "api,mail" {
		t.Errorf("current values: %q %s %v", got.Title, got.Severity, got.Scope)
	}
	var lines []string
	for _, e := range got.Timeline() {
		for _, n := range e.Notes {
			lines = append(lines, fmt.Sprintf("%s %s %s %v %q", e.At.Format("15:04"), n.Kind, n.Severity, n.Components, n.Text))
		}
	}
	want := []string{
		`10:00 raised critical [] ""`,
		`10:00 scope_added  [mail] ""`,
		`10:00 title  [] "API and email down"`,
		`10:00 impact  [] "Nothing gets through."`,
		`10:00 workaround  [] "Wait."`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// "It is back": resolved at 10:00, reopened at 11:00. The page shows it
// active; the hour between counts as up.
func TestReopened(t *testing.T) {
	in := parse(t, "back", `+++
title = "API down"
severity = "critical"
scope = ["api"]
started = 2026-11-20T09:00:00+09:00
+++

## 2026-11-20 11:00 investigating

It is back.

## 2026-11-20 10:00 resolved

## 2026-11-20 09:00 investigating
`)
	m := New(testSite(1), []*source.Incident{in}, Options{Now: at("2026-11-20 12:00")})
	got := m.Incidents[0]
	if got.Phase != Active || len(m.Active) != 1 || m.Overall != MajorOutage {
		t.Errorf("phase %s, %d active, overall %s: want active, 1, major outage", got.Phase, len(m.Active), m.Overall)
	}
	if !got.Reopened || !got.Timeline()[0].Reopened || got.Timeline()[1].Reopened {
		t.Errorf("reopened marks: incident %v, updates %v %v", got.Reopened, got.Timeline()[0].Reopened, got.Timeline()[1].Reopened)
	}
	api := m.Components[0]
	if d := api.Days[0].Downtime.Minutes(); d != 120 {
		t.Errorf("api downtime %.0f min, want 120 (09-10 and 11-12)", d)
	}
	if len(got.Periods()) != 2 {
		t.Errorf("periods %+v, want two", got.Periods())
	}
}
