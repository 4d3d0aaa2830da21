package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// recentDays is how far back the home page's recent history reaches.
const recentDays = 14

// funcs are the theme's functions, for templates made once and run by
// every build that reuses them (see templates): each calls the renderer
// of the build under way, b.r, not the one the templates were made in.
func (b *bound) funcs() template.FuncMap {
	return template.FuncMap{
		// T is a plain string; Tf formats one with arguments. Keeping T
		// non-variadic makes the thousands of calls a build does cheaper.
		"T":        func(key string) string { return b.r.env.Text.T(key) },
		"Tf":       func(key string, args ...any) string { return b.r.env.Text.T(key, args...) },
		"Tn":       func(key string, n int) string { return b.r.plural(key, n) },
		"Th":       func(key string, inner template.HTML) template.HTML { return b.r.withHTML(key, inner) },
		"memo":     func(name string, key, data any) (template.HTML, error) { return b.r.memoize(name, key, data) },
		"keep":     func(name string, in *status.Incident) (template.HTML, error) { return b.r.keep(name, in) },
		"status":   func(s any) string { return b.r.env.Text.Status(fmt.Sprint(s)) },
		"state":    func(v any) string { return b.r.state(v) },
		"severity": func(s source.Severity) string { return b.r.env.Text.T("severity_" + string(s)) },
		"overall":  func(l status.Level) string { return b.r.env.Text.T("overall_" + string(l)) },
		"level":    status.LevelOf,
		"url":      func(p string) string { return b.r.m.Site.BasePath + p },
		"abs":      func(p string) string { return b.r.m.Site.BaseURL + p },
		"asset":    func(name string) string { return b.r.m.Site.Root() + b.r.assets[name] },
		"time":     func(t time.Time, kind string) template.HTML { return b.r.timeTag(t, kind) },
		"plain": func(t time.Time, kind string) string {
			return b.r.env.Text.Format(t.In(b.r.m.Site.Location), kind)
		},
		"iso":   func(t time.Time) string { return t.In(b.r.m.Site.Location).Format(time.RFC3339) },
		"dur":   func(d time.Duration) string { return b.r.duration(d) },
		"pct":   pct,
		"icon":  icon,
		"class": levelClass,
		// bar and badDays drew the uptime before the day bars (homeBar,
		// pageBar, dayViews); a site's own templates may still call them.
		"bar":        bar,
		"name":       func(id string) any { return b.r.componentName(id) },
		"recent":     func() []*status.Incident { return b.r.recent() },
		"badDays":    badDays,
		"homeBar":    func(c *status.Component) template.HTML { return b.r.homeBar(c) },
		"barDefs":    func() template.HTML { return barDefs },
		"barRange":   func() template.HTMLAttr { return barRange(b.r.m) },
		"iconDefs":   func() template.HTML { return iconDefs },
		"pageBar":    func(c *status.Component) template.HTML { return b.r.pageBar(c) },
		"dayViews":   func(c *status.Component) []DayView { return dayViews(c, b.r.daysShown(c)) },
		"dayLabel":   func(d status.Day) string { return b.r.dayLabel(d) },
		"runLabel":   func(v DayView) string { return b.r.runLabel(v) },
		"brandAsset": func(a *config.Asset) string { return b.r.m.Site.Root() + brandPath(a) },
		"levelList":  func() []status.Level { return levelList },
		"limit":      limit,
		"span":       span,
		"minus":      func(x, y int) int { return x - y },
		"zone": func() string {
			r := b.r
			return r.m.Now.Format("MST") + " (" + r.m.Site.Timezone + ", UTC" + r.m.Now.Format("-07:00") + ")"
		},
		"recentDays": func() int { return recentDays },
		"languages":  func() []Language { return b.r.env.Languages },
		"langurl":    func(lang, p string) string { return b.r.m.Site.LangURL(lang) + p },
		"langpath":   func(lang, p string) string { return b.r.m.Site.LangPath(lang) + p },
		"untr":       untranslatedAttr,
		// Put in by typed, not for templates to call.
		escapeFunc:        escapeHTML,
		escapeURLFunc:     escapeURL,
		escapeURLPartFunc: escapeURLPart,
	}
}

// timeTag prints t in the site's zone inside a <time> element whose
// datetime attribute the script can re-zone for the reader. The text
// leaves out the year when it is the current one and the zone, which the
// page names once (kind "datetimez" names it here); the title holds the
// full form.
func (r *renderer) timeTag(t time.Time, kind string) template.HTML {
	if t.IsZero() {
		return ""
	}
	text := r.env.Text
	t = t.In(r.m.Site.Location)
	// The text leaves out what the page says once: the year when it is
	// the current one, the day in a note of today.
	shown, dataKind := "year_datetime", "datetime"
	switch kind {
	case "date":
		dataKind, shown = "date", "date"
		if t.Year() == r.m.Now.Year() {
			shown = "day"
		}
	case "note": // a time inside a note: the script adds nothing to it
		dataKind, shown = "note", "short_datetime"
		if y, m, d := t.Date(); y == r.m.Now.Year() && m == r.m.Now.Month() && d == r.m.Now.Day() {
			shown = ""
		}
	default:
		if t.Year() == r.m.Now.Year() {
			shown = "short_datetime"
		}
	}
	// A date and time, the usual kind, goes without data-kind: the
	// script takes a time without one as that, and the home page has a
	// dozen of them. The element is made in one buffer: pages hold
	// hundreds of thousands of them.
	b := make([]byte, 0, 192)
	b = append(b, `<time datetime="`...)
	b = t.AppendFormat(b, time.RFC3339)
	b = append(b, '"')
	if dataKind != "datetime" {
		b = append(b, ` data-kind="`...)
		b = append(b, dataKind...)
		b = append(b, '"')
	}
	b = append(b, ` title="`...)
	at := len(b)
	b = escapedAt(text.AppendFormat(b, t, "title"), at)
	b = append(b, `">`...)
	at = len(b)
	if shown == "" {
		b = t.AppendFormat(b, "15:04")
	} else {
		b = text.AppendFormat(b, t, shown)
	}
	if kind == "datetimez" {
		b = append(b, ' ')
		b = t.AppendFormat(b, "MST")
	}
	b = escapedAt(b, at)
	b = append(b, `</time>`...)
	return template.HTML(b)
}

// escapedAt escapes b[at:] as template.HTMLEscapeString does, in place
// when there is nothing to escape (nearly always).
func escapedAt(b []byte, at int) []byte {
	if !bytes.ContainsAny(b[at:], "\x00'\"&<>") {
		return b
	}
	return append(b[:at], template.HTMLEscapeString(string(b[at:]))...)
}

func (r *renderer) duration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 60:
		return r.env.Text.T("dur_minutes", m)
	case m < 48*60:
		return r.env.Text.T("dur_hours", m/60, m%60)
	}
	return r.env.Text.T("dur_days", m/(24*60), (m/60)%24)
}

// pct prints a percentage with two decimals, never rounding a day with
// downtime up to 100.00%.
func pct(f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	if s == "100.00" && f < 100 {
		s = "99.99"
	}
	return s + "%"
}

// componentName is the name of component id; one shown in the default
// language for want of a translation keeps that language's lang.
func (r *renderer) componentName(id string) any {
	if c := r.m.Site.Component(id); c != nil {
		if c.NameLang != "" {
			return template.HTML(`<span lang="` + template.HTMLEscapeString(c.NameLang) + `">` + template.HTMLEscapeString(c.Name) + `</span>`)
		}
		return c.Name
	}
	return id
}

// recent lists incidents and maintenance that ended within recentDays,
// newest first. They are among those homeDeps found (that ended or
// started within a longer time), when it has run: a few hundred of a
// hundred thousand.
func (r *renderer) recent() []*status.Incident {
	since := r.m.Now.AddDate(0, 0, -recentDays)
	lists := [][]*status.Incident{r.m.Incidents}
	if r.homeKnown {
		lists = [][]*status.Incident{r.home, r.homeOlder}
	}
	var out []*status.Incident
	for _, list := range lists {
		for _, in := range list {
			if (in.Phase == status.Resolved || in.Phase == status.Completed) && in.End.After(since) {
				out = append(out, in)
			}
		}
	}
	return out
}

// span returns list[lo:hi], cut to the list's length.
func span(list []*status.Incident, lo, hi int) []*status.Incident {
	lo, hi = min(lo, len(list)), min(hi, len(list))
	return list[lo:hi]
}

func limit(list []*status.Incident, n int) []*status.Incident {
	if len(list) > n {
		return list[:n]
	}
	return list
}

// badDays lists the days with any incident, newest first: the text
// equivalent of the uptime bar.
func badDays(c *status.Component) []status.Day {
	var out []status.Day
	for i := len(c.Days) - 1; i >= 0; i-- {
		if c.Days[i].Count > 0 {
			out = append(out, c.Days[i])
		}
	}
	return out
}

func levelClass(l status.Level) string {
	switch l {
	case status.Degraded:
		return "s-dg"
	case status.Partial:
		return "s-po"
	case status.MajorOutage:
		return "s-mo"
	case status.Maintenance:
		return "s-mt"
	}
	return "s-ok"
}

// icon returns a small SVG for a level, so status is never told by
// colour alone. Icons are decorative: the word is always printed beside.
// It draws the level's symbol of iconDefs, which every page holds once.
func icon(l status.Level) template.HTML {
	c := levelClass(l)
	return template.HTML(`<svg class="icon ` + c + `" aria-hidden="true"><use href="#i` + c[1:] + `"/></svg>`)
}

// iconShapes are the shapes of the icons by level class. The mark inside
// ("ink") has no fill and takes the stroke the icon sets; the shape has
// no stroke.
var iconShapes = []struct{ class, shape string }{
	{"s-ok", `<circle cx="8" cy="8" r="7" stroke="none"/><path d="M4.5 8.2 7 10.5l4.5-5" fill="none"/>`},
	{"s-dg", `<path d="M8 2 15 14H1Z" stroke="none"/><path d="M8 6v4M8 11.5v1" fill="none"/>`},
	// A square, not a diamond: a small diamond with a mark in it reads as
	// the "unknown character" sign.
	{"s-po", `<rect x="1.5" y="1.5" width="13" height="13" rx="2.5" stroke="none"/><path d="M8 4.5v4.5M8 11.5v.5" fill="none"/>`},
	{"s-mo", `<circle cx="8" cy="8" r="7" stroke="none"/><path d="M5 5l6 6M11 5l-6 6" fill="none"/>`},
	{"s-mt", `<circle cx="8" cy="8" r="7" stroke="none"/><path d="M8 4v4l3 2" fill="none"/>`},
}

// iconDefs holds the symbol of every icon, once per page.
var iconDefs = func() template.HTML {
	var b strings.Builder
	b.WriteString(`<svg class="defs" width="0" height="0" aria-hidden="true">`)
	for _, s := range iconShapes {
		b.WriteString(`<symbol id="i` + s.class[1:] + `" viewBox="0 0 16 16">` + s.shape + `</symbol>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}()

// bar draws the daily history as one SVG: each run of days with the same
// worst level is one rectangle, which keeps the page light. It is hidden
// from screen readers; the page lists the same days as text.
func bar(c *status.Component) template.HTML {
	n := len(c.Days)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="bar" viewBox="0 0 %d 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">`, n*4)
	for i := 0; i < n; {
		j := i
		for j < n && c.Days[j].Level == c.Days[i].Level {
			j++
		}
		fmt.Fprintf(&b, `<rect x="%d" width="%d" height="10" class="%s"/>`, i*4, (j-i)*4-1, levelClass(c.Days[i].Level))
		i = j
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// withHTML formats the string key around one piece of trusted HTML (a
// <time> element): the string itself is escaped.
func (r *renderer) withHTML(key string, inner template.HTML) template.HTML {
	format := r.env.Text.T(key)
	before, after, found := strings.Cut(format, "%s")
	if !found {
		return template.HTML(template.HTMLEscapeString(format) + " " + string(inner))
	}
	return template.HTML(template.HTMLEscapeString(before) + string(inner) + template.HTMLEscapeString(after))
}

// memoize renders the partial name for each key and reuses the result
// from the second time it is asked for: the header and footer are the
// same on thousands of pages, and template execution is the bulk of a
// build. A key asked for once (a site's own footer keyed by a page's
// time) is not kept.
func (r *renderer) memoize(name string, key, data any) (template.HTML, error) {
	k := memoKey{name: name}
	switch key := key.(type) {
	case string:
		k.key = key
	case source.Severity:
		k.key = string(key)
	case time.Time:
		// The instant: the partials print times in the site's zone.
		k.at, k.key = key.UnixNano(), "\x00time"
	default:
		k.key = fmt.Sprint(key)
	}
	r.memoMu.RLock()
	h, ok := r.memo[k]
	r.memoMu.RUnlock()
	if ok {
		return h, nil
	}
	var b bytes.Buffer
	if err := r.partial(&b, name, data); err != nil {
		return "", err
	}
	h = template.HTML(b.String()) // output of an html/template partial
	// Kept once asked for again: a partial keyed by one incident's time
	// is asked for once, by that incident's page alone.
	r.memoMu.Lock()
	if r.seen[k] {
		r.memo[k] = h
	}
	r.seen[k] = true
	r.memoMu.Unlock()
	return h, nil
}

// memoKey names one memoized partial: its name and the key it is kept
// by, a string or an instant.
type memoKey struct {
	name, key string
	at        int64
}

// keep renders the partial name for one incident (given its Item), or takes it from
// Env.Parts, where it stays for later builds while the incident is
// unchanged: the home page's cards and the rows of component and history
// pages show one incident each, and an edit changes one of them.
func (r *renderer) keep(name string, in *status.Incident) (template.HTML, error) {
	v, err := r.env.Parts.Get(name, in.Stamp(), func() (string, error) {
		var b bytes.Buffer
		err := r.partial(&b, name, r.item(in))
		return b.String(), err
	})
	return template.HTML(v), err // output of an html/template partial
}

// plural formats the string key for a count n, using key_one for 1 when
// the language has it ("1 incident", "2 incidents").
func (r *renderer) plural(key string, n int) string {
	if n == 1 && r.env.Text.Has(key+"_one") {
		return r.env.Text.T(key+"_one", n)
	}
	return r.env.Text.T(key, n)
}
