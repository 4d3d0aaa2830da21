package importer

import (
	"regexp"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/source"
)

var (
	// trackPattern is cState's shortcode that dates an update:
	// {{< track "2018-04-13 17:30:00" >}}.
	trackPattern = regexp.MustCompile(`\{\{[<%]\s*track\s+"([^"]*)"\s*[>%]\}\}`)
	// statusPattern is the emphasised word that starts an update
	// paragraph: "*Monitoring* - We believe ...".
	statusPattern = regexp.MustCompile(`^\s*\*{1,2}([^*\n]{1,40}?)\*{1,2}\s*[-–—:]\s*`)
	// postmortemPattern is a paragraph that only says "*Post-mortem*".
	postmortemPattern = regexp.MustCompile(`(?i)^\s*[*_]{1,2}\s*post[- ]?mortem\s*[*_]{1,2}:?\s*$`)
	// shortcodePattern is any other Hugo shortcode, which statuspress
	// would show as text.
	shortcodePattern = regexp.MustCompile(`\{\{[<%].*?[>%]\}\}`)
)

// block is a paragraph of the body and the line it starts on.
type block struct {
	line  int
	text  string
	after bool // follows a thematic break (---)
}

// blocks splits the body into paragraphs at blank lines and thematic
// breaks, keeping fenced code whole.
func blocks(lines []string, start int) []block {
	var out []block
	var cur []string
	first, brk := 0, false
	fence := ""
	flush := func() {
		if t := strings.TrimSpace(strings.Join(cur, "\n")); t != "" {
			out = append(out, block{line: first + 1, text: t, after: brk})
			brk = false
		}
		cur = nil
	}
	for i := start; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if fence != "" {
			cur = append(cur, l)
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			if len(cur) == 0 {
				first = i
			}
			fence = t[:3]
			cur = append(cur, l)
		case t == "":
			flush()
		case t == "---" || t == "***" || t == "___":
			flush()
			brk = true
		default:
			if len(cur) == 0 {
				first = i
			}
			cur = append(cur, l)
		}
	}
	flush()
	return out
}

// body reads the summary, the dated update paragraphs and a postmortem.
// Updates without a date get one, told in a note: the end for a closing
// word when it is known, else the start.
func (r *csReader) body(in *Incident, file string, lines []string, start int, resolvedWhen time.Time) {
	var summary, post []string
	inPost := false
	last := -1 // index of the update a continuation paragraph belongs to
	for _, b := range blocks(lines, start) {
		pos := diag.Pos{File: file, Line: b.line, Col: 1}
		if b.after {
			inPost = false
		}
		if postmortemPattern.MatchString(b.text) {
			inPost = true
			continue
		}
		m := trackPattern.FindStringSubmatch(b.text)
		word := statusPattern.FindStringSubmatch(b.text)
		if m == nil && word == nil {
			text := r.shortcodes(b.text, pos)
			switch {
			case inPost:
				post = append(post, text)
			case last >= 0 && !b.after:
				in.Updates[last].Body += "\n\n" + text
			default:
				if b.after && len(summary) > 0 {
					// Between paragraphs of the text a rule is part of it.
					summary = append(summary, "---")
				}
				summary = append(summary, text)
				last = -1
			}
			continue
		}
		inPost = false
		text := trackPattern.ReplaceAllString(b.text, "")
		st := source.Updated
		if word != nil {
			var ok bool
			st, ok = cStateStatus(word[1])
			if ok {
				text = text[len(word[0]):]
			} else {
				r.site.Notes.Warnf(pos, "status word %q has no match in statuspress: written as update, with the word kept in the text", strings.TrimSpace(word[1]))
			}
		}
		u := Update{Status: st, Body: r.shortcodes(strings.TrimSpace(text), pos), Pos: pos}
		bad := ""
		if m != nil {
			t, ok := hugoTime(m[1], r.loc)
			if !ok {
				bad = m[1]
			}
			u.At = t
		}
		if u.At.IsZero() {
			r.undated(&u, in.Started, resolvedWhen, bad)
		}
		in.Updates = append(in.Updates, u)
		last = len(in.Updates) - 1
	}
	sortUpdates(in.Updates)
	in.Summary = strings.Join(summary, "\n\n")
	in.Postmortem = strings.Join(post, "\n\n")
}

// undated dates an update that has no track date (or one that cannot
// be read, bad): the end for a closing word when it is known, else the
// start; a note says which.
func (r *csReader) undated(u *Update, started, resolvedWhen time.Time, bad string) {
	final := u.Status.Final() && !resolvedWhen.IsZero()
	u.At = started
	if final {
		u.At = resolvedWhen
	}
	when := u.At.Format("2006-01-02 15:04:05 -07:00")
	switch {
	case bad == "" && final:
		r.site.Notes.Warnf(u.Pos, "this update has no {{< track >}} date: dated %s, from resolvedWhen", when)
	case bad == "":
		r.site.Notes.Warnf(u.Pos, "this update has no {{< track >}} date: dated %s, the date of the post", when)
	case final:
		r.site.Notes.Warnf(u.Pos, "track date %q is not a date and time: dated %s, from resolvedWhen", bad, when)
	default:
		r.site.Notes.Warnf(u.Pos, "track date %q is not a date and time: dated %s, the date of the post", bad, when)
	}
}

// shortcodes reports Hugo shortcodes left in text, which statuspress
// does not run.
func (r *csReader) shortcodes(text string, pos diag.Pos) string {
	if sc := shortcodePattern.FindString(text); sc != "" {
		r.site.Notes.Warnf(pos, "Hugo shortcode %s is not run by statuspress: kept as text", sc)
	}
	return text
}

// cStateStatus maps the word that starts an update; ok is false for a
// word statuspress has no status for.
func cStateStatus(word string) (source.Status, bool) {
	switch strings.ToLower(strings.TrimSpace(word)) {
	case "investigating":
		return source.Investigating, true
	case "identified":
		return source.Identified, true
	case "monitoring":
		return source.Monitoring, true
	case "resolved", "fixed", "closed", "completed", "recovered":
		return source.Resolved, true
	case "update", "updated", "updates":
		return source.Updated, true
	}
	return source.Updated, false
}
