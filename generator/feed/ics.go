package feed

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/sanitize"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// Calendar file names: the site-wide one, and the one in each
// maintenance's folder.
const (
	CalendarFile = "maintenance.ics"
	EventFile    = "event.ics"
)

// calendars declares maintenance.ics with the maintenance upcoming, in
// progress, or ended (done or cancelled) in the last history_days days:
// a subscribed calendar keeps a past window instead of losing the event
// the moment it ends. Each maintenance's own event.ics is Kept's.
func (w *writer) calendars(outs []rebuild.Output) []rebuild.Output {
	m := w.m
	since := m.Now.AddDate(0, 0, -m.Site.HistoryDays)
	var list []*status.Incident
	for _, in := range m.Maintenance {
		if end := windowEnd(in); in.Phase != status.Completed || end.IsZero() || end.After(since) {
			list = append(list, in)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if !a.Started.Equal(b.Started) {
			return a.Started.Before(b.Started)
		}
		return a.Slug < b.Slug
	})
	return w.calendarFile(outs, CalendarFile, w.text.T("ics_calendar_name", m.Site.Title), list)
}

// windowEnd is the end of a maintenance's window as the calendar shows
// it: the planned end for a cancelled one (it was called off, perhaps
// before it began), else when it ended or is planned to.
func windowEnd(in *status.Incident) time.Time {
	if in.Cancelled && !in.ETA.IsZero() {
		return in.ETA
	}
	return in.End
}

// Sequence is the revision number of a maintenance's calendar event
// (RFC 5545 SEQUENCE), derived from the file alone: each scheduled update
// after the first report announces a moved window, and cancelling adds
// one more. Calendars replace an event when its SEQUENCE rises.
func Sequence(in *status.Incident) int {
	n := 0
	for i, u := range in.Updates {
		if u.Status == source.Scheduled && i < len(in.Updates)-1 {
			n++
		}
	}
	if in.Cancelled {
		n++
	}
	return n
}

// calendarFile declares the calendar of list at name, which depends on
// the maintenances it shows.
func (w *writer) calendarFile(outs []rebuild.Output, name, title string, list []*status.Incident) []rebuild.Output {
	return append(outs, rebuild.Output{Name: name, Deps: rebuild.Deps{Stamps: status.Stamps(list)},
		Make: rebuild.Bytes(func() ([]byte, error) { return w.calendar(title, list), nil })})
}

// calendar renders a VCALENDAR holding one VEVENT per maintenance.
func (w writer) calendar(name string, list []*status.Incident) []byte {
	var c icsWriter
	c.line("BEGIN", "VCALENDAR")
	c.line("VERSION", "2.0")
	c.line("PRODID", "-//statuspress//statuspress//"+strings.ToUpper(w.m.Site.Language))
	c.line("CALSCALE", "GREGORIAN")
	c.line("METHOD", "PUBLISH")
	c.line("X-WR-CALNAME", icsText(name))
	c.line("X-WR-TIMEZONE", w.m.Site.Timezone)
	if len(list) == 0 {
		// RFC 5545 wants at least one component in a calendar; an unused
		// time zone is the harmless one.
		for _, l := range []string{"BEGIN:VTIMEZONE", "TZID:UTC", "BEGIN:STANDARD", "DTSTART:19700101T000000",
			"TZOFFSETFROM:+0000", "TZOFFSETTO:+0000", "TZNAME:UTC", "END:STANDARD", "END:VTIMEZONE"} {
			k, v, _ := strings.Cut(l, ":")
			c.line(k, v)
		}
	}
	for _, in := range list {
		w.event(&c, in)
	}
	c.line("END", "VCALENDAR")
	return []byte(c.b.String())
}

func (w writer) event(c *icsWriter, in *status.Incident) {
	page := w.m.Site.BaseURL + "incidents/" + in.Slug + "/"
	modified := in.Started
	if u := in.Latest(); u != nil {
		modified = u.At
	}
	c.line("BEGIN", "VEVENT")
	c.line("UID", EventUID(w.authority, in.Slug))
	// DTSTAMP is the event's own last change, not the build time: a
	// rebuild with nothing new leaves the calendar's bytes as they were.
	stamp := w.m.Changed(in)
	if stamp.IsZero() {
		stamp = modified
	}
	c.line("DTSTAMP", icsTime(stamp))
	c.line("LAST-MODIFIED", icsTime(modified))
	c.line("SEQUENCE", strconv.Itoa(Sequence(in)))
	c.line("DTSTART", icsTime(in.Started))
	if end := windowEnd(in); !end.IsZero() {
		c.line("DTEND", icsTime(end))
	}
	c.line("SUMMARY", icsText(w.text.T("maintenance")+": "+in.Title))
	var desc []string
	if names := w.scopeNames(in); names != "" {
		desc = append(desc, w.text.T("affected")+": "+names)
	}
	if in.Impact != "" {
		desc = append(desc, w.text.T("impact")+": "+in.Impact)
	}
	if u := in.Latest(); u != nil {
		if s := plainText(string(u.Body), 1000); s != "" {
			desc = append(desc, "["+w.text.Status(string(u.Status))+"] "+s)
		}
	} else if s := plainText(string(in.Summary), 1000); s != "" {
		desc = append(desc, s)
	}
	desc = append(desc, page)
	c.line("DESCRIPTION", icsText(strings.Join(desc, "\n\n")))
	c.line("URL", page)
	if in.Cancelled {
		c.line("STATUS", "CANCELLED")
	} else {
		c.line("STATUS", "CONFIRMED")
	}
	c.line("TRANSP", "TRANSPARENT") // the reader is not busy during our maintenance
	c.line("END", "VEVENT")
}

// EventUID is the permanent UID of a maintenance's calendar event.
func EventUID(authority, slug string) string {
	return slug + "@" + strings.TrimSuffix(authority, "/")
}

// icsWriter writes content lines with CRLF ends, folded at 75 octets
// without splitting a UTF-8 sequence.
type icsWriter struct{ b strings.Builder }

func (c *icsWriter) line(name, value string) {
	s := name + ":" + value
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.b.WriteString(s[:cut])
		c.b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	c.b.WriteString(s)
	c.b.WriteString("\r\n")
}

// icsTime formats t in UTC, the form every calendar understands without a
// VTIMEZONE.
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value (RFC 5545 section 3.3.11). Control
// characters are not allowed in TEXT: the sanitize rule, which cleaned
// the sources already, replaces them as every other output does.
func icsText(s string) string {
	var b strings.Builder
	for _, r := range sanitize.String(s) {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
