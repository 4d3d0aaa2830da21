package status

import (
	"slices"
	"time"

	"github.com/statuspress/statuspress/generator/source"
)

// Period is a stretch of an incident's time during which it was open and
// the same severity and scope held. An incident without [[changes]] that
// was never reopened has one, from its start to its end.
type Period struct {
	From, To time.Time // To is zero while it is open-ended
	Severity source.Severity
	Scope    []string
}

// Has reports whether the component id was in scope during p.
func (p Period) Has(id string) bool { return slices.Contains(p.Scope, id) }

// periodsOf cuts the incident's time at every change and at every final
// update and reopening; the time between a final update and the update
// that reopened it is left out, since nothing was affected then. It is
// false for the common case, on every build of thousands: one stretch
// from the start to end with the file's severity and scope (see
// Incident.stretch), not kept.
func periodsOf(src *source.Incident, end time.Time) ([]Period, bool) {
	if len(src.Changes) == 0 && !reopened(src) {
		return nil, false
	}
	cuts := []time.Time{src.Started}
	for _, c := range src.Changes {
		cuts = append(cuts, c.At)
	}
	for _, u := range src.Updates {
		if u.Status.Final() || u.Reopened {
			cuts = append(cuts, u.At)
		}
	}
	slices.SortFunc(cuts, time.Time.Compare)
	cuts = slices.CompactFunc(cuts, time.Time.Equal)
	var out []Period
	// The facts at each cut, folded as the cuts go: FactsAt for each
	// would walk the changes once per cut.
	f, next := src.FactsAt(time.Time{}), 0
	for i, from := range cuts {
		for next < len(src.Changes) && !src.Changes[next].At.After(from) {
			f = src.Changes[next].Apply(f)
			next++
		}
		if from.Before(src.Started) || (!end.IsZero() && !from.Before(end)) {
			continue
		}
		to := end
		if i+1 < len(cuts) && (end.IsZero() || cuts[i+1].Before(end)) {
			to = cuts[i+1]
		}
		if closedAt(src, from) && i+1 < len(cuts) {
			continue // between a final update and a reopening
		}
		if n := len(out); n > 0 && out[n-1].To.Equal(from) && out[n-1].Severity == f.Severity && slices.Equal(out[n-1].Scope, f.Scope) {
			out[n-1].To = to
			continue
		}
		out = append(out, Period{From: from, To: to, Severity: f.Severity, Scope: f.Scope})
	}
	return out, true
}

func reopened(src *source.Incident) bool {
	for _, u := range src.Updates {
		if u.Reopened {
			return true
		}
	}
	return false
}

// closedAt reports whether the newest update at or before t is final.
func closedAt(src *source.Incident, t time.Time) bool {
	for _, u := range src.Updates { // newest first
		if !u.At.After(t) {
			return u.Status.Final()
		}
	}
	return false
}

// everScope lists every component the incident was in scope of at some
// moment, in the order they first appear.
func everScope(src *source.Incident) []string {
	if len(src.Changes) == 0 {
		return src.Scope
	}
	out := slices.Clone(src.FactsAt(src.Started).Scope)
	add := func(ids []string) {
		for _, id := range ids {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	for _, c := range src.Changes {
		add(c.Scope)
	}
	add(src.Scope)
	return out
}

// Entry is one update of the timeline as the incident page shows it:
// the update, whether it reopened the incident, and what changed with it.
type Entry struct {
	*source.Update
	Notes []Note
}

// Note kinds: what changed with an update.
const (
	NoteRaised            = "raised"  // Severity is the new one, worse
	NoteLowered           = "lowered" // Severity is the new one, better
	NoteScopeAdded        = "scope_added"
	NoteScopeRemoved      = "scope_removed"
	NoteImpact            = "impact"
	NoteWorkaround        = "workaround"
	NoteWorkaroundRemoved = "workaround_removed"
	NoteTitle             = "title"
)

// Note is one thing that changed with an update.
type Note struct {
	Kind       string
	Severity   source.Severity // raised, lowered
	Components []string        // ids, for scope_added and scope_removed
	Text       string          // the new impact, workaround or title
}

// Timeline returns the updates, newest first, each with what changed
// with it. It is computed when a page or feed asks, not for every
// incident of the model on every rebuild.
func (in *Incident) Timeline() []Entry { return timeline(in.Incident) }

func timeline(src *source.Incident) []Entry {
	out := make([]Entry, len(src.Updates))
	for i := range src.Updates {
		u := &src.Updates[i]
		out[i] = Entry{Update: u}
		if len(src.Changes) == 0 {
			continue
		}
		cs := src.ChangesAt(u.At)
		if len(cs) == 0 {
			continue
		}
		before := src.FactsAt(u.At.Add(-time.Nanosecond))
		after := src.FactsAt(u.At)
		out[i].Notes = notes(before, after)
	}
	return out
}

func notes(before, after source.Facts) []Note {
	var out []Note
	if before.Severity != after.Severity {
		kind := NoteRaised
		if Weight(after.Severity) < Weight(before.Severity) || LevelOf(after.Severity).Rank() < LevelOf(before.Severity).Rank() {
			kind = NoteLowered
		}
		out = append(out, Note{Kind: kind, Severity: after.Severity})
	}
	var added, removed []string
	for _, id := range after.Scope {
		if !slices.Contains(before.Scope, id) {
			added = append(added, id)
		}
	}
	for _, id := range before.Scope {
		if !slices.Contains(after.Scope, id) {
			removed = append(removed, id)
		}
	}
	if added != nil {
		out = append(out, Note{Kind: NoteScopeAdded, Components: added})
	}
	if removed != nil {
		out = append(out, Note{Kind: NoteScopeRemoved, Components: removed})
	}
	if before.Title != after.Title {
		out = append(out, Note{Kind: NoteTitle, Text: after.Title})
	}
	if before.Impact != after.Impact && after.Impact != "" {
		out = append(out, Note{Kind: NoteImpact, Text: after.Impact})
	}
	switch {
	case before.Workaround == after.Workaround:
	case after.Workaround == "":
		out = append(out, Note{Kind: NoteWorkaroundRemoved})
	default:
		out = append(out, Note{Kind: NoteWorkaround, Text: after.Workaround})
	}
	return out
}
