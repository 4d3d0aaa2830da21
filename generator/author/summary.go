package author

import (
	"fmt"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// Summary says in plain words what customers will see once the change is
// published: the state, the severity, the components by name, the ETA and
// the next update with weekday, date, zone and how far away they are. The
// words customers see (statuses, severities, labels) come from the
// theme's strings in the site language; the rest are English format
// strings, one place each, for the messages catalog to translate.
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
	cur := currentFields(in, frontOf(c.Data))
	t := s.Text
	var b strings.Builder
	row := func(label, value string) {
		label += ":"
		fmt.Fprintf(&b, "  %s%s %s\n", label, strings.Repeat(" ", max(0, 13-width(label))), value)
	}
	fmt.Fprintf(&b, "What customers will see once it is published:\n")
	row(s.label("title", "Title"), cur.Title)
	state := t.Status(string(inc.State))
	if in.IsMaintenance() {
		// The page shows maintenance by where it stands in time, whatever
		// its newest update says.
		state = t.Status(map[status.Phase]string{status.Upcoming: "scheduled", status.InProgress: "in-progress", status.Completed: "completed"}[inc.Phase])
	}
	switch inc.Phase {
	case status.Active:
		state += " — " + fmt.Sprintf("ongoing since %s", s.when(in.Started, now))
	case status.Resolved:
		state += " — " + fmt.Sprintf("resolved at %s", s.when(in.Resolved, now))
	case status.Upcoming:
		state += " — " + fmt.Sprintf("starts %s", s.when(in.Started, now))
	case status.InProgress:
		state += " — " + "in progress now"
	case status.Completed:
		state += " — " + "completed"
	}
	if reopened(in) {
		state += " (" + "reopened" + ")"
	}
	row(s.label("state", "State"), state)
	if !in.IsMaintenance() {
		row(s.label("severity", "Severity"), fmt.Sprintf("%s — %s", t.T("severity_"+string(cur.Severity)), s.levelWords(cur.Severity, inc)))
	}
	row(s.label("affected", "Affected"), s.componentNames(cur.Scope))
	if cur.Impact != "" {
		row(s.label("impact", "Impact"), cur.Impact)
	}
	if cur.Workaround != "" {
		row(s.label("workaround", "Workaround"), cur.Workaround)
	}
	if !in.ETA.IsZero() && (inc.IsOngoing() || inc.Phase == status.Upcoming) {
		label := s.label("eta", "ETA")
		if in.IsMaintenance() {
			label = s.label("planned_end", "Planned end")
		}
		v := s.when(in.ETA, now)
		if inc.ETAPassed {
			v += " — " + "this time has passed: give a new -eta"
		}
		row(label, v)
	}
	if !in.NextUpdate.IsZero() && inc.IsOngoing() {
		row(s.label("next_update", "Next update"), s.when(in.NextUpdate, now))
	}
	if in.Draft {
		row("Draft", "draft = true: not published until you remove it")
	}
	return b.String()
}

// label is the theme's word for key on a site in another language, else
// the English label.
func (s *Site) label(key, english string) string {
	if s.Text.Lang != "en" && s.Text.Has(key) {
		return s.Text.T(key)
	}
	return english
}

// levelWords says what the components in scope show.
func (s *Site) levelWords(sev source.Severity, inc *status.Incident) string {
	shown := s.Text.Status(string(status.LevelOf(sev)))
	if inc.IsOngoing() {
		return fmt.Sprintf("components show %q", shown)
	}
	return fmt.Sprintf("components showed %q while it lasted", shown)
}

// reopened reports whether a final update is followed by one that is not.
func reopened(in *source.Incident) bool {
	for i := 1; i < len(in.Updates); i++ {
		if in.Updates[i].Status.Final() && !in.Updates[0].Status.Final() {
			return true
		}
	}
	return false
}

// when writes t for a person: "Wed 2 Dec 14:00 JST, tomorrow, in 23 h".
func (s *Site) when(t, now time.Time) string {
	loc := s.Settings.Location
	t, now = t.In(loc), now.In(loc)
	var date string
	if s.Text.Lang == "ja" {
		date = fmt.Sprintf("%d月%d日(%s) %s", t.Month(), t.Day(), jaWeekdays[t.Weekday()], t.Format("15:04 MST"))
		if t.Year() != now.Year() {
			date = fmt.Sprintf("%d年", t.Year()) + date
		}
	} else {
		layout := "Mon 2 Jan 15:04 MST"
		if t.Year() != now.Year() {
			layout = "Mon 2 Jan 2006 15:04 MST"
		}
		date = t.Format(layout)
	}
	parts := []string{date}
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	switch day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc); {
	case day.Equal(today):
		parts = append(parts, "today")
	case day.Equal(today.AddDate(0, 0, 1)):
		parts = append(parts, "tomorrow")
	case day.Equal(today.AddDate(0, 0, -1)):
		parts = append(parts, "yesterday")
	}
	parts = append(parts, relative(t.Sub(now)))
	return strings.Join(parts, ", ")
}

// jaWeekdays are the one-character weekday names of Japanese dates.
var jaWeekdays = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// relative says how far away d is: "in 23 h", "in 1 h 30 min", "5 min ago".
func relative(d time.Duration) string {
	past := d < 0
	if past {
		d = -d
	}
	var span string
	switch h, m := int(d/time.Hour), int(d%time.Hour/time.Minute); {
	case d < time.Minute:
		return "now"
	case h == 0:
		span = fmt.Sprintf("%d min", m)
	case h < 6 && m != 0:
		span = fmt.Sprintf("%d h %d min", h, m)
	case h < 48:
		span = fmt.Sprintf("%d h", h)
	default:
		span = fmt.Sprintf("%d days", h/24)
	}
	if past {
		return fmt.Sprintf("%s ago", span)
	}
	return fmt.Sprintf("in %s", span)
}

// frontOf returns the front matter text of a file's bytes.
func frontOf(data []byte) string {
	d := newDoc(data)
	end, err := d.frontEnd()
	if err != nil {
		return ""
	}
	return d.frontText(end)
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
