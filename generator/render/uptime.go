package render

import (
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/status"
)

// DayView is one day of a component's history as its page shows it, or
// a run of quiet days (no incidents, full uptime) shown as one line.
type DayView struct {
	status.Day
	Anchor    string             // "d20261123", the day's id on the component page
	Incidents []*status.Incident // those touching the day, newest first
	// First and More are set for a run of quiet days: its oldest day and
	// the anchors of the days after the newest (Anchor), newest first.
	First time.Time
	More  []string
}

// quietRuns folds each run of two or more days without incidents into
// one line, so that 90 quiet days are a few lines, not 90.
func quietRuns(days []DayView) []DayView {
	var out []DayView
	for i := 0; i < len(days); {
		j := i
		for j < len(days) && days[j].Count == 0 && len(days[j].Incidents) == 0 {
			j++
		}
		if j-i < 2 {
			out = append(out, days[i])
			i++
			continue
		}
		run := days[i]
		run.First = days[j-1].Start
		for _, d := range days[i+1 : j] {
			run.More = append(run.More, d.Anchor)
		}
		out = append(out, run)
		i = j
	}
	return out
}

// dayAnchor is the id of the day starting at t on a component page.
func dayAnchor(t time.Time) string { return "d" + t.Format("20060102") }

// dayViews lists a component's days newest first, each with the incidents
// and maintenance that touched it (the full per-day detail, for the
// component page), of shown, those of its incidents the days show
// (daysShown).
func dayViews(c *status.Component, shown []*status.Incident) (out []DayView) {
	n := len(c.Days)
	out = make([]DayView, n)
	defer func() { out = quietRuns(out) }()
	for i := range c.Days {
		d := c.Days[n-1-i]
		out[i] = DayView{Day: d, Anchor: dayAnchor(d.Start)}
	}
	if n == 0 {
		return out
	}
	// The day after each day's start, computed once: AddDate is slow.
	next := make([]time.Time, n)
	for i := range out {
		next[i] = out[i].Start.AddDate(0, 0, 1)
	}
	// out is newest first, and so are the incidents: each day's list is
	// too. An incident touches the days it started before the end of
	// (from the newest day on: a head of out) that it ended after the
	// start of (up to the oldest: a tail), a run found by halving.
	first, last := c.Days[0].Start, next[0]
	for _, in := range shown {
		end, _ := inDays(in, first, last)
		to := sort.Search(n, func(i int) bool { return !in.Started.Before(next[i]) })
		from := sort.Search(n, func(i int) bool { return end.After(out[i].Start) })
		for i := from; i < to; i++ {
			out[i].Incidents = append(out[i].Incidents, in)
		}
	}
	return out
}

// inDays reports whether the day list of a component page whose days
// run from first to last (the end of the newest) shows in, and until
// when it does.
func inDays(in *status.Incident, first, last time.Time) (end time.Time, ok bool) {
	if !in.Started.Before(last) || in.Phase == status.Upcoming {
		return time.Time{}, false
	}
	end = in.End
	if end.IsZero() || in.IsOngoing() {
		end = last
	}
	return end, end.After(first)
}

// daysShown returns the incidents of c that its page's day list shows
// (see dayViews), in the list's order. A component of a large site has
// tens of thousands of incidents, and whether one is shown is found by
// looking at it: the renderer works them out once per component for the
// page and its dependencies, from what the last run of its Kept found
// where it can (see shownIn).
func (r *renderer) daysShown(c *status.Component) []*status.Incident {
	r.shownMu.Lock()
	s, ok := r.shown[c.ID]
	r.shownMu.Unlock()
	if ok && s.of(c) {
		return s.shown
	}
	s = shownIn(c, r.lastShown[c.ID])
	r.shownMu.Lock()
	r.shown[c.ID] = s
	r.shownMu.Unlock()
	return s.shown
}

// shownDays is what daysShown found for a component: the incidents of
// list that the days from first to last show.
type shownDays struct {
	list        []*status.Incident
	first, last time.Time
	shown       []*status.Incident
}

// window is the time the days of c cover, from the start of the first
// to the end of the last; ok is false when it has none.
func window(c *status.Component) (first, last time.Time, ok bool) {
	n := len(c.Days)
	if n == 0 {
		return time.Time{}, time.Time{}, false
	}
	return c.Days[0].Start, c.Days[n-1].Start.AddDate(0, 0, 1), true
}

// of reports whether s was found for the incidents and days of c.
func (s shownDays) of(c *status.Component) bool {
	first, last, _ := window(c)
	return len(s.list) == len(c.Incidents) && (len(s.list) == 0 || &s.list[0] == &c.Incidents[0]) &&
		s.first.Equal(first) && s.last.Equal(last)
}

// shownIn works out which incidents of c its days show, taking from old
// (found for an earlier list of the same component) whether an incident
// both lists hold is shown, when the window is the same: an incident
// does not change (an edit makes a new one), so neither does that. Both
// lists are in the model's order (status.Newest), which finds the
// incidents they share without looking at the others; were they not,
// more incidents would be looked at, with the same result.
func shownIn(c *status.Component, old shownDays) shownDays {
	first, last, ok := window(c)
	s := shownDays{list: c.Incidents, first: first, last: last}
	if !ok {
		return s
	}
	if !old.first.Equal(first) || !old.last.Equal(last) {
		old = shownDays{}
	}
	i, k := 0, 0 // in old.list and in old.shown
	for _, in := range c.Incidents {
		// Those of the old list before in are gone.
		for i < len(old.list) && old.list[i] != in && status.Newest(old.list[i], in) <= 0 {
			if k < len(old.shown) && old.shown[k] == old.list[i] {
				k++
			}
			i++
		}
		if i < len(old.list) && old.list[i] == in {
			if k < len(old.shown) && old.shown[k] == in {
				s.shown = append(s.shown, in)
				k++
			}
			i++
			continue
		}
		if _, ok := inDays(in, first, last); ok {
			s.shown = append(s.shown, in)
		}
	}
	return s
}

// dayLabel is what a day says in words, for its link's accessible name
// and the script's tooltip: "Nov 23: 99.52% uptime, 1 incident".
func (r *renderer) dayLabel(d status.Day) string {
	date := r.env.Text.Format(d.Start, "day")
	if d.Start.Year() != r.m.Now.Year() {
		date = r.env.Text.Format(d.Start, "date")
	}
	count := r.env.Text.T("no_incidents_day")
	if d.Count > 0 {
		count = r.plural("day_incidents", d.Count)
	}
	return r.env.Text.T("uptime_day_label", date, pct(d.Uptime), count)
}

// homeBar draws a component's days for the home page as one link to its
// per-day detail. The bar is one small SVG: a pattern (barDefs) paints
// every day operational, and each day with incidents is drawn over it, so
// 90 days of a quiet component are about a hundred bytes. The link's
// data-u lists those days as "index:uptime:count" for the script's
// tooltip.
func (r *renderer) homeBar(c *status.Component) template.HTML {
	var b, u strings.Builder
	n := strconv.Itoa(len(c.Days))
	b.WriteString(`<svg viewBox="0 0 ` + n + ` 1" preserveAspectRatio="none"><rect width="` + n + `" height="1" fill="url(#dp)"/>`)
	for i, d := range c.Days {
		if d.Count == 0 && d.Level == status.Operational {
			continue
		}
		b.WriteString(`<use href=#dd x=`) // unquoted: these are most of the bytes
		b.WriteString(strconv.Itoa(i))
		b.WriteString(` class=`)
		b.WriteString(levelClass(d.Level))
		b.WriteString(` />`)
		if u.Len() > 0 {
			u.WriteByte(' ')
		}
		u.WriteString(strconv.Itoa(i))
		u.WriteByte(':')
		u.WriteString(strings.TrimSuffix(pct(d.Uptime), "%"))
		u.WriteByte(':')
		u.WriteString(strconv.Itoa(d.Count))
	}
	b.WriteString(`</svg>`)
	label := r.env.Text.T("uptime_bar_label", c.Name, pct(c.Uptime), len(c.Days), r.plural("bad_days", countBad(c)))
	head := `<a class="days" href="` + template.HTMLEscapeString(r.m.Site.BasePath+"components/"+c.ID+"/#days") +
		`" aria-label="` + template.HTMLEscapeString(label) + `"`
	if u.Len() > 0 {
		head += ` data-u="` + u.String() + `"`
	}
	return template.HTML(head + ">" + b.String() + `</a>`)
}

// barRange gives the element around the home page's bars the window they
// all share, for the script: its first day and its number of days.
func barRange(m *status.Model) template.HTMLAttr {
	if len(m.Components) == 0 || len(m.Components[0].Days) == 0 {
		return ""
	}
	days := m.Components[0].Days
	return template.HTMLAttr(`data-first="` + days[0].Start.Format("2006-01-02") + `" data-n="` + strconv.Itoa(len(days)) + `"`)
}

// barDefs are the shapes every homeBar uses, once per page: a day (#dd)
// and the pattern of operational days (#dp).
const barDefs = template.HTML(`<svg class="defs" width="0" height="0" aria-hidden="true"><defs><rect id="dd" width=".8" height="1"/>` +
	`<pattern id="dp" width="1" height="1" patternUnits="userSpaceOnUse"><rect width=".8" height="1" class="ok"/></pattern></defs></svg>`)

// pageBar draws the days on the component page: each day is a link to its
// line in the list below, named in words, so keyboard, touch and screen
// reader users reach every day.
func (r *renderer) pageBar(c *status.Component) template.HTML {
	var b strings.Builder
	b.WriteString(`<div class="days">`)
	for _, d := range c.Days {
		b.WriteString(`<a href="#`)
		b.WriteString(dayAnchor(d.Start))
		b.WriteString(`" class="`)
		b.WriteString(levelClass(d.Level))
		b.WriteString(`" aria-label="`)
		b.WriteString(template.HTMLEscapeString(r.dayLabel(d)))
		b.WriteString(`"></a>`)
	}
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

func countBad(c *status.Component) int {
	n := 0
	for _, d := range c.Days {
		if d.Count > 0 {
			n++
		}
	}
	return n
}

// levelList is every level in the order of the legend.
var levelList = []status.Level{status.Operational, status.Degraded, status.Partial, status.MajorOutage, status.Maintenance}

// runLabel is what a run of quiet days says: "Oct 30 – Nov 22: 100.00%
// uptime, no incidents".
func (r *renderer) runLabel(v DayView) string {
	format := func(t time.Time) string {
		if t.Year() != r.m.Now.Year() {
			return r.env.Text.Format(t, "date")
		}
		return r.env.Text.Format(t, "day")
	}
	return r.env.Text.T("uptime_day_label", format(v.First)+" – "+format(v.Start), pct(100), r.env.Text.T("no_incidents_day"))
}
