package source

import (
	"html/template"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/sanitize"
)

// HeadingExample is shown whenever an update heading cannot be read.
const HeadingExample = "## 2026-11-20 09:20 investigating"

// section is a run of body lines under one heading.
type section struct {
	line int // 1-based line of the heading, or of the first line
	// raw is its lines joined with "\n": while they follow one another
	// in the file, a cut of its text from start to end (byte offsets),
	// else a copy (end is then -1); n counts them.
	raw        string
	start, end int
	n          int
	// parts are its text in other languages, each after a line
	// "### <code>" (see lang.go).
	parts []langPart
}

// add appends a line of the file's text src, at byte offset off, to the
// section: to its newest part in another language, or to its own lines
// before the first part.
func (s *section) add(src string, off int, line string) {
	if n := len(s.parts); n > 0 {
		s.parts[n-1].sec.add(src, off, line)
		return
	}
	switch {
	case s.n == 0:
		s.raw, s.start, s.end = line, off, off+len(line)
	case s.end >= 0 && s.end+1 == off:
		s.end = off + len(line)
		s.raw = src[s.start:s.end]
	default:
		s.raw, s.end = s.raw+"\n"+line, -1
	}
	s.n++
}

func (s section) text() string { return strings.TrimSpace(s.raw) }

// parseBody splits the Markdown after the front matter into the summary,
// the updates and the postmortem. start is the 0-based index of the first
// body line.
//
// A dated level-2 heading is an update wherever it is, so a postmortem
// written above the updates never hides them: the postmortem runs from
// "## Postmortem" to the next update heading or the end of the file.
// text is the file's text, off the byte offset of lines[start] in it,
// and headings the number of level-2 headings (updates, most often).
func parseBody(in *Incident, text string, lines []string, start, off, headings int, opts Options, diags *diag.List) {
	summary := section{line: start + 1}
	var post *section
	cur := &summary
	fence := ""
	type pending struct {
		u   Update
		sec section
	}
	ups := make([]pending, 0, headings)
	for i := start; i < len(lines); i++ {
		line := lines[i]
		if i > start {
			off += len(lines[i-1]) + 1 // line's offset in text
		}
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
		if fence != "" {
			cur.add(text, off, line)
			continue
		}
		if lang, ok := langMarker(line, opts.Languages); ok {
			startPart(in, cur, lang, i+1, diags)
			continue
		}
		if lang, ok := langMarker(line, []string{opts.Default}); ok && opts.Default != "" && len(opts.Languages) > 0 {
			diags.Errorf(diag.Pos{File: in.File, Line: i + 1, Col: 1}, "the text in %s, the default language, comes first, without a heading: remove this line ### %s", lang, lang)
			continue
		}
		t, isH2 := h2(line)
		if !isH2 {
			misleveled(in.File, i+1, line, opts.StatusWords, diags)
			if i > start && setextUnderline(line) {
				underlined(in.File, i, lines[i-1], opts.StatusWords, diags)
			}
			cur.add(text, off, line)
			continue
		}
		head := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[2:]), "#"))
		pos := diag.Pos{File: in.File, Line: i + 1, Col: 1}
		if strings.EqualFold(head, "postmortem") {
			if post != nil {
				diags.Errorf(pos, "a second ## Postmortem (the first is at line %d): keep one, and put the whole report under it", post.line-1)
				cur.add(text, off, line)
				continue
			}
			post = &section{line: i + 2}
			cur = post
			continue
		}
		if cur == post && !dated(head) {
			cur.add(text, off, line) // "## Root cause" and the like are the postmortem's own
			continue
		}
		if head != "" && (head[0] < '0' || head[0] > '9') {
			// "## Root cause", "## Post-mortem", "## 事後報告": a heading
			// of the person's own, where the file holds updates. Say
			// where a postmortem goes, rather than how to date an update.
			p := pos
			p.Col = utf8.RuneCountInString(line[:len(line)-len(strings.TrimLeft(t[2:], " \t"))]) + 1
			diags.Errorf(p, "%q is not an update (an update heading starts with its date and time, like %q): a postmortem goes after the oldest update, under one ## Postmortem heading, and a subheading inside an update takes ###", strings.TrimSpace(line), HeadingExample)
			if len(ups) == 0 {
				in.topBroken = true
			}
			cur = &section{line: i + 2}
			continue
		}
		u, ok := parseHeading(line, pos, opts.Location, in.IsMaintenance(), opts.StatusWords, diags)
		switch {
		case ok:
			// cur is only ever the newest: ups may move as it grows.
			ups = append(ups, pending{u: u, sec: section{line: i + 2}})
			cur = &ups[len(ups)-1].sec
		case len(ups) == 0:
			in.topBroken = true
			fallthrough
		default:
			cur = &section{line: i + 2}
		}
	}
	in.Summary = render(in, summary, opts, diags)
	if t := renderParts(in, &summary, diag.Pos{File: in.File, Line: firstText(summary), Col: 1}, "the introduction", opts, diags); t != nil {
		in.more().summaryLang = t
	}
	in.Updates = make([]Update, len(ups))
	for i := range ups {
		p := &ups[i]
		p.u.Body = render(in, p.sec, opts, diags)
		in.Updates[i] = p.u
		in.setUpdateLang(i, renderParts(in, &p.sec, in.UpdatePos(p.u), "this update", opts, diags))
	}
	if post != nil {
		in.Postmortem = render(in, *post, opts, diags)
		if t := renderParts(in, post, diag.Pos{File: in.File, Line: post.line - 1, Col: 1}, "the postmortem", opts, diags); t != nil {
			in.more().postmortemLang = t
		}
	}
}

// render turns a section into safe HTML, and adds its text to in.Texts.
// The text was cleaned before parsing, but Markdown turns a character
// reference such as &#11; into the character itself: the same rule
// cleans the result.
func render(in *Incident, s section, opts Options, diags *diag.List) template.HTML {
	raw := s.raw
	text := strings.TrimSpace(raw)
	if text == "" {
		return ""
	}
	in.Texts = append(in.Texts, Text{Line: int32(s.line), Col: 1, Text: raw})
	h := string(opts.Markdown.HTML(text))
	clean, bad := sanitize.Text(h)
	if len(bad) > 0 {
		diags.Warnf(diag.Pos{File: in.File, Line: s.line, Col: 1}, "the text from this line writes the invisible character %U (%s) as a character reference (like &#11;), which feeds and calendars cannot carry: delete it", bad[0].Rune, diag.Word(bad[0].Name))
	}
	return template.HTML(opts.strs.own(clean)) // only replaced characters: still the renderer's safe HTML
}

// dated reports whether a heading's text starts with something shaped
// like a date, as an update heading does.
func dated(head string) bool {
	f := strings.Fields(head)
	return len(f) > 0 && isDateShaped(f[0])
}

func isDateShaped(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func isClockShaped(s string) bool {
	h, rest, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 {
		return false
	}
	for _, part := range append([]string{h}, strings.Split(rest, ":")...) {
		if part == "" || strings.Trim(part, "0123456789") != "" {
			return false
		}
	}
	return true
}

// misleveled reports a heading other than level 2, or "##" without the
// space Markdown needs, whose text reads as an update (a date, a time and
// a status): it would be shown as text inside the update above it, and
// the timeline would silently miss it.
func misleveled(file string, line int, text string, words map[string]Status, diags *diag.List) {
	t := strings.TrimLeft(text, " ")
	indent := len(text) - len(t)
	n := len(t) - len(strings.TrimLeft(t, "#"))
	if indent > 3 || n == 0 {
		return
	}
	rest := t[n:]
	spaced := rest != "" && (rest[0] == ' ' || rest[0] == '\t')
	if n > 6 || (n == 2 && spaced) {
		return
	}
	f := strings.Fields(strings.TrimRight(strings.TrimSpace(rest), "#"))
	if len(f) < 3 || !isDateShaped(f[0]) || !isClockShaped(f[1]) || !isStatusWord(f[len(f)-1], words) {
		return
	}
	f[len(f)-1] = statusOf(f[len(f)-1], words)
	fixed := "## " + strings.Join(f, " ")
	pos := diag.Pos{File: file, Line: line, Col: indent + 1}
	if n == 2 {
		diags.Errorf(pos, "this looks like an update heading but has no space after ##, so it is shown as text: write %s", fixed)
		return
	}
	if n == 1 {
		diags.Errorf(pos, "this looks like an update but its heading has one # sign, so it is shown as text inside another update: use two # signs: %s", fixed)
		return
	}
	diags.Errorf(pos, "this looks like an update but its heading has %d # signs, so it is shown as text inside another update: use two # signs: %s", n, fixed)
}

// setextUnderline reports whether line can underline the line above it
// into a heading (Markdown's other way of writing one).
func setextUnderline(line string) bool {
	t := strings.TrimSpace(line)
	return len(line)-len(strings.TrimLeft(line, " ")) <= 3 && t != "" &&
		(strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}

// underlined reports an update written as a heading by underlining it:
// it is a heading, but not an update.
func underlined(file string, line int, text string, words map[string]Status, diags *diag.List) {
	f := strings.Fields(text)
	if len(f) < 3 || !isDateShaped(f[0]) || !isClockShaped(f[1]) || !isStatusWord(f[len(f)-1], words) || len(text)-len(strings.TrimLeft(text, " ")) > 3 {
		return
	}
	f[len(f)-1] = statusOf(f[len(f)-1], words)
	diags.Errorf(diag.Pos{File: file, Line: line, Col: 1}, "this looks like an update, but the line under it makes it a plain heading: write ## %s and remove the line below", strings.Join(f, " "))
}

// isStatusWord reports whether w is a status, in English or in the
// site's words.
func isStatusWord(w string, words map[string]Status) bool {
	w = strings.ToLower(w)
	if _, ok := words[w]; ok {
		return true
	}
	for _, s := range append(slices.Clone(IncidentStatuses), MaintenanceStatuses...) {
		if string(s) == w {
			return true
		}
	}
	return false
}

// statusOf gives the status a heading takes for w: the status that the
// site's word w stands for, else w itself.
func statusOf(w string, words map[string]Status) string {
	if s, ok := words[strings.ToLower(w)]; ok {
		return string(s)
	}
	return w
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

// parseHeading reads "## YYYY-MM-DD HH:MM[:SS][ ±HH:MM] status".
func parseHeading(line string, pos diag.Pos, loc *time.Location, maintenance bool, words map[string]Status, diags *diag.List) (Update, bool) {
	u := Update{Line: int32(pos.Line)}
	var buf [8]field
	fields := fieldsWithCols(buf[:0], line)
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
	if !plainDate(date.s) {
		if _, err := time.Parse("2006-01-02", date.s); err != nil {
			return bad(date.col, "malformed date %q in update heading: want YYYY-MM-DD", date.s)
		}
	}
	clockLayout := "15:04"
	if len(clock.s) == 8 {
		clockLayout = "15:04:05" // seconds tell apart several updates in one minute
	}
	if !plainClock(clock.s) {
		if _, err := time.Parse(clockLayout, clock.s); err != nil || (len(clock.s) != 5 && len(clock.s) != 8) {
			return bad(clock.col, "malformed time %q in update heading: want HH:MM or HH:MM:SS (24-hour)", clock.s)
		}
	}
	rest := fields[3:]
	var at time.Time
	if c := rest[0].s[0]; (c == '+' || c == '-') && (len(rest) > 1 || looksLikeOffset(rest[0].s)) {
		t, err := time.Parse("2006-01-02 "+clockLayout+" -07:00", date.s+" "+clock.s+" "+rest[0].s)
		if err != nil {
			return bad(rest[0].col, "malformed offset %q in update heading: want +HH:MM or -HH:MM", rest[0].s)
		}
		at = t
		rest = rest[1:]
	} else {
		// Both parsed above, so they are YYYY-MM-DD and HH:MM[:SS]: this
		// is time.ParseInLocation of the two, without joining them.
		sec := 0
		if len(clock.s) == 8 {
			sec = digits(clock.s[6:8])
		}
		at = time.Date(digits(date.s[0:4]), time.Month(digits(date.s[5:7])), digits(date.s[8:10]),
			digits(clock.s[0:2]), digits(clock.s[3:5]), sec, 0, loc)
	}
	if len(rest) == 0 {
		last := fields[len(fields)-1]
		return bad(last.col+utf8.RuneCountInString(last.s)+1, "the update heading has no status word after the time offset")
	}
	if len(rest) != 1 {
		return bad(rest[0].col, "the update heading must end with exactly one status word, got %q", joinFields(rest))
	}
	u.At = at
	u.Status = statusNamed(strings.ToLower(rest[0].s))
	valid, kind := IncidentStatuses, "incidents"
	if maintenance {
		valid, kind = MaintenanceStatuses, "maintenance"
	}
	if !slices.Contains(valid, u.Status) {
		names := make([]string, len(valid))
		for i, s := range valid {
			names[i] = string(s)
		}
		p := pos
		p.Col = rest[0].col
		if st, ok := words[string(u.Status)]; ok && contains(names, string(st)) {
			// The word the page shows (調査中): the file takes its name.
			h := strings.TrimSpace(line)
			i := strings.LastIndex(h, rest[0].s)
			diags.Errorf(p, "%q is how the page shows %s: the file takes the English name: %s", rest[0].s, string(st), h[:i]+string(st)+h[i+len(rest[0].s):])
			return u, false
		}
		if s := diag.Suggest(string(u.Status), names); s != "" {
			diags.Errorf(p, "invalid status %q for %s; did you mean %q? (valid: %s)", rest[0].s, diag.Word(kind), s, strings.Join(names, ", "))
		} else {
			diags.Errorf(p, "invalid status %q for %s (valid: %s)", rest[0].s, diag.Word(kind), strings.Join(names, ", "))
		}
		return u, false
	}
	return u, true
}

// plainDate reports whether s is a date time.Parse takes as YYYY-MM-DD
// for certain, told without it: four digits, a month, a day the month
// always has. The few others (the 29th to the 31st) are left to it.
func plainDate(s string) bool {
	if !isDateShaped(s) {
		return false
	}
	m, d := digits(s[5:7]), digits(s[8:10])
	return m >= 1 && m <= 12 && d >= 1 && d <= 28
}

// plainClock reports whether s is HH:MM or HH:MM:SS that time.Parse
// takes for certain, told without it.
func plainClock(s string) bool {
	if len(s) != 5 && len(s) != 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i%3 == 2 {
			if s[i] != ':' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return digits(s[0:2]) < 24 && digits(s[3:5]) < 60 && (len(s) == 5 || digits(s[6:8]) < 60)
}

// digits is the number written in s, which holds only digits.
func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
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

// fieldsWithCols appends the fields of line to out.
func fieldsWithCols(out []field, line string) []field {
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
		// Open or over is never a guess: the resolved line and the newest
		// update must say the same.
		newest := in.Updates[0]
		resolvedPos, hasResolved := in.KeyPos("resolved")
		switch {
		case hasResolved && !newest.Status.Final() && !in.topBroken:
			// (With a broken heading on top, its error is the one to fix.)
			diags.Errorf(resolvedPos, "resolved is set on this line, but the newest update (line %d) says %q, so customers would be told it is over: if it is open again, remove this line; if it is over, add a %q update at the top",
				newest.Line, newest.Status, finalFor(in))
		case !hasResolved && newest.Status.Final():
			// Not a disagreement: a final update on top is the documented
			// short way to close, and its time is the recovery time.
			in.Resolved = newest.At
		}
	}
	// An update that is not final after one that is reopens the incident
	// (or maintenance): the timeline says so.
	closed := false
	for i := len(in.Updates) - 1; i >= 0; i-- {
		u := &in.Updates[i]
		if u.Status.Final() {
			closed = true
		} else if closed {
			u.Reopened, closed = true, false
		}
	}
	if !in.IsMaintenance() && !in.Started.IsZero() {
		// Maintenance is announced ahead of its start; an incident's
		// reports come after it began, so an earlier one has a wrong date.
		for _, u := range in.Updates {
			if u.At.Before(in.Started) {
				diags.Errorf(in.UpdatePos(u), "this update (%s) is before the incident started (%s): check its date, or move started earlier",
					clockText(u.At.In(in.Started.Location())), clockText(in.Started))
			}
		}
	}
	for i := 1; i < len(in.Updates); i++ {
		prev, u := in.Updates[i-1], in.Updates[i]
		switch {
		case u.At.Equal(prev.At):
			diags.Errorf(in.UpdatePos(u), "two updates at the same time (%s, also at line %d): give each update its own time; for several in one minute, add seconds to the newer one above, like %s",
				clockText(u.At), prev.Line, secondsExample(prev.At))
		case u.At.After(prev.At):
			diags.Errorf(in.UpdatePos(u), "updates must be newest first: this one (%s) is newer than the one above it at line %d (%s); move it up",
				clockText(u.At), prev.Line, clockText(prev.At))
		}
	}
}

// clockText is a heading's time as it would be written, with seconds
// only when it has them.
func clockText(t time.Time) string {
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// secondsExample is a time in the same minute as t, later than it, to
// show how seconds are written.
func secondsExample(t time.Time) string {
	if t.Second() < 59 {
		t = t.Add(time.Second)
		if t.Second() == 1 {
			t = t.Add(29 * time.Second)
		}
	}
	return t.Format("15:04:05")
}

func finalFor(in *Incident) Status {
	if in.IsMaintenance() {
		return Completed
	}
	return Resolved
}
