package status

import "time"

// Changed returns when what the site shows of in last changed, as seen at
// Now: the latest of its start, its updates and its end and, while it was
// still open, its ETA and next-update time (their passing changes what
// the pages and feeds say), that is not after Now. A cancelled maintenance
// changes only with its updates. Pages print it instead
// of the build time, and the JSON API gives it as updated_at, so a rebuild
// with nothing new writes the same bytes.
func (m *Model) Changed(in *Incident) time.Time {
	if in.changedKnown {
		return in.changed
	}
	return m.changedOf(in)
}

// changedOf works out Changed; New keeps its result in each incident,
// since pages, feeds and the API ask for it many times per incident.
func (m *Model) changedOf(in *Incident) time.Time {
	var last time.Time
	see := func(t time.Time) {
		if !t.IsZero() && !t.After(m.Now) && t.After(last) {
			last = t
		}
	}
	for i := range in.Updates {
		see(in.Updates[i].At)
	}
	if in.Cancelled && !in.Resolved.IsZero() && !in.Resolved.After(m.Now) {
		// A cancelled maintenance keeps its planned window for calendars,
		// but nothing happens when that window comes and goes.
		see(in.Resolved)
		return last
	}
	see(in.Started)
	see(in.End)
	for _, t := range []time.Time{in.ETA, in.NextUpdate} {
		if in.End.IsZero() || t.Before(in.End) {
			see(t)
		}
	}
	return last
}

// LastChange returns the latest Changed of list. With nothing to go by
// (no incident has started yet) it is the start of Now's day in the
// site's zone, when the uptime window last moved on.
func (m *Model) LastChange(list []*Incident) time.Time {
	if m.lastKnown && len(list) == len(m.Incidents) && len(list) > 0 && list[0] == m.Incidents[0] {
		return m.last // the whole site's, which every page's footer asks for
	}
	if m.lastKnown && len(list) > 0 {
		for _, c := range m.Components {
			if len(list) == len(c.Incidents) && &list[0] == &c.Incidents[0] {
				return m.lastOf(c.last) // a component's, for its pages
			}
		}
	}
	var last time.Time
	for _, in := range list {
		if t := m.Changed(in); t.After(last) {
			last = t
		}
	}
	return m.lastOf(last)
}

// lastOf is LastChange of a list whose latest Changed is last.
func (m *Model) lastOf(last time.Time) time.Time {
	if last.IsZero() {
		y, mo, d := m.Now.Date()
		return time.Date(y, mo, d, 0, 0, 0, 0, m.Now.Location())
	}
	return last.In(m.Now.Location())
}
