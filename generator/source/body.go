package source

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/diag"
)

// HeadingExample is shown whenever an update heading cannot be read.
const HeadingExample = "## 2026-11-20 09:20 investigating"

// section is a run of body lines under one heading.
type section struct {
	line  int // 1-based line of the heading, or of the first line
	lines []string
}

func (s section) text() string { return strings.TrimSpace(strings.Join(s.lines, "\n")) }

// parseBody splits the Markdown after the front matter into the summary,
// the updates and the postmortem. start is the 0-based index of the first
// body line.
func parseBody(in *Incident, lines []string, start int, opts Options, diags *diag.List) {
	summary := section{line: start + 1}
	var post *section
	cur := &summary
	fence := ""
	type pending struct {
		u   Update
		sec section
	}
	var ups []*pending
	for i := start; i < len(lines); i++ {
		line := lines[i]
		if f := fenceMarker(line); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(f, fence[:1]) && len(f) >= len(fence) && strings.TrimSpace(line) == f:
				// A closing fence has no info string: "```go" inside a
				// fenced block is text, as goldmark renders it.
				fence = ""
			}
		}
		t, isH2 := h2(line)
		if fence != "" || !isH2 {
			cur.lines = append(cur.lines, line)
			continue
		}
		head := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[2:]), "#"))
		pos := diag.Pos{File: in.File, Line: i + 1, Col: 1}
		if post != nil {
			cur.lines = append(cur.lines, line) // headings inside the postmortem are its own
			continue
		}
		if strings.EqualFold(head, "postmortem") {
			post = &section{line: i + 2}
			cur = post
			continue
		}
		u, ok := parseHeading(line, pos, opts.Location, in.IsMaintenance(), diags)
		p := &pending{u: u, sec: section{line: i + 2}}
		if ok {
			ups = append(ups, p)
		}
		cur = &p.sec
	}
	in.Summary = opts.Markdown.HTML(summary.text())
	addText(in, summary)
	for _, p := range ups {
		p.u.Body = opts.Markdown.HTML(p.sec.text())
		addText(in, p.sec)
		in.Updates = append(in.Updates, p.u)
	}
	if post != nil {
		in.Postmortem = opts.Markdown.HTML(post.text())
		addText(in, *post)
	}
}

func addText(in *Incident, s section) {
	if t := s.text(); t != "" {
		in.Texts = append(in.Texts, Text{Pos: diag.Pos{File: in.File, Line: s.line, Col: 1}, Text: strings.Join(s.lines, "\n")})
	}
}

// h2 reports whether line is a level-2 heading as Markdown reads it: up
// to three spaces, "##", then a space, a tab or the end of the line. An
// indented "  ## 2026-11-20 10:00 resolved" is an update too, not a
// heading inside the previous one. It returns the line without the
// indentation.
func h2(line string) (string, bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || !strings.HasPrefix(t, "##") {
		return line, false
	}
	rest := t[2:]
	return t, rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

func fenceMarker(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return ""
	}
	for _, c := range []string{"```", "~~~"} {
		if strings.HasPrefix(t, c) {
			n := len(t) - len(strings.TrimLeft(t, c[:1]))
			return strings.Repeat(c[:1], n)
		}
	}
	return ""
}

// parseHeading reads "## YYYY-MM-DD HH:MM[ ±HH:MM] status".
func parseHeading(line string, pos diag.Pos, loc *time.Location, maintenance bool, diags *diag.List) (Update, bool) {
	u := Update{Pos: pos}
	fields := fieldsWithCols(line)
	// fields[0] is "##". A closing run of #s ("## ... resolved ##") is
	// not part of the heading's text in Markdown.
	if n := len(fields); n > 1 && strings.Trim(fields[n-1].s, "#") == "" {
		fields = fields[:n-1]
	}
	bad := func(col int, format string, args ...any) (Update, bool) {
		p := pos
		p.Col = col
		// The catalog of messages holds each format with this ending.
		diags.Errorf(p, format+"; an update heading looks like %q (use ### for a subheading inside an update)", append(args, HeadingExample)...)
		return u, false
	}
	if len(fields) < 4 {
		col := 4
		if len(fields) > 1 {
			col = fields[1].col
		}
		return bad(col, "malformed update heading %q", strings.TrimSpace(line))
	}
	date, clock := fields[1], fields[2]
	if _, err := time.Parse("2006-01-02", date.s); err != nil {
		return bad(date.col, "malformed date %q in update heading: want YYYY-MM-DD", date.s)
	}
	if _, err := time.Parse("15:04", clock.s); err != nil || len(clock.s) != 5 {
		return bad(clock.col, "malformed time %q in update heading: want HH:MM (24-hour)", clock.s)
	}
	rest := fields[3:]
	var at time.Time
	if c := rest[0].s[0]; (c == '+' || c == '-') && (len(rest) > 1 || looksLikeOffset(rest[0].s)) {
		t, err := time.Parse("2006-01-02 15:04 -07:00", date.s+" "+clock.s+" "+rest[0].s)
		if err != nil {
			return bad(rest[0].col, "malformed offset %q in update heading: want +HH:MM or -HH:MM", rest[0].s)
		}
		at = t
		rest = rest[1:]
	} else {
		t, err := time.ParseInLocation("2006-01-02 15:04", date.s+" "+clock.s, loc)
		if err != nil {
			return bad(date.col, "malformed date or time in update heading")
		}
		at = t
	}
	if len(rest) == 0 {
		last := fields[len(fields)-1]
		return bad(last.col+utf8.RuneCountInString(last.s)+1, "the update heading has no status word after the time offset")
	}
	if len(rest) != 1 {
		return bad(rest[0].col, "the update heading must end with exactly one status word, got %q", joinFields(rest))
	}
	u.At = at
	u.Status = Status(strings.ToLower(rest[0].s))
	valid, kind := IncidentStatuses, "incidents"
	if maintenance {
		valid, kind = MaintenanceStatuses, "maintenance"
	}
	names := make([]string, len(valid))
	for i, s := range valid {
		names[i] = string(s)
	}
	if !contains(names, string(u.Status)) {
		p := pos
		p.Col = rest[0].col
		if s := diag.Suggest(string(u.Status), names); s != "" {
			diags.Errorf(p, "invalid status %q for %s; did you mean %q? (valid: %s)", rest[0].s, diag.Word(kind), s, strings.Join(names, ", "))
		} else {
			diags.Errorf(p, "invalid status %q for %s (valid: %s)", rest[0].s, diag.Word(kind), strings.Join(names, ", "))
		}
		return u, false
	}
	return u, true
}

// looksLikeOffset reports whether s is shaped like ±HH:MM, so that a
// heading ending in an offset is told it lacks a status, rather than that
// "+09:00" is not a status.
func looksLikeOffset(s string) bool {
	return len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':'
}

type field struct {
	s   string
	col int // 1-based, in characters
}

func fieldsWithCols(line string) []field {
	var out []field
	col, startCol, start := 1, 0, -1
	for i, r := range line {
		if r == ' ' || r == '\t' {
			if start >= 0 {
				out = append(out, field{line[start:i], startCol})
				start = -1
			}
		} else if start < 0 {
			start, startCol = i, col
		}
		col++
	}
	if start >= 0 {
		out = append(out, field{line[start:], startCol})
	}
	return out
}

func joinFields(fs []field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.s
	}
	return strings.Join(parts, " ")
}

// check runs the rules that span the front matter and the timeline.
func check(in *Incident, diags *diag.List) {
	if len(in.Updates) > 0 {
		newest := in.Updates[0]
		switch {
		case in.Resolved.IsZero() && newest.Status.Final():
			// The newest update closes it; its time is the recovery time.
			in.Resolved = newest.At
		case !in.Resolved.IsZero() && !newest.Status.Final():
			diags.Warnf(newest.Pos, "resolved is set, but the newest update says %q: add a %q update at the top", newest.Status, finalFor(in))
		}
	}
	if !in.IsMaintenance() && !in.Started.IsZero() {
		// Maintenance is announced ahead of its start; an incident's
		// reports come after it began, so an earlier one has a wrong date.
		for _, u := range in.Updates {
			if u.At.Before(in.Started) {
				diags.Errorf(u.Pos, "this update (%s) is before the incident started (%s): check its date, or move started earlier",
					u.At.In(in.Started.Location()).Format("2006-01-02 15:04"), in.Started.Format("2006-01-02 15:04"))
			}
		}
	}
	for i := 1; i < len(in.Updates); i++ {
		prev, u := in.Updates[i-1], in.Updates[i]
		switch {
		case u.At.Equal(prev.At):
			diags.Errorf(u.Pos, "two updates at the same minute (%s, also at line %d): give each update its own time", u.At.Format("2006-01-02 15:04"), prev.Pos.Line)
		case u.At.After(prev.At):
			diags.Errorf(u.Pos, "updates must be newest first: this one (%s) is newer than the one above it at line %d (%s); move it up",
				u.At.Format("2006-01-02 15:04"), prev.Pos.Line, prev.At.Format("2006-01-02 15:04"))
		}
	}
}

func finalFor(in *Incident) Status {
	if in.IsMaintenance() {
		return Completed
	}
	return Resolved
}
