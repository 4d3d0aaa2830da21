package author

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// Summary says in plain words what customers will see once the change is
// published: the state, the severity, the components by name, the ETA and
// the next update with weekday, date, zone and how far away they are. All
// its words come from the theme's strings in the site language (the
// author_summary_* keys and the page's own labels), so a Japanese site
// gets it in Japanese.
func (s *Site) Summary(c *Change, now time.Time) string {
	in, diags := source.Parse(c.File, c.Data, s.options())
	if diags.Err() != nil || in == nil {
		return ""
	}
	m := status.New(s.Settings, []*source.Incident{in}, status.Options{Now: now, Drafts: true})
	if len(m.Incidents) == 0 {
		return ""
	}
	inc := m.Incidents[0]
	cur := currentFields(in)
	t := s.Text
	var rows [][2]string
	row := func(key, value string) { rows = append(rows, [2]string{t.T(key) + ":", value}) }
	row("author_summary_title", cur.Title)
	for _, lang := range s.Settings.Others() {
		// The title as the page in lang shows it, when the file has it.
		if v := in.In(lang, s.Settings.Language, func(h template.HTML) template.HTML { return h }); !v.Fallback().Title && v.Title != "" {
			rows = append(rows, [2]string{t.T("author_summary_title") + " (" + lang + "):", v.Title})
		}
	}
	state := t.Status(string(inc.State()))
	if in.IsMaintenance() {
		// The page shows maintenance by where it stands in time, whatever
		// its newest update says.
		state = t.Status(map[status.Phase]string{status.Upcoming: "scheduled", status.InProgress: "in-progress", status.Completed: "completed"}[inc.Phase])
	}
	switch inc.Phase {
	case status.Active:
		state += " — " + t.T("author_summary_ongoing", s.date(in.Started, now)) + " (" + s.relative(in.Started.Sub(now)) + ")"
	case status.Resolved:
		state += " — " + t.T("author_summary_resolved", s.date(in.Resolved, now)) + " (" + s.relative(in.Resolved.Sub(now)) + ")"
	case status.Upcoming:
		state += " — " + t.T("author_summary_starts", s.when(in.Started, now))
	case status.InProgress:
		state += " — " + t.T("author_summary_in_progress")
	}
	if reopened(in) {
		state += " (" + t.T("author_summary_reopened") + ")"
	}
	row("author_summary_state", state)
	if !in.IsMaintenance() {
		shown := t.Status(string(status.LevelOf(cur.Severity)))
		words := t.T("author_summary_showed", shown)
		if inc.IsOngoing() {
			words = t.T("author_summary_shows", shown)
		}
		row("severity", t.T("severity_"+string(cur.Severity))+" — "+words)
	}
	row("affected", s.componentNames(cur.Scope))
	if cur.Impact != "" {
		row("impact", cur.Impact)
	}
	if cur.Workaround != "" {
		row("workaround", cur.Workaround)
	}
	if !in.ETA.IsZero() && (inc.IsOngoing() || inc.Phase == status.Upcoming) {
		key := "eta"
		if in.IsMaintenance() {
			key = "planned_end"
		}
		v := s.when(in.ETA, now)
		if inc.ETAPassed {
			v += " — " + t.T("author_summary_eta_passed")
		}
		row(key, v)
	}
	if !in.NextUpdate.IsZero() && inc.IsOngoing() {
		row("next_update", s.when(in.NextUpdate, now))
	}
	if in.Draft {
		row("author_summary_draft", t.T("author_summary_draft_note"))
	}
	pad := 0
	for _, r := range rows {
		pad = max(pad, width(r[0]))
	}
	var b strings.Builder
	b.WriteString(t.T("author_summary") + "\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "  %s%s %s\n", r[0], strings.Repeat(" ", pad-width(r[0])), r[1])
	}
	return b.String()
}

// reopened reports whether the incident is open again after it was
// closed: its newest update is not final, and the model marked one as
// reopening it.
func reopened(in *source.Incident) bool {
	if len(in.Updates) == 0 || in.Updates[0].Status.Final() {
		return false
	}
	for _, u := range in.Updates {
		if u.Reopened {
			return true
		}
	}
	return false
}

// when writes t for a person, in the site language: "Wed 2 Dec 14:00
// JST, tomorrow, in 23 h", "12月2日(水) 14:00 JST、明日、23 時間後".
func (s *Site) when(at, now time.Time) string {
	loc := s.Settings.Location
	t := s.Text
	at, now = at.In(loc), now.In(loc)
	parts := []string{s.date(at, now)}
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	switch day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc); {
	case day.Equal(today):
		parts = append(parts, t.T("author_today"))
	case day.Equal(today.AddDate(0, 0, 1)):
		parts = append(parts, t.T("author_tomorrow"))
	case day.Equal(today.AddDate(0, 0, -1)):
		parts = append(parts, t.T("author_yesterday"))
	}
	parts = append(parts, s.relative(at.Sub(now)))
	return strings.Join(parts, t.T("author_summary_sep"))
}

// date writes t with its weekday, in the site zone and language; the
// year only when it is not the year of now.
func (s *Site) date(at, now time.Time) string {
	t := s.Text
	at = at.In(s.Settings.Location)
	layout := t.T("author_summary_date")
	if at.Year() != now.In(s.Settings.Location).Year() {
		layout = t.T("author_summary_date_year")
	}
	date := at.Format(layout)
	if w := "weekday_" + at.Weekday().String(); t.Has(w) {
		date = strings.Replace(date, at.Weekday().String()[:3], t.T(w), 1)
	}
	return date
}

// relative says how far away d is: "in 23 h", "in 1 h 30 min", "5 min ago".
func (s *Site) relative(d time.Duration) string {
	t := s.Text
	past := d < 0
	if past {
		d = -d
	}
	var span string
	switch h, m := int(d/time.Hour), int(d%time.Hour/time.Minute); {
	case d < time.Minute:
		return t.T("author_now")
	case h == 0:
		span = t.T("author_minutes", m)
	case h < 6 && m != 0:
		span = t.T("author_hours_minutes", h, m)
	case h < 48:
		span = t.T("author_hours", h)
	default:
		span = t.T("author_days", h/24)
	}
	if past {
		return t.T("author_ago", span)
	}
	return t.T("author_in", span)
}

// width is how many terminal columns s takes: wide (East Asian) letters
// take two, so that Japanese labels line up.
func width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6) {
			n++
		}
	}
	return n
}
