package status

// This file holds what lets New start from an earlier model (see
// Options.Prev): after one edit to a site of 100,000 incidents it derives
// one incident, patches the lists that incident sits in and works out the
// history of its components only, instead of all of it again.

import (
	"slices"
	"sort"
	"time"

	"github.com/statuspress/statuspress/generator/source"
)

// basis is what a model was made from, and how its incidents map back.
type basis struct {
	srcs   []*source.Incident // as given to New
	made   byFile             // made.at(i) is srcs[i] in the model; nil when left out (a draft)
	drafts bool
	days   []time.Time    // the midnights of the history window
	index  map[string]int // component id -> its index in Model.Components
	// latest is the latest Changed of all incidents, zero when none.
	latest time.Time
	// ties is true when two incidents share a start and a slug: only a
	// full sort puts them in the order New without Prev would.
	ties bool
	// self names this model, and from the model it was made from; gone
	// and came are what differs from that one (see Since). A name, not a
	// pointer to the basis: models made one from another would keep every
	// earlier one alive.
	self, from *name
	gone, came []*Incident
}

type name struct{ _ byte } // not empty: each new one is a distinct pointer

// byFile is a list of incidents by the index of their files, in blocks
// of fileBlock: a model made from another after an edit that adds or
// removes no file shares the blocks it does not touch, instead of
// copying 100,000 pointers.
type byFile struct {
	n      int
	blocks [][]*Incident
}

const fileBlock = 1024

// newByFile returns a list of n nil incidents.
func newByFile(n int) byFile {
	b := byFile{n: n, blocks: make([][]*Incident, (n+fileBlock-1)/fileBlock)}
	for i := range b.blocks {
		b.blocks[i] = make([]*Incident, min(fileBlock, n-i*fileBlock))
	}
	return b
}

func (b byFile) at(i int) *Incident { return b.blocks[i/fileBlock][i%fileBlock] }

func (b byFile) set(i int, in *Incident) { b.blocks[i/fileBlock][i%fileBlock] = in }

// sharing returns a list of b's incidents that shares b's blocks but
// those holding indexes from to to-1, which are copies to be changed.
func (b byFile) sharing(from, to int) byFile {
	c := byFile{n: b.n, blocks: slices.Clone(b.blocks)}
	if from < to {
		for k := from / fileBlock; k <= (to-1)/fileBlock; k++ {
			c.blocks[k] = slices.Clone(c.blocks[k])
		}
	}
	return c
}

// Since returns what differs between prev and m when m was made with
// Options.Prev = prev under the same Now: the incidents prev has and m
// has not (gone) and those m has and prev had not (came), in no order.
// Only the incidents are compared; the settings may differ. ok is false
// when m was made from another model or from none: then anything may
// differ.
func (m *Model) Since(prev *Model) (gone, came []*Incident, ok bool) {
	if m.basis == nil || prev == nil || prev.basis == nil || m.basis.from != prev.basis.self {
		return nil, nil, false
	}
	return m.basis.gone, m.basis.came, true
}

// derive makes m's incidents from prev's: a file given again keeps its
// incident; the others are derived. It returns prev's incidents the
// model no longer has (gone) and the ones it has anew (came).
func (m *Model) derive(prev *Model) (gone, came []*Incident) {
	old, oldMade, cur := prev.basis.srcs, prev.basis.made, m.basis.srcs
	// Files come in the same order each time: what differs lies between
	// a common head and a common tail.
	p := 0
	for p < len(old) && p < len(cur) && old[p] == cur[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(cur)-p && old[len(old)-1-s] == cur[len(cur)-1-s] {
		s++
	}
	var made byFile
	if len(cur) == len(old) {
		made = oldMade.sharing(p, len(cur)-s)
	} else {
		made = newByFile(len(cur))
		for i := range p {
			made.set(i, oldMade.at(i))
		}
		for i := range s {
			made.set(len(cur)-1-i, oldMade.at(len(old)-1-i))
		}
	}
	was := old[p : len(old)-s]
	wasMade := func(k int) *Incident { return oldMade.at(p + k) }
	// A file between them may only have moved, when another was added or
	// removed before it.
	var at map[*source.Incident]int
	if len(was) > 8 {
		at = make(map[*source.Incident]int, len(was))
		for i, src := range was {
			if _, dup := at[src]; !dup {
				at[src] = i
			}
		}
	}
	find := func(src *source.Incident) int {
		if at == nil {
			return slices.Index(was, src)
		}
		if i, ok := at[src]; ok {
			return i
		}
		return -1
	}
	kept := make([]bool, len(was))
	for i, src := range cur[p : len(cur)-s] {
		if k := find(src); k >= 0 {
			made.set(p+i, wasMade(k))
			kept[k] = true
			continue
		}
		if src.Draft && !m.basis.drafts {
			made.set(p+i, nil)
			continue
		}
		in := new(Incident)
		*in = classify(src, m.Now)
		in.changed, in.changedKnown = m.changedOf(in), true
		in.stamp[0] = stampOf(in, m.Now)
		made.set(p+i, in)
		came = append(came, in)
	}
	for k := range was {
		if in := wasMade(k); in != nil && !kept[k] {
			gone = append(gone, in)
		}
	}
	m.basis.made = made
	m.basis.from, m.basis.gone, m.basis.came = prev.basis.self, gone, came
	return gone, came
}

// delta is what left and joined one list.
type delta struct{ gone, came []*Incident }

// patch makes m's lists from prev's, without gone and with came. It
// returns what changed in each component's incidents, or nil when the
// lists must be made afresh (too many changes, other components, ties).
func (m *Model) patch(prev *Model, gone, came []*Incident) []delta {
	if prev.basis.ties || len(gone)+len(came) > max(64, len(prev.Incidents)/8) ||
		len(m.basis.index) != len(m.Components) || len(prev.Components) != len(m.Components) {
		return nil
	}
	for i, c := range m.Components {
		if prev.Components[i].ID != c.ID {
			return nil
		}
	}
	for _, list := range [2][]*Incident{gone, came} {
		for _, in := range list {
			for i, id := range in.Components() {
				if slices.Contains(in.Components()[:i], id) {
					return nil // the full way lists it twice
				}
			}
		}
	}
	var ok bool
	if m.Incidents, ok = patchList(prev.Incidents, gone, came, newest); !ok {
		return nil
	}
	if m.Incidents == nil {
		m.Incidents = []*Incident{} // as made afresh
	}
	for _, in := range came {
		i, found := slices.BinarySearchFunc(m.Incidents, in, newest)
		if found && i+1 < len(m.Incidents) && newest(m.Incidents[i+1], in) == 0 {
			return nil
		}
	}
	lists := []struct {
		dst   *[]*Incident
		from  []*Incident
		keep  func(*Incident) bool
		order func(a, b *Incident) int
	}{
		{&m.Active, prev.Active, isActive, worstFirst},
		{&m.Upcoming, prev.Upcoming, isUpcoming, soonestStart},
		{&m.Ongoing, prev.Ongoing, isInProgress, soonestEnd},
		{&m.Maintenance, prev.Maintenance, isMaintenance, newest},
		{&m.Unresolved, prev.Unresolved, isUnresolved, newest},
		{&m.Reports, prev.Reports, func(*Incident) bool { return true }, newestReport},
	}
	for _, l := range lists {
		if *l.dst, ok = patchList(l.from, filter(gone, l.keep), filter(came, l.keep), l.order); !ok {
			return nil
		}
	}
	touched := make([]delta, len(m.Components))
	for i, c := range m.Components {
		has := func(in *Incident) bool { return slices.Contains(in.Components(), c.ID) }
		d := delta{filter(gone, has), filter(came, has)}
		if c.Incidents, ok = patchList(prev.Components[i].Incidents, d.gone, d.came, newest); !ok {
			return nil
		}
		touched[i] = d
	}
	return touched
}

// levelChangedFrom works out Component.LevelChanged of a component whose
// incidents changed by d, from was, its value in a model under the same
// Now, when none of d.gone held it.
func (m *Model) levelChangedFrom(was time.Time, d delta, list []*Incident) time.Time {
	for _, in := range d.gone {
		if !m.moved(in).Before(was) {
			return m.levelChanged(list)
		}
	}
	for _, in := range d.came {
		if t := m.moved(in); t.After(was) {
			was = t
		}
	}
	return was
}

func isMaintenance(in *Incident) bool { return in.IsMaintenance() }

func filter(list []*Incident, keep func(*Incident) bool) []*Incident {
	var out []*Incident
	for _, in := range list {
		if keep(in) {
			out = append(out, in)
		}
	}
	return out
}

// patchList returns list, sorted by order, without gone and with came,
// in a new slice when they change it (nil when it ends empty, as a list
// made afresh is); false when one of gone is not in it.
func patchList(list, gone, came []*Incident, order func(a, b *Incident) int) ([]*Incident, bool) {
	if len(gone) == 0 && len(came) == 0 {
		return list, true
	}
	drop := make([]int, 0, len(gone))
	for _, g := range gone {
		i, _ := slices.BinarySearchFunc(list, g, order)
		for i < len(list) && list[i] != g && order(list[i], g) == 0 {
			i++
		}
		if i == len(list) || list[i] != g {
			return nil, false
		}
		drop = append(drop, i)
	}
	slices.Sort(drop)
	for i := 1; i < len(drop); i++ {
		if drop[i] == drop[i-1] {
			return nil, false
		}
	}
	came = slices.Clone(came)
	slices.SortStableFunc(came, order)
	at := make([]int, len(came)) // where each goes: before the first that sorts after it
	for k, c := range came {
		at[k] = sort.Search(len(list), func(j int) bool { return order(list[j], c) > 0 })
	}
	n := len(list) - len(drop) + len(came)
	if n == 0 {
		return nil, true
	}
	out := make([]*Incident, 0, n)
	i, d, k := 0, 0, 0
	for k < len(came) || d < len(drop) {
		if k < len(came) && (d == len(drop) || at[k] <= drop[d]) {
			out = append(out, list[i:at[k]]...)
			out = append(out, came[k])
			i = at[k]
			k++
		} else {
			out = append(out, list[i:drop[d]]...)
			i = drop[d] + 1
			d++
		}
	}
	return append(out, list[i:]...), true
}

// firstReport works out Model.FirstReport, from prev's when none of gone
// held it.
func (m *Model) firstReport(prev *Model, gone, came []*Incident) time.Time {
	if len(m.Incidents) == 0 {
		return time.Time{}
	}
	if prev != nil && len(prev.Incidents) > 0 {
		held := false
		for _, in := range gone {
			held = held || !in.Reported().After(prev.FirstReport)
		}
		if !held {
			t := prev.FirstReport
			for _, in := range came {
				if r := in.Reported(); r.Before(t) {
					t = r
				}
			}
			return t.In(m.Now.Location())
		}
	}
	t := m.Incidents[0].Reported()
	for _, in := range m.Incidents[1:] {
		if r := in.Reported(); r.Before(t) {
			t = r
		}
	}
	return t.In(m.Now.Location())
}

// latest works out basis.latest, from prev's when none of gone held it.
func (m *Model) latest(prev *Model, gone, came []*Incident) time.Time {
	if prev == nil {
		return latestOf(m.Incidents)
	}
	return latestFrom(prev.basis.latest, gone, came, m.Incidents)
}

// latestFrom is latestOf(list) for a list that was one whose latest was
// was, without gone and with came, under the same Now: from was when none
// of gone held it.
func latestFrom(was time.Time, gone, came, list []*Incident) time.Time {
	if was.IsZero() {
		return latestOf(list)
	}
	for _, in := range gone {
		if !in.changed.Before(was) {
			return latestOf(list)
		}
	}
	for _, in := range came {
		if in.changed.After(was) {
			was = in.changed
		}
	}
	return was
}

// latestOf returns the latest Changed of list, zero when none.
func latestOf(list []*Incident) time.Time {
	var t time.Time
	for _, in := range list {
		if in.changed.After(t) {
			t = in.changed
		}
	}
	return t
}
