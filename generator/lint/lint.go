// Package lint owns the warnings: what is valid but probably wrong, or
// unsafe to publish. It looks at the status model at "now": an estimate
// that has passed, a promised update that is late, an incident left open
// for days, and internal details (addresses, internal host names, stack
// traces, secrets) in any public text. Warnings never stop a build;
// `check -strict` fails on them, for CI and git hooks.
package lint

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// StaleAfter is how long an incident may stay unresolved before check
// asks whether someone forgot to resolve it.
const StaleAfter = 7 * 24 * time.Hour

// FutureAfter is how far past "now" an incident's update may be dated
// before check asks about a typo in its date: such an update would stay
// at the top, as the latest news, until that day. Planned maintenance
// announces future times on purpose and is not checked.
const FutureAfter = 24 * time.Hour

// Check returns the warnings about the model's incidents, sorted.
func Check(m *status.Model) diag.List {
	out := Timing(m)
	for _, in := range m.Incidents {
		out.Append(Texts(in.Incident))
	}
	out.Sort()
	return out
}

// Timing returns the warnings that depend on "now": passed estimates,
// late updates, incidents left open.
func Timing(m *status.Model) diag.List {
	var timed []*status.Incident
	for _, in := range m.Incidents {
		if Timed(m, in) {
			timed = append(timed, in)
		}
	}
	return TimingOf(m, timed)
}

// Timed reports whether Timing may warn about in: it is open, or its
// newest report (updates are newest first) is dated over FutureAfter
// ahead. It looks at the model's own fields only, so that a caller can
// go over every incident of a large site on every build.
func Timed(m *status.Model, in *status.Incident) bool {
	return in.Phase == status.Active || in.ETAGiven().After(m.Now.Add(FutureAfter))
}

// TimingOf returns Timing's warnings about the incidents of list, which
// holds every incident of m that is Timed.
func TimingOf(m *status.Model, list []*status.Incident) diag.List {
	var out diag.List
	for _, in := range list {
		timing(&out, in, m.Now, m.Site.Location)
	}
	return out
}

// Texts returns the warnings about internal details in one incident's
// public text. They depend on the file alone, so callers may keep them
// with the parsed file.
func Texts(in *source.Incident) diag.List {
	var out diag.List
	for _, t := range in.Texts {
		for _, f := range Scan(t.Text) {
			// Kind and advice are the tool's words: a catalog translates them.
			if f.Secret {
				out.Warnf(position(in.TextPos(t), t, f.Offset), "%s starting %q in public text: %s", diag.Word(f.Kind), f.Shown, diag.Word(f.Advice))
			} else {
				out.Warnf(position(in.TextPos(t), t, f.Offset), "%s %q in public text: %s", diag.Word(f.Kind), f.Shown, diag.Word(f.Advice))
			}
		}
	}
	return out
}

func timing(out *diag.List, in *status.Incident, now time.Time, loc *time.Location) {
	key := func(k string) diag.Pos {
		if p, ok := in.KeyPos(k); ok {
			return p
		}
		return diag.Pos{File: in.File, Line: 1, Col: 1}
	}
	stamp := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04 MST") }
	if !in.IsMaintenance() {
		for _, u := range in.Updates {
			if u.At.After(now.Add(FutureAfter)) {
				out.Warnf(in.UpdatePos(u), "this update is dated %s, more than a day after now (%s): check the date; a wrong year or month keeps it on top as the latest news until then", stamp(u.At), stamp(now))
			}
		}
	}
	if in.Phase != status.Active {
		return
	}
	if !in.ETA.IsZero() && in.ETA.Before(now) {
		out.Warnf(key("eta"), "the estimated recovery time %s has passed and the incident is not resolved: post an update with a new -eta, or resolve it", stamp(in.ETA))
	}
	if !in.NextUpdate.IsZero() && in.NextUpdate.Before(now) {
		out.Warnf(key("next_update"), "the next update was promised by %s and is late: post an update", stamp(in.NextUpdate))
	}
	if age := now.Sub(in.Started); age > StaleAfter {
		out.Warnf(key("started"), "the incident has been unresolved for %d days: resolve it if it is over", int(age/(24*time.Hour)))
	}
}

// position returns where byte offset off of a public text is in the
// file, given where the text starts.
// Texts from the Markdown body are the file's lines as written. Texts
// from front matter strings start at the opening quote; their decoded
// value is mapped back assuming it has no escapes before the match and,
// when it spans lines, that it is a """ string whose text starts on the
// line after the quotes.
func position(p diag.Pos, t source.Text, off int) diag.Pos {
	before := t.Text[:off]
	nl := strings.Count(before, "\n")
	last := before[strings.LastIndexByte(before, '\n')+1:]
	col := utf8.RuneCountInString(last) + 1
	fromBody := p.Col <= 1
	switch {
	case fromBody:
		p.Line += nl
		p.Col = col
	case nl == 0 && !strings.Contains(t.Text, "\n"):
		p.Col += col // past the opening quote
	default:
		p.Line += nl + 1
		p.Col = col
	}
	return p
}

// Finding is one piece of text that looks internal or secret.
type Finding struct {
	Offset int    // byte offset in the text
	Len    int    // length in bytes
	What   string // "IP address \"10.0.0.1\"", with secrets shortened
	Advice string
	Kind   string // "IP address"
	Shown  string // what What quotes of the text: a secret's first characters
	Secret bool
}

// describe returns what a finding shows of the matched text: secrets are
// cut to their first characters, so the warning itself does not spread
// them into CI logs.
func describe(kind, match string, secret bool) string {
	if secret {
		return fmt.Sprintf("%s starting %q", kind, shown(match, secret))
	}
	return fmt.Sprintf("%s %q", kind, shown(match, secret))
}

// shown returns the part of a match a warning may quote.
func shown(match string, secret bool) string {
	if secret {
		return match[:min(4, len(match))] + "…"
	}
	if utf8.RuneCountInString(match) > 60 {
		match = string([]rune(match)[:60]) + "…"
	}
	return match
}
