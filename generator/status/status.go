// Package status owns the domain model: from the site settings, the parsed
// incidents and a moment "now" it computes what every page and feed shows —
// each component's status, the overall status, which incidents are active,
// which maintenance is upcoming or in progress, and daily uptime. It does
// no I/O and never reads the clock.
package status

import (
	"slices"
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

// Incident is a parsed incident seen at "now". A large site has
// hundreds of thousands: what is cheap to work out again from the file
// is a method, not a field (State, Latest, ETAGiven), what most incidents
// have none of is out of line, and the booleans sit together.
type Incident struct {
	*source.Incident
	Phase Phase
	// End is when it ended or, for maintenance, when it is planned to end;
	// zero when open-ended.
	End time.Time
	// Duration is how long it lasted, or has lasted so far.
	Duration time.Duration
	// more is nil for an incident without changes or reopenings.
	more *more
	// origin is the parsed file a view in another language was made
	// from (see Model.In); nil in the model itself.
	origin *source.Incident

	// changed is Model.Changed, worked out once by New.
	changed time.Time
	// stamp is Stamp, worked out once by New, as a list of one (Stamps).
	stamp [1]Stamp

	// ETAPassed is true for an ongoing incident whose ETA is in the past.
	ETAPassed bool
	// Reopened is true while it is open again after a final update.
	Reopened     bool
	changedKnown bool
}

// more is what an incident whose severity or scope changed, or that was
// reopened, holds beyond the others.
type more struct {
	periods    []Period // see Incident.Periods
	components []string // see Incident.Components; nil when its scope
}

// State is the newest update's status; with no updates it follows the
// phase (investigating, resolved, scheduled, in-progress, completed).
func (in *Incident) State() source.Status {
	switch {
	case len(in.Updates) > 0:
		return in.Updates[0].Status
	case in.Phase == Resolved:
		return source.Resolved
	case in.Phase == Completed:
		return source.Completed
	case in.Phase == InProgress:
		return source.InProgress
	case in.IsMaintenance():
		return source.Scheduled
	}
	return source.Investigating
}

// Latest is the newest update, nil when the file has no update sections.
func (in *Incident) Latest() *source.Update {
	if len(in.Updates) == 0 {
		return nil
	}
	return &in.Updates[0]
}

// ETAGiven is the time of the report that carries the current ETA: the
// newest update, or the start when there is none.
func (in *Incident) ETAGiven() time.Time {
	if len(in.Updates) == 0 {
		return in.Started
	}
	return in.Updates[0].At
}

// Components lists every component it was ever in scope of: its scope,
// unless a change moved it.
func (in *Incident) Components() []string {
	if in.more != nil && in.more.components != nil {
		return in.more.components
	}
	return in.Scope
}

// Periods returns the stretches of its time with the severity and scope
// that held then, for uptime and component history. Most incidents have
// one, from their start to their end, which is made anew on each call.
func (in *Incident) Periods() []Period {
	if in.more != nil {
		return in.more.periods
	}
	return []Period{in.stretch()}
}

// stretch is the one period of an incident without changes or
// reopenings: its file's severity and scope from its start to its end.
func (in *Incident) stretch() Period {
	return Period{From: in.Started, To: in.End, Severity: in.Severity, Scope: in.Scope}
}

// periodsIn is Periods, the one stretch put in buf.
func (in *Incident) periodsIn(buf *[1]Period) []Period {
	if in.more != nil {
		return in.more.periods
	}
	buf[0] = in.stretch()
	return buf[:]
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
	// LevelChanged is when its level last changed as far as the model
	// knows: the latest start or end of its incidents, cancelled
	// maintenance left out, that is not after Now; zero with none.
	// (Updates and announcements do not change a level.)
	LevelChanged time.Time
	// last is the latest Changed of Incidents, zero with none, for
	// LastChange: a component's pages and their keys ask for it on each
	// build, and its list may hold tens of thousands.
	last time.Time
	// window holds the incidents of its list that count in Days (see
	// counts), in the list's order: the few the history is made of, out
	// of the thousands a large site has, so that after an edit it is
	// worked out again from them alone.
	window []*Incident
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
	// Maintenance holds every published maintenance, newest start first.
	Maintenance []*Incident
	// Unresolved holds the incidents, not maintenance, that are not
	// resolved (active, or reported ahead of their start), newest start
	// first.
	Unresolved []*Incident
	// Reports holds every incident, newest report first: by ETAGiven,
	// then as Incidents. Feeds take the newest updates from its head.
	Reports []*Incident
	// FirstReport is the earliest Reported of all incidents: when the
	// site first said anything; zero without incidents.
	FirstReport time.Time

	// last is LastChange(Incidents), worked out once by New.
	last      time.Time
	lastKnown bool
	// basis is what New was given, for a later New to tell what differs
	// (see Options.Prev); nil in a view in another language.
	basis *basis
}

// Options tune New.
type Options struct {
	Now    time.Time
	Drafts bool // include drafts
	// Prev, when not nil, is a model New made before, such as the last
	// build's. New then derives again only what the incidents that differ
	// from Prev's touch: a parsed file given again (the same
	// *source.Incident) under the same Now keeps what was derived of it,
	// the lists it sits in are patched instead of sorted again, and a
	// component none of the changed incidents touches keeps its history.
	// The result is the model New makes without Prev. Prev is not
	// changed: the two share what did not change, and models are never
	// changed once made.
	Prev *Model
}

// New computes the model. Incidents must be valid (the caller stops on
// errors before this stage). The model keeps the slice incidents, to
// tell a later New what differs: the caller gives it up and changes it
// no more, as models are never changed once made (a copy of 100,000
// pointers on each edit would be most of what an edit allocates here).
func New(site *config.Site, incidents []*source.Incident, opts Options) *Model {
	now := opts.Now.In(site.Location)
	m := &Model{Site: site, Now: now}
	m.basis = &basis{srcs: incidents, drafts: opts.Drafts, days: m.dayStarts(), self: new(name)}
	prev := opts.Prev
	if prev != nil && (prev.basis == nil || !prev.Now.Equal(now) || prev.basis.drafts != opts.Drafts) {
		prev = nil // nothing derived before holds
	}
	var gone, came []*Incident
	if prev != nil {
		gone, came = m.derive(prev)
	} else {
		m.classifyAll()
	}
	m.basis.index = make(map[string]int, len(site.Components))
	for i, c := range site.Components {
		m.Components = append(m.Components, &Component{Component: c, Level: Operational})
		m.basis.index[c.ID] = i
	}
	var touched []delta // per component: what its incidents lost and gained since prev
	if prev != nil {
		touched = m.patch(prev, gone, came)
	}
	if touched == nil {
		m.lists()
	}
	m.setLevels(prev, touched)
	m.Overall = Operational
	for _, c := range m.Components {
		m.Overall = m.Overall.Worse(c.Level)
	}
	m.basis.latest = m.latest(prev, gone, came)
	m.last, m.lastKnown = m.lastOf(m.basis.latest), true
	m.FirstReport = m.firstReport(prev, gone, came)
	m.Groups = groups(m.Components)
	days := m.basis.days
	reuse := touched != nil && prev.Site.HistoryDays == site.HistoryDays &&
		prev.Now.Location().String() == now.Location().String() && slices.EqualFunc(days, prev.basis.days, time.Time.Equal)
	counts := func(in *Incident) bool { return counts(in, days, now) }
	for i, c := range m.Components {
		if touched == nil {
			c.window = filter(c.Incidents, counts)
			c.Days, c.Uptime = uptime(c.ID, c.window, days, now, nil, nil)
			c.LevelChanged = m.levelChanged(c.Incidents)
			c.last = latestOf(c.Incidents)
			continue
		}
		p, d := prev.Components[i], touched[i]
		c.LevelChanged = m.levelChangedFrom(p.LevelChanged, d, c.Incidents)
		c.last = latestFrom(p.last, d.gone, d.came, c.Incidents)
		if !reuse {
			c.window = filter(c.Incidents, counts)
			c.Days, c.Uptime = uptime(c.ID, c.window, days, now, nil, nil)
			continue
		}
		// Under the same window an incident counts as it did, and a day
		// no changed incident touches is as it was: an edit to an
		// incident before the window keeps the whole history.
		gone, came := filter(d.gone, counts), filter(d.came, counts)
		if len(gone)+len(came) == 0 {
			c.window, c.Days, c.Uptime = p.window, p.Days, p.Uptime
			continue
		}
		var ok bool
		if c.window, ok = patchList(p.window, gone, came, newest); !ok {
			c.window = filter(c.Incidents, counts)
			c.Days, c.Uptime = uptime(c.ID, c.window, days, now, nil, nil)
			continue
		}
		c.Days, c.Uptime = uptime(c.ID, c.window, days, now, p.Days, append(gone, came...))
	}
	return m
}

// setLevels gives each component the worst level of the ongoing
// incidents and maintenance whose current scope names it: only the
// current scope sets a status now. Given touched, what each component's
// list lost and gained since prev (see patch), a component not touched
// keeps the level it had, and a touched one looks for itself alone
// among the ongoing: a large site has thousands open.
func (m *Model) setLevels(prev *Model, touched []delta) {
	ongoing := [][]*Incident{m.Active, m.Ongoing}
	if touched == nil {
		for _, list := range ongoing {
			for _, in := range list {
				for _, id := range in.Scope {
					if i := m.componentIndex(id); i >= 0 {
						m.Components[i].Level = m.Components[i].Level.Worse(LevelOf(in.Severity))
					}
				}
			}
		}
		return
	}
	for i, c := range m.Components {
		if d := touched[i]; len(d.gone)+len(d.came) == 0 {
			c.Level = prev.Components[i].Level
			continue
		}
		for _, list := range ongoing {
			for _, in := range list {
				if slices.Contains(in.Scope, c.ID) {
					c.Level = c.Level.Worse(LevelOf(in.Severity))
				}
			}
		}
	}
}

// classifyAll derives every incident of the basis afresh, in one block:
// a large site has thousands.
func (m *Model) classifyAll() {
	srcs := m.basis.srcs
	block := make([]Incident, 0, len(srcs))
	m.basis.made = newByFile(len(srcs))
	for i, src := range srcs {
		if src.Draft && !m.basis.drafts {
			continue
		}
		n := len(block)
		block = append(block, classify(src, m.Now))
		in := &block[n] // the block never grows: its pointers stay
		in.changed, in.changedKnown = m.changedOf(in), true
		in.stamp[0] = stampOf(in, m.Now)
		m.basis.made.set(i, in)
	}
}

// classify derives what the model knows of one incident at now.
func classify(src *source.Incident, now time.Time) Incident {
	in := Incident{Incident: src}
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
	end := in.End
	if end.IsZero() || end.After(now) {
		end = now
	}
	if end.After(src.Started) {
		in.Duration = end.Sub(src.Started)
	}
	in.ETAPassed = in.IsOngoing() && !src.ETA.IsZero() && src.ETA.Before(now) && !src.IsMaintenance()
	if periods, multi := periodsOf(src, in.End); multi {
		in.more = &more{periods: periods}
		if len(src.Changes) > 0 {
			in.more.components = everScope(src)
		}
	}
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
