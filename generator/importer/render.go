package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/statuspress/statuspress/generator/author"
	"github.com/statuspress/statuspress/generator/source"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// maxIDLen bounds a component id made from a name.
const maxIDLen = 40

// slug names the incident's file: a name the other tool already used
// when it is valid, else the date and the title's words by the rule
// `new` uses (author.Slug); a title with no Latin letters or digits gets
// the date and its component ids. A name in use gets -2, -3, ...
func (p *planner) slug(in *Incident) string {
	base := in.Slug
	if !slugPattern.MatchString(base) {
		base = ""
	}
	if base == "" {
		ids, _ := p.scope(in)
		kind := ""
		if in.Severity == source.Maintenance {
			kind = string(source.Maintenance)
		}
		base = author.Slug(in.Title, in.Started, ids, kind)
	}
	slug := base
	for n := 2; p.taken[slug]; n++ {
		slug = base + "-" + strconv.Itoa(n)
	}
	p.taken[slug] = true
	return slug
}

// componentID makes a readable id from a component's name, unique among
// used: the name's words, then with its group's words before them, then
// with a number after.
func componentID(c Component, used map[string]bool, own bool) string {
	if own && c.Key != "" && words(c.Key) == c.Key && !used[c.Key] {
		return c.Key
	}
	base := words(c.Name)
	if base == "" {
		base = words(c.Key)
	}
	if base == "" {
		base = "component"
	}
	id := base
	if used[id] && c.Group != "" {
		if g := words(c.Group); g != "" {
			id = trimID(g + "-" + base)
		}
	}
	for n := 2; used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

// words lowercases s and joins its runs of ASCII letters and digits with
// dashes, shortened at a dash to maxIDLen.
func words(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return trimID(b.String())
}

func trimID(s string) string {
	if len(s) <= maxIDLen {
		return s
	}
	s = s[:maxIDLen]
	if i := strings.LastIndexByte(s, '-'); i > maxIDLen/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, "-")
}

// scope returns the incident's component ids; an incident that names
// none of the page's components is given all of them, and named is false.
func (p *planner) scope(in *Incident) (ids []string, named bool) {
	seen := map[string]bool{}
	for _, k := range in.Scope {
		if id, ok := p.ids[k]; ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return p.all, false
	}
	return ids, true
}

// render writes the incident file. Times keep the offsets they were
// given in, to the minute, as `update` writes them.
func (p *planner) render(in *Incident, mark string) []byte {
	maint := in.Severity == source.Maintenance
	scope, named := p.scope(in)
	if !named {
		if len(scope) > 5 {
			p.plan.Notes.Warnf(in.Pos, "%q names none of the page's components: its scope is every component (%s and %d more); narrow it in the file if you know better", in.Title, strings.Join(scope[:5], ", "), len(scope)-5)
		} else {
			p.plan.Notes.Warnf(in.Pos, "%q names none of the page's components: its scope is every component (%s); narrow it in the file if you know better", in.Title, strings.Join(scope, ", "))
		}
	}
	// Oldest first, each heading strictly after the one before.
	ups := make([]Update, len(in.Updates))
	for i, u := range in.Updates {
		u.At = writable(u.At)
		ups[len(ups)-1-i] = u
	}
	var prev time.Time
	for i := range ups {
		at := p.headingAt(ups[i], prev)
		ups[i].At, prev = at, at
	}
	started := writable(in.Started).Truncate(time.Minute)
	if !maint && len(ups) > 0 && ups[0].At.Before(started) {
		p.plan.Notes.Warnf(ups[0].Pos, "the first update (%s) is before the start (%s): started is the first update's time", stamp(ups[0].At), stamp(started))
		started = ups[0].At
	}
	resolved := time.Time{}
	final := source.Resolved
	if maint {
		final = source.Completed
	}
	if n := len(ups); n > 0 && ups[n-1].Status.Final() {
		// The closing update may come before the end the page gives
		// (a report written when it was over): the end is the later.
		resolved = ups[n-1].At
		if end := writable(in.Resolved).Truncate(time.Minute); end.After(resolved) {
			resolved = end
		}
	} else if !in.Resolved.IsZero() && n == 0 {
		resolved = writable(in.Resolved).Truncate(time.Minute)
		if resolved.Before(started) {
			resolved = started
		}
	} else if !in.Resolved.IsZero() {
		at := writable(in.Resolved).Truncate(time.Minute)
		if at.Before(started) {
			at = started
		}
		if n > 0 && !at.After(ups[n-1].At) {
			at = p.headingAt(Update{At: at}, ups[n-1].At)
		}
		pos := in.Pos
		if n > 0 {
			pos = ups[n-1].Pos
		}
		p.plan.Notes.Warnf(pos, "the incident ended at %s but its last update does not say %s: added a %s update without text at %s", stamp(in.Resolved), final, final, stamp(at))
		ups = append(ups, Update{At: at, Status: final})
		resolved = at
	}
	eta := time.Time{}
	if !in.ETA.IsZero() {
		eta = writable(in.ETA).Truncate(time.Minute)
		if eta.Before(started) {
			p.plan.Notes.Warnf(in.Pos, "the planned end (%s) is before the start (%s): left out", stamp(in.ETA), stamp(started))
			eta = time.Time{}
		}
	}
	if !resolved.IsZero() && resolved.Before(started) {
		started = resolved
	}

	front := []string{"+++", mark + linkSuffix(in.Link),
		"title = " + author.TOMLString(strings.TrimSpace(in.Title)),
		"severity = " + author.TOMLString(string(in.Severity)),
		"scope = " + author.TOMLList(scope),
		"started = " + tomlTime(started),
	}
	if !eta.IsZero() {
		front = append(front, "eta = "+tomlTime(eta))
	}
	if !resolved.IsZero() {
		front = append(front, "resolved = "+tomlTime(resolved))
	}
	front = append(front, "+++", "")
	var b strings.Builder
	b.WriteString(strings.Join(front, "\n"))
	if s := markdownText(in.Summary); s != "" {
		b.WriteString("\n" + s + "\n")
	}
	for i := len(ups) - 1; i >= 0; i-- {
		u := ups[i]
		fmt.Fprintf(&b, "\n## %s %s\n", headingTime(u.At), u.Status)
		if s := markdownText(u.Body); s != "" {
			b.WriteString("\n" + s + "\n")
		}
	}
	if s := strings.TrimSpace(in.Postmortem); s != "" {
		b.WriteString("\n## Postmortem\n\n" + normalize(s) + "\n")
	}
	return []byte(b.String())
}

func linkSuffix(link string) string {
	if link == "" {
		return ""
	}
	return " (" + link + ")"
}

// markdownText makes foreign text safe in a section: a line that would
// read as an update heading is escaped, so it stays text.
func markdownText(s string) string {
	s = normalize(s)
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if len(l)-len(t) <= 3 && (t == "##" || strings.HasPrefix(t, "## ") || strings.HasPrefix(t, "##\t")) {
			lines[i] = `\` + t
		}
	}
	return strings.Join(lines, "\n")
}

func normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	// Invisible control characters would only trip the file's checks.
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// writable returns t in a zone whose offset the file can hold: its own,
// or UTC for an offset with seconds (local mean time before time zones),
// which neither TOML nor a heading can write.
func writable(t time.Time) time.Time {
	if _, off := t.Zone(); off%60 != 0 {
		return t.UTC()
	}
	return t
}

// tomlTime writes t as a TOML offset datetime in its own offset.
func tomlTime(t time.Time) string { return t.Format("2006-01-02T15:04:05Z07:00") }

// headingAt is the time of u's heading, given the heading before it
// (older) at prev: its minute, as `update` writes it, unless that minute
// is taken. Then it is its own second when the format reads seconds and
// that second is free, else the first free second (or, without
// seconds, minute) after prev, and a note says so.
func (p *planner) headingAt(u Update, prev time.Time) time.Time {
	at := u.At.Truncate(time.Minute)
	if prev.IsZero() || at.After(prev) {
		return at
	}
	unit := time.Minute
	if p.seconds {
		unit = time.Second
		at = u.At.Truncate(time.Second)
		if at.After(prev) {
			return at
		}
	}
	moved := prev.Add(unit)
	if u.Pos.File != "" {
		if p.seconds {
			p.plan.Notes.Warnf(u.Pos, "this update (%s) is in the same second as the one before it: written at %s, since every update needs its own time", stamp(u.At), stamp(moved))
		} else {
			p.plan.Notes.Warnf(u.Pos, "this update (%s) is in the same minute as the one before it: written at %s, since every update needs its own time", stamp(u.At), stamp(moved))
		}
	}
	return moved
}

// headingTime writes t for an update heading in its own offset, with
// seconds only when it has some.
func headingTime(t time.Time) string {
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05 -07:00")
	}
	return t.Format("2006-01-02 15:04 -07:00")
}

// stamp writes t for a note, with seconds when it has some.
func stamp(t time.Time) string {
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05 -07:00")
	}
	return t.Format("2006-01-02 15:04 -07:00")
}
