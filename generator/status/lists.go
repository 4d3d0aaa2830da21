package status

// This file holds the lists of the model: how New fills them, their
// orders, what puts an incident in each, and what is worked out over a
// component's list.

import (
	"slices"
	"strings"
	"time"
)

// lists sorts the incidents and fills every list from them.
func (m *Model) lists() {
	m.Active, m.Upcoming, m.Ongoing, m.Maintenance, m.Unresolved = nil, nil, nil, nil, nil
	m.Reports = nil
	for _, c := range m.Components {
		c.Incidents = nil
	}
	m.Incidents = make([]*Incident, 0, m.basis.made.n)
	for _, block := range m.basis.made.blocks {
		for _, in := range block {
			if in != nil {
				m.Incidents = append(m.Incidents, in)
			}
		}
	}
	slices.SortFunc(m.Incidents, newest)
	for i := 1; i < len(m.Incidents) && !m.basis.ties; i++ {
		m.basis.ties = newest(m.Incidents[i-1], m.Incidents[i]) == 0
	}
	for _, in := range m.Incidents {
		// A component in scope at any moment has the incident in its
		// history.
		for _, id := range in.Components() {
			if i := m.componentIndex(id); i >= 0 {
				m.Components[i].Incidents = append(m.Components[i].Incidents, in)
			}
		}
		if in.IsMaintenance() {
			m.Maintenance = append(m.Maintenance, in)
		}
		if isUnresolved(in) {
			m.Unresolved = append(m.Unresolved, in)
		}
		switch {
		case isActive(in):
			m.Active = append(m.Active, in)
		case isUpcoming(in):
			m.Upcoming = append(m.Upcoming, in)
		case isInProgress(in):
			m.Ongoing = append(m.Ongoing, in)
		}
	}
	if len(m.Incidents) > 0 {
		m.Reports = slices.Clone(m.Incidents)
		slices.SortStableFunc(m.Reports, newestReport)
	}
	slices.SortStableFunc(m.Active, worstFirst)
	slices.SortStableFunc(m.Upcoming, soonestStart)
	slices.SortStableFunc(m.Ongoing, soonestEnd)
}

// componentIndex returns the index of component id in m.Components, or
// -1; the last of two with one id.
func (m *Model) componentIndex(id string) int {
	if i, ok := m.basis.index[id]; ok {
		return i
	}
	return -1
}

// Newest orders incidents as Model.Incidents: newest start first, then
// by slug.
func Newest(a, b *Incident) int { return newest(a, b) }

// The orders of the lists. Each breaks ties by the order of Incidents,
// which breaks them by slug.
func newest(a, b *Incident) int {
	if c := b.Started.Compare(a.Started); c != 0 {
		return c
	}
	return strings.Compare(a.Slug, b.Slug)
}

func newestReport(a, b *Incident) int {
	if c := b.ETAGiven().Compare(a.ETAGiven()); c != 0 {
		return c
	}
	return newest(a, b)
}

func worstFirst(a, b *Incident) int {
	if c := LevelOf(b.Severity).Rank() - LevelOf(a.Severity).Rank(); c != 0 {
		return c
	}
	return newest(a, b)
}

func soonestStart(a, b *Incident) int {
	if c := a.Started.Compare(b.Started); c != 0 {
		return c
	}
	return newest(a, b)
}

// soonestEnd puts open-ended maintenance last.
func soonestEnd(a, b *Incident) int {
	switch az, bz := a.End.IsZero(), b.End.IsZero(); {
	case az && !bz:
		return 1
	case !az && bz:
		return -1
	case !az:
		if c := a.End.Compare(b.End); c != 0 {
			return c
		}
	}
	return newest(a, b)
}

// What puts an incident in a list.
func isActive(in *Incident) bool     { return in.Phase == Active }
func isUpcoming(in *Incident) bool   { return in.Phase == Upcoming && in.IsMaintenance() }
func isInProgress(in *Incident) bool { return in.Phase == InProgress }
func isUnresolved(in *Incident) bool {
	return in.Phase == Active || in.Phase == Upcoming && !in.IsMaintenance()
}

// Reported is when the incident was first reported: its start, or its
// oldest update when that came earlier (maintenance is announced ahead).
func (in *Incident) Reported() time.Time {
	t := in.Started
	if n := len(in.Updates); n > 0 && in.Updates[n-1].At.Before(t) {
		t = in.Updates[n-1].At
	}
	return t
}

// levelChanged works out Component.LevelChanged from its incidents.
func (m *Model) levelChanged(list []*Incident) time.Time {
	var last time.Time
	for _, in := range list {
		if t := m.moved(in); t.After(last) {
			last = t
		}
	}
	return last
}

// moved is the latest start or end of in that is not after Now, zero
// for a cancelled maintenance: when it last moved a component's level.
func (m *Model) moved(in *Incident) time.Time {
	if in.Cancelled {
		return time.Time{}
	}
	var t time.Time
	for _, s := range [2]time.Time{in.Started, in.End} {
		if !s.IsZero() && !s.After(m.Now) && s.After(t) {
			t = s
		}
	}
	return t
}
