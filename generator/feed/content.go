package feed

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// content is an item's HTML: the update's own text, then what a reader
// needs without opening the page: scope, severity, impact, the planned
// window or the ETA (always as an estimate, with the time it was given),
// the next update and the workaround.
func (w writer) content(in *status.Incident, u *source.Update) string {
	var b strings.Builder
	switch {
	case u != nil:
		b.WriteString(w.changes(in, u))
		b.WriteString(string(u.Body))
	case in.Summary != "":
		b.WriteString(string(in.Summary))
	}
	fact := func(key, value string) {
		b.WriteString("<p><strong>")
		b.WriteString(html.EscapeString(w.text.T(key)))
		b.WriteString(":</strong> ")
		b.WriteString(value) // callers escape
		b.WriteString("</p>\n")
	}
	// What held when the item was written: a later change of severity
	// or scope does not rewrite an older item.
	f := source.Facts{Severity: in.Severity, Scope: in.Scope, Impact: in.Impact}
	if u != nil {
		f = in.FactsAt(u.At)
	}
	if names := w.names(f.Scope); names != "" {
		fact("affected", html.EscapeString(names))
	}
	fact("severity", html.EscapeString(w.text.T("severity_"+string(f.Severity))))
	if f.Impact != "" {
		fact("impact", html.EscapeString(f.Impact))
	}
	// The state of the incident now (recovery, estimate, next update,
	// workaround) belongs to its newest item only: an older item tells
	// what was known then, and must not change when the incident moves on.
	if u != nil && len(in.Updates) > 0 && u != &in.Updates[0] {
		return b.String()
	}
	switch {
	case in.IsMaintenance():
		window := html.EscapeString(stamp(in.Started, w))
		if !in.End.IsZero() {
			window += " – " + html.EscapeString(stamp(in.End, w))
		}
		fact("window", window)
	case in.Phase == status.Resolved:
		fact("resolved_at", html.EscapeString(stamp(in.Resolved, w)))
	case !in.ETA.IsZero():
		fact("eta", html.EscapeString(stamp(in.ETA, w))+" <em>("+
			html.EscapeString(w.text.T("eta_note", stamp(in.ETAGiven(), w)))+")</em>")
	}
	if in.IsOngoing() && !in.NextUpdate.IsZero() && in.NextUpdate.After(w.m.Now) {
		fact("next_update", html.EscapeString(stamp(in.NextUpdate, w)))
	}
	if in.Workaround != "" && in.Phase != status.Resolved && in.Phase != status.Completed {
		fact("workaround", html.EscapeString(in.Workaround))
	}
	return b.String()
}

// scopeNames lists the names of the components in scope, in scope order.
func (w writer) scopeNames(in *status.Incident) string { return w.names(in.Scope) }

// names lists the names of the components ids, in their order.
func (w writer) names(ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if c := w.m.Site.Component(id); c != nil {
			names = append(names, c.Name)
		} else {
			names = append(names, id)
		}
	}
	return strings.Join(names, ", ")
}

// plainText reduces the HTML of the safe Markdown renderer to one line of
// text of at most max characters. That renderer escapes every "<" and ">"
// in text and attributes, so dropping what lies between them drops exactly
// the tags; block tags become spaces so words do not run together.
func plainText(h string, max int) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		name := strings.TrimLeft(h[i+1:i+j], "/")
		if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
			name = name[:k]
		}
		if !inline[strings.ToLower(name)] {
			b.WriteByte(' ')
		}
		h = h[i+j+1:]
	}
	s := strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}

// inline lists the tags that do not separate words.
var inline = map[string]bool{"a": true, "em": true, "strong": true, "code": true, "del": true, "span": true, "b": true, "i": true}

// changes is the list of what changed with update u, as the incident
// page's timeline shows it above the update's text: that it reopened the
// incident, a new severity, scope, title, impact or workaround.
func (w writer) changes(in *status.Incident, u *source.Update) string {
	var lines []string
	for _, e := range in.Timeline() {
		if e.Update != u {
			continue
		}
		if u.Reopened {
			lines = append(lines, w.text.T("change_reopened"))
		}
		for _, n := range e.Notes {
			lines = append(lines, w.note(n))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<ul>\n")
	for _, l := range lines {
		b.WriteString("<li>" + html.EscapeString(l) + "</li>\n")
	}
	b.WriteString("</ul>\n")
	return b.String()
}

// note is the text of one change, from the theme's change_* strings.
func (w writer) note(n status.Note) string {
	switch n.Kind {
	case status.NoteRaised, status.NoteLowered:
		return w.text.T("change_" + n.Kind + "_" + string(n.Severity))
	case status.NoteScopeAdded, status.NoteScopeRemoved:
		names := make([]string, len(n.Components))
		for i, id := range n.Components {
			names[i] = w.names([]string{id})
		}
		return w.text.T("change_"+n.Kind) + strings.Join(names, w.text.T("names_sep"))
	case status.NoteWorkaroundRemoved:
		return w.text.T("change_workaround_removed")
	}
	return w.text.T("change_"+n.Kind) + n.Text
}
