// Package status owns the domain model: from the site settings, the parsed
// incidents and a moment "now" it computes what every page and feed shows —
// each component's status, the overall status, which incidents are active,
// which maintenance is upcoming or in progress, and daily uptime. It does
// no I/O and never reads the clock.
package status

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/source"
)

// Level is the status of a component, and of the whole site. The names
// are those of the public Statuspage API.
type Level string

// Levels from best to worst; maintenance ranks between degraded and
// outage so that a real outage always shows over planned work.
const (
	Operational Level = "operational"
	Degraded    Level = "degraded_performance"
	Maintenance Level = "under_maintenance"
	Partial     Level = "partial_outage"
	MajorOutage Level = "major_outage"
)

// Rank orders levels: higher is worse.
func (l Level) Rank() int {
	switch l {
	case Degraded:
		return 1
	case Maintenance:
		return 2
	case Partial:
		return 3
	case MajorOutage:
		return 4
	}
	return 0
}

// Worse returns the worse of l and m.
func (l Level) Worse(m Level) Level {
	if m.Rank() > l.Rank() {
		return m
	}
	return l
}

// LevelOf maps a severity to the level it gives each component in scope.
func LevelOf(s source.Severity) Level {
	switch s {
	case source.Minor:
		return Degraded
	case source.Major:
		return Partial
	case source.Critical:
		return MajorOutage
	case source.Maintenance:
		return Maintenance
	}
	return Operational
}

// Phase is where an incident or maintenance stands at "now".
type Phase string

// Phases. Incidents are Active or Resolved; maintenance is Upcoming,
// InProgress or Completed.
const (
	Active     Phase = "active"
	Resolved   Phase = "resolved"
	Upcoming   Phase = "upcoming"
	InProgress Phase = "in_progress"
	Completed  Phase = "completed"
)

// Incident is a parsed incident seen at "now".
type Incident struct {
	*source.Incident
	Phase Phase
	// State is the newest update's status; with no updates it follows the
	// phase (investigating, resolved, scheduled, in-progress, completed).
	State  source.Status
	Latest *source.Update // nil when the file has no update sections
	// End is when it ended or, for maintenance, when it is planned to end;
	// zero when open-ended.
	End time.Time
	// Duration is how long it lasted, or has lasted so far.
	Duration time.Duration
	// ETAGiven is the time of the report that carries the current ETA: the
	// newest update, or the start when there is none.
	ETAGiven time.Time
	// ETAPassed is true for an ongoing incident whose ETA is in the past.
	ETAPassed bool
	// Periods are the stretches of its time with the severity and scope
	// that held then, for uptime and component history.
	Periods []Period
	// Components lists every component it was ever in scope of.
	Components []string
	// Reopened is true while it is open again after a final update.
	Reopened bool
	// origin is the parsed file a view in another language was made
	// from (see Model.In); nil in the model itself.
	origin *source.Incident

	// changed is Model.Changed, worked out once by New.
	changed      time.Time
	changedKnown bool
	// stamp is Stamp, worked out once by New.
	stamp Stamp
}

// ScopeKey is the scope as one string, for caching what depends on it.
func (in *Incident) ScopeKey() string { return strings.Join(in.Scope, ",") }

// IsOngoing reports whether it affects components right now.
func (in *Incident) IsOngoing() bool { return in.Phase == Active || in.Phase == InProgress }

// Component is a component with its status and history.
type Component struct {
	config.Component
	Level     Level
	Incidents []*Incident // newest first, drafts excluded
	Days      []Day       // oldest first, HistoryDays of them, the last is today
	Uptime    float64     // percent over Days
}

// Group is a named run of components, in site.toml order.
type Group struct {
	Name       string // "" for components without a group
	Level      Level  // the worst of its components
	Components []*Component
	// key is the name in the default language, in a view in another
	// (see Model.In); "" otherwise.
	key string
}

// Key names the group the same way in every language: its name in the
// site's default language.
func (g Group) Key() string {
	if g.key != "" {
		return g.key
	}
	return g.Name
}

// Model is everything the renderers need.
type Model struct {
	Site    *config.Site
	Now     time.Time
	Overall Level

	Components []*Component // in site.toml order
	Groups     []Group

	// Incidents holds every published incident and maintenance, newest
	// start first (ties by slug).
	Incidents []*Incident
	Active    []*Incident // ongoing incidents, worst first, then newest
	Upcoming  []*Incident // maintenance not yet started, soonest first
	Ongoing   []*Incident // maintenance in progress, soonest end first

	// last is LastChange(Incidents), worked out once by New.
	last      time.Time
	lastKnown bool
}

// Options tune New.
type Options struct {
	Now    time.Time
	Drafts bool // include drafts
}

// New computes the model. Incidents must be valid (the caller stops on
// errors before this stage).
func New(site *config.Site, incidents []*source.Incident, opts Options) *Model {
	now := opts.Now.In(site.Location)
	m := &Model{Site: site, Now: now}
	byID := make(map[string]*Component, len(site.Components))
	for _, c := range site.Components {
		comp := &Component{Component: c, Level: Operational}
		m.Components = append(m.Components, comp)
		byID[c.ID] = comp
	}
	// One block holds every incident: a large site has thousands, and a
	// watch computes the model again after every save.
	block := make([]Incident, 0, len(incidents))
	one := make([]Period, len(incidents)) // the one stretch most incidents have
	for _, src := range incidents {
		if src.Draft && !opts.Drafts {
			continue
		}
		n := len(block)
		block = append(block, classify(src, now, one[n:n+1:n+1]))
	}
	m.Incidents = make([]*Incident, len(block))
	for i := range block {
		m.Incidents[i] = &block[i]
	}
	slices.SortFunc(m.Incidents, func(a, b *Incident) int {
		if c := b.Started.Compare(a.Started); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	for _, in := range m.Incidents {
		// A component in scope at any moment has the incident in its
		// history; only the current scope sets its status now.
		for _, id := range in.Components {
			if comp := byID[id]; comp != nil {
				comp.Incidents = append(comp.Incidents, in)
			}
		}
		for _, id := range in.Scope {
			if comp := byID[id]; comp != nil && in.IsOngoing() {
				comp.Level = comp.Level.Worse(LevelOf(in.Severity))
			}
		}
		switch in.Phase {
		case Active:
			m.Active = append(m.Active, in)
		case Upcoming:
			if !in.IsMaintenance() {
				break
			}
			m.Upcoming = append(m.Upcoming, in)
		case InProgress:
			m.Ongoing = append(m.Ongoing, in)
		}
	}
	sort.SliceStable(m.Active, func(i, j int) bool {
		return LevelOf(m.Active[i].Severity).Rank() > LevelOf(m.Active[j].Severity).Rank()
	})
	sort.SliceStable(m.Upcoming, func(i, j int) bool { return m.Upcoming[i].Started.Before(m.Upcoming[j].Started) })
	// Soonest end first, open-ended last; ties keep the newest-start order.
	sort.SliceStable(m.Ongoing, func(i, j int) bool {
		a, b := m.Ongoing[i].End, m.Ongoing[j].End
		return !a.IsZero() && (b.IsZero() || a.Before(b))
	})
	m.Overall = Operational
	for _, c := range m.Components {
		m.Overall = m.Overall.Worse(c.Level)
	}
	for _, in := range m.Incidents {
		in.changed, in.changedKnown = m.changedOf(in), true
		in.stamp = stampOf(in, now)
	}
	m.last = m.LastChange(m.Incidents)
	m.lastKnown = true
	m.Groups = groups(m.Components)
	days := m.dayStarts()
	for _, c := range m.Components {
		c.Days, c.Uptime = uptime(c.ID, c.Incidents, days, now)
	}
	return m
}

// classify derives what the model knows of one incident at now; slot,
// of length 1, holds its period when it has only one.
func classify(src *source.Incident, now time.Time, slot []Period) Incident {
	in := Incident{Incident: src, ETAGiven: src.Started}
	if len(src.Updates) > 0 {
		in.Latest = &src.Updates[0]
		in.ETAGiven = src.Updates[0].At
	}
	ended := !src.Resolved.IsZero() && !src.Resolved.After(now)
	if src.IsMaintenance() {
		in.End = src.ETA
		if !src.Resolved.IsZero() && !src.Cancelled {
			in.End = src.Resolved // a cancelled one keeps its planned window
		}
		switch {
		case ended || (!in.End.IsZero() && !in.End.After(now)):
			in.Phase = Completed
		case src.Started.After(now):
			in.Phase = Upcoming
		default:
			in.Phase = InProgress
		}
	} else {
		in.End = src.Resolved
		switch {
		case ended:
			in.Phase = Resolved
		case src.Started.After(now):
			in.Phase = Upcoming // reported ahead of its start; not yet affecting anything
		default:
			in.Phase = Active
		}
	}
	switch {
	case in.Latest != nil:
		in.State = in.Latest.Status
	case in.Phase == Resolved:
		in.State = source.Resolved
	case in.Phase == Completed:
		in.State = source.Completed
	case in.Phase == InProgress:
		in.State = source.InProgress
	case src.IsMaintenance():
		in.State = source.Scheduled
	default:
		in.State = source.Investigating
	}
	end := in.End
	if end.IsZero() || end.After(now) {
		end = now
	}
	if end.After(src.Started) {
		in.Duration = end.Sub(src.Started)
	}
	in.ETAPassed = in.IsOngoing() && !src.ETA.IsZero() && src.ETA.Before(now) && !src.IsMaintenance()
	in.Periods = periods(src, in.End, slot)
	in.Components = everScope(src)
	for _, u := range src.Updates { // newest first: the last reopening counts
		if u.Status.Final() {
			break
		}
		if u.Reopened {
			in.Reopened = in.Phase != Resolved && in.Phase != Completed
			break
		}
	}
	return in
}

func groups(comps []*Component) []Group {
	var out []Group
	index := map[string]int{}
	for _, c := range comps {
		i, ok := index[c.Group]
		if !ok {
			i = len(out)
			index[c.Group] = i
			out = append(out, Group{Name: c.Group, Level: Operational})
		}
		out[i].Components = append(out[i].Components, c)
		out[i].Level = out[i].Level.Worse(c.Level)
	}
	return out
}

// Stamps returns the stamps of list, in its order.
func Stamps(list []*Incident) []Stamp {
	out := make([]Stamp, len(list))
	for i, in := range list {
		out[i] = in.Stamp()
	}
	return out
}
