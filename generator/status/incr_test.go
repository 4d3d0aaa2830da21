package status

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/source"
)

// TestPrevMatchesFresh edits a random site again and again, each time
// making the model from the last one (Options.Prev) and afresh, and
// requires the two to be deeply equal.
func TestPrevMatchesFresh(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { checkPrevMatchesFresh(t, seed, 60) })
	}
}

// FuzzPrevMatchesFresh is TestPrevMatchesFresh from any seed.
func FuzzPrevMatchesFresh(f *testing.F) {
	f.Add(uint64(1), uint8(20))
	f.Add(uint64(77), uint8(200))
	f.Fuzz(func(t *testing.T, seed uint64, steps uint8) { checkPrevMatchesFresh(t, seed, int(steps)) })
}

// TestPrevDerivesOnlyTheEdited checks that an edit derives one incident
// and leaves the history of components it does not touch as it was.
func TestPrevDerivesOnlyTheEdited(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	now := at("2026-11-20 12:00")
	site := testSite(30)
	srcs := make([]*source.Incident, 200)
	for i := range srcs {
		srcs[i] = randomIncident(r, fmt.Sprintf("i%03d", i), now)
		srcs[i].Draft = false
	}
	prev := New(site, srcs, Options{Now: now})
	edited := slices.Clone(srcs)
	k := 100
	edited[k] = &source.Incident{}
	*edited[k] = *srcs[k]
	edited[k].Scope, edited[k].Changes = []string{"web"}, nil
	m := New(site, edited, Options{Now: now, Prev: prev})
	if !reflect.DeepEqual(sansLineage(m), sansLineage(New(site, edited, Options{Now: now}))) {
		t.Fatal("the model from Prev differs from the model made afresh")
	}
	gone, came, ok := m.Since(prev)
	if !ok || len(gone) != 1 || gone[0] != prev.basis.made.at(k) || len(came) != 1 || came[0].Incident != edited[k] {
		t.Errorf("Since = %v, %v, %t; want the old and the new incident of the edited file", gone, came, ok)
	}
	if _, _, ok := m.Since(New(site, srcs, Options{Now: now})); ok {
		t.Error("Since a model it was not made from: ok")
	}
	kept := 0
	for i := range m.basis.made.n {
		if i != k && m.basis.made.at(i) == prev.basis.made.at(i) {
			kept++
		}
	}
	if kept != len(srcs)-1 {
		t.Errorf("%d of %d unchanged incidents kept, want all", kept, len(srcs)-1)
	}
	touched := map[string]bool{"web": true}
	for _, id := range prev.basis.made.at(k).Components() {
		touched[id] = true
	}
	for i, c := range m.Components {
		shared := len(c.Days) > 0 && &c.Days[0] == &prev.Components[i].Days[0]
		if shared == touched[c.ID] {
			t.Errorf("component %s: history shared with the last model %t, touched by the edit %t", c.ID, shared, touched[c.ID])
		}
	}
}

func checkPrevMatchesFresh(t *testing.T, seed uint64, steps int) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	now := at("2026-11-20 12:00")
	site := testSite(14)
	var srcs []*source.Incident
	for i := range 5 + r.IntN(40) {
		srcs = append(srcs, randomIncident(r, fmt.Sprintf("i%03d", i), now))
	}
	opts := Options{Now: now}
	prev := New(site, srcs, opts)
	next := len(srcs)
	for step := range steps {
		var did []string
		for range 1 + r.IntN(2) + r.IntN(2)*r.IntN(6) {
			switch k := r.IntN(100); {
			case k < 40 && len(srcs) > 0: // an edit
				i := r.IntN(len(srcs))
				in := randomIncident(r, srcs[i].Slug, now)
				if r.IntN(3) == 0 { // a small one: same start
					in.Started = srcs[i].Started
				}
				srcs = slices.Clone(srcs)
				srcs[i] = in
				did = append(did, "edit "+in.Slug)
			case k < 50 && len(srcs) > 0: // saved again unchanged
				i := r.IntN(len(srcs))
				c := *srcs[i]
				srcs = slices.Clone(srcs)
				srcs[i] = &c
				did = append(did, "save "+c.Slug)
			case k < 65: // a new file
				in := randomIncident(r, fmt.Sprintf("i%03d", next), now)
				next++
				if r.IntN(10) == 0 && len(srcs) > 0 { // the start and slug of another
					o := srcs[r.IntN(len(srcs))]
					in.Slug, in.Started = o.Slug, o.Started
				}
				i := r.IntN(len(srcs) + 1)
				srcs = slices.Insert(slices.Clone(srcs), i, in)
				did = append(did, "add "+in.Slug)
			case k < 77 && len(srcs) > 0: // a file removed
				i := r.IntN(len(srcs))
				did = append(did, "remove "+srcs[i].Slug)
				srcs = slices.Delete(slices.Clone(srcs), i, i+1)
			case k < 82 && len(srcs) > 1: // two files swapped
				i, j := r.IntN(len(srcs)), r.IntN(len(srcs))
				srcs = slices.Clone(srcs)
				srcs[i], srcs[j] = srcs[j], srcs[i]
				did = append(did, "swap")
			case k < 88: // the clock moves on
				opts.Now = opts.Now.Add(time.Duration(r.IntN(3)) * time.Duration(1+r.IntN(600)) * time.Minute)
				did = append(did, "now "+opts.Now.String())
			case k < 91:
				opts.Drafts = !opts.Drafts
				did = append(did, "drafts")
			case k < 94: // other settings
				s := *site
				s.HistoryDays = 7 + r.IntN(14)
				if r.IntN(2) == 0 {
					s.Components = slices.Clone(s.Components)
					s.Components[r.IntN(len(s.Components))].Name = "renamed"
				}
				if r.IntN(3) == 0 {
					s.Components = append(slices.Clone(s.Components), config.Component{ID: "extra", Name: "Extra"})
				}
				site = &s
				did = append(did, "settings")
			case k < 96:
				prev = nil
				did = append(did, "no prev")
			}
		}
		opts.Prev = prev
		got := New(site, srcs, opts)
		fresh := opts
		fresh.Prev = nil
		want := New(site, srcs, fresh)
		if !reflect.DeepEqual(sansLineage(got), sansLineage(want)) {
			t.Fatalf("step %d (%s): the model from Prev differs from the model made afresh:\n%s", step, strings.Join(did, ", "), modelDiff(got, want))
		}
		for _, c := range got.Components {
			// A copy of the list is not known as the component's: its
			// latest change is worked out from the list.
			if kept, worked := got.LastChange(c.Incidents), got.LastChange(slices.Clone(c.Incidents)); !kept.Equal(worked) {
				t.Fatalf("step %d (%s): LastChange of %s's incidents is %v, its list gives %v", step, strings.Join(did, ", "), c.ID, kept, worked)
			}
		}
		prev = got
	}
}

// sansLineage returns m without what tells which model it was made from
// (see Since), which two equal models may differ in.
func sansLineage(m *Model) *Model {
	c, b := *m, *m.basis
	b.self, b.from, b.gone, b.came = nil, nil, nil, nil
	c.basis = &b
	return &c
}

// modelDiff names what differs between two models.
func modelDiff(a, b *Model) string {
	var out []string
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		f := va.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			out = append(out, fmt.Sprintf("%s: %s\nwant %s", f.Name, describeField(va.Field(i)), describeField(vb.Field(i))))
		}
	}
	if len(out) == 0 {
		out = append(out, fmt.Sprintf("unexported: ties %t/%t", a.basis.ties, b.basis.ties))
	}
	return strings.Join(out, "\n")
}

func describeField(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case []*Incident:
		var s []string
		for _, in := range x {
			s = append(s, in.Slug)
		}
		return "[" + strings.Join(s, " ") + "]"
	case []*Component:
		var s []string
		for _, c := range x {
			s = append(s, fmt.Sprintf("%s %s %d incidents %.3f%% changed %s", c.ID, c.Level, len(c.Incidents), c.Uptime, c.LevelChanged))
		}
		return strings.Join(s, "; ")
	}
	return fmt.Sprintf("%+v", v.Interface())
}

// randomIncident makes an incident or maintenance around now: open or
// resolved, with updates, perhaps a change of scope, a reopening, a
// draft or a cancellation.
func randomIncident(r *rand.Rand, slug string, now time.Time) *source.Incident {
	ids := []string{"api", "mail", "web", "unknown"}
	pick := func() []string {
		var s []string
		for _, i := range r.Perm(len(ids))[:1+r.IntN(2)] {
			s = append(s, ids[i])
		}
		return s
	}
	minutes := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	in := &source.Incident{
		Slug: slug, File: "content/incidents/" + slug + ".md", Title: slug,
		Severity: []source.Severity{source.Minor, source.Major, source.Critical, source.Maintenance}[r.IntN(4)],
		Scope:    pick(),
		Started:  now.Add(-minutes(r.IntN(20*24*60)) + minutes(r.IntN(3*24*60))),
		Draft:    r.IntN(10) == 0,
	}
	end := in.Started.Add(minutes(1 + r.IntN(3*24*60)))
	if in.IsMaintenance() {
		if r.IntN(5) > 0 {
			in.ETA = end
		}
		if r.IntN(2) == 0 {
			in.Resolved = end.Add(-minutes(r.IntN(60)))
		}
		in.Cancelled = r.IntN(8) == 0
	} else {
		if r.IntN(4) > 0 {
			in.Resolved = end
		}
		if r.IntN(3) == 0 {
			in.ETA = in.Started.Add(minutes(r.IntN(600)))
		}
		if r.IntN(4) == 0 {
			in.NextUpdate = in.Started.Add(minutes(r.IntN(600)))
		}
	}
	in.SetOpening(source.Facts{Title: in.Title, Severity: in.Severity, Scope: in.Scope})
	if r.IntN(4) == 0 && !in.IsMaintenance() {
		c := source.Change{At: in.Started.Add(minutes(1 + r.IntN(300))), Scope: pick()}
		if r.IntN(2) == 0 {
			c.Severity = source.Critical
			in.Severity = c.Severity
		}
		in.Changes = []source.Change{c}
		in.Scope = c.Scope
	}
	statuses := []source.Status{source.Investigating, source.Identified, source.Monitoring, source.Resolved}
	if in.IsMaintenance() {
		statuses = []source.Status{source.Scheduled, source.InProgress, source.Completed}
	}
	t := in.Started
	if in.IsMaintenance() && r.IntN(2) == 0 {
		t = t.Add(-minutes(r.IntN(3 * 24 * 60))) // announced ahead
	}
	var ups []source.Update
	for range r.IntN(4) {
		u := source.Update{At: t, Status: statuses[r.IntN(len(statuses))]}
		u.Reopened = r.IntN(10) == 0
		ups = append(ups, u)
		t = t.Add(minutes(1 + r.IntN(600)))
	}
	slices.Reverse(ups) // newest first
	in.Updates = ups
	return in
}

// TestUptimeMatchesDayByDay compares uptime, which visits only the days
// each stretch overlaps, with the plain day-by-day walk over every
// incident of the window.
func TestUptimeMatchesDayByDay(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 1))
		now := at("2026-11-20 12:00").Add(time.Duration(r.IntN(24*60)) * time.Minute)
		var srcs []*source.Incident
		for i := range r.IntN(30) {
			srcs = append(srcs, randomIncident(r, fmt.Sprintf("i%03d", i), now))
		}
		m := New(testSite(1+r.IntN(20)), srcs, Options{Now: now, Drafts: true})
		for _, c := range m.Components {
			days, pct := uptimeByDay(c.ID, c.Incidents, m.basis.days, m.Now)
			if !reflect.DeepEqual(days, c.Days) || pct != c.Uptime {
				t.Fatalf("seed %d, %s: %v %v, day by day %v %v", seed, c.ID, c.Days, c.Uptime, days, pct)
			}
		}
	}
}

func uptimeByDay(id string, incidents []*Incident, days []time.Time, now time.Time) ([]Day, float64) {
	out := make([]Day, len(days))
	var total, down time.Duration
	if len(days) > 0 {
		// Only incidents that overlap the window matter; years of history
		// would otherwise be walked once per day.
		first := days[0]
		var inWindow []*Incident
		for _, in := range incidents {
			// A cancelled maintenance never happened.
			if (in.End.IsZero() || in.End.After(first)) && in.Started.Before(now) && !in.Cancelled {
				inWindow = append(inWindow, in)
			}
		}
		incidents = inWindow
	}
	for i, start := range days {
		// Today counts until now while an incident is still open (its
		// downtime grows with the clock anyway), else as a whole day: the
		// percentages of a quiet day then do not move with each build.
		end, dayEnd := start.AddDate(0, 0, 1), start.AddDate(0, 0, 1)
		if end.After(now) {
			end = now
		}
		day := Day{Start: start, Level: Operational, Uptime: 100}
		var spans []span
		open := false
		for _, in := range incidents {
			touched := false
			for _, p := range in.Periods() {
				from, to := p.From, p.To
				still := to.IsZero() || to.After(now)
				if still {
					to = now
				}
				if !to.After(start) || !from.Before(end) || !p.Has(id) {
					continue
				}
				touched = true
				open = open || still
				day.Level = day.Level.Worse(LevelOf(p.Severity))
				if w := Weight(p.Severity); w > 0 {
					spans = append(spans, span{maxTime(from, start), minTime(to, end), w})
				}
			}
			if touched {
				day.Count++
			}
		}
		if !open {
			end = dayEnd
		}
		if end.After(start) {
			d := weighted(spans)
			length := end.Sub(start)
			day.Downtime = d
			day.Uptime = 100 * (1 - float64(d)/float64(length))
			total += length
			down += d
		}
		out[i] = day
	}
	if total == 0 {
		return out, 100
	}
	return out, 100 * (1 - float64(down)/float64(total))
}

// TestPrevSharesBlocks edits a site of more files than one block of
// byFile holds, at block edges and elsewhere, turns files into drafts
// and back, adds and removes files, and requires each model made from
// the last to equal one made afresh; an edit that adds or removes no
// file shares every block of the last model's list but the edited one.
func TestPrevSharesBlocks(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	now := at("2026-11-20 12:00")
	site := testSite(30)
	srcs := make([]*source.Incident, 2*fileBlock+300)
	for i := range srcs {
		srcs[i] = randomIncident(r, fmt.Sprintf("i%05d", i), now)
	}
	prev := New(site, srcs, Options{Now: now})
	for step, k := range []int{0, fileBlock - 1, fileBlock, 2*fileBlock + 299, 1500, -1, 17, -2, fileBlock + 1, 2 * fileBlock} {
		srcs = slices.Clone(srcs)
		switch {
		case k == -1: // a file added
			srcs = slices.Insert(srcs, 700, randomIncident(r, "i00699x", now))
		case k == -2: // a file removed
			srcs = slices.Delete(srcs, 1200, 1201)
		default:
			in := *srcs[k]
			if step%2 == 0 {
				in.Draft = !in.Draft
			} else {
				in.Title = "edited"
			}
			srcs[k] = &in
		}
		m := New(site, srcs, Options{Now: now, Prev: prev})
		if !reflect.DeepEqual(sansLineage(m), sansLineage(New(site, srcs, Options{Now: now}))) {
			t.Fatalf("step %d: the model from Prev differs from the model made afresh:\n%s", step, modelDiff(m, New(site, srcs, Options{Now: now})))
		}
		if k >= 0 {
			shared := 0
			for b := range m.basis.made.blocks {
				if &m.basis.made.blocks[b][0] == &prev.basis.made.blocks[b][0] {
					shared++
				}
			}
			if want := len(m.basis.made.blocks) - 1; shared != want {
				t.Errorf("step %d: %d blocks shared with the last model, want %d", step, shared, want)
			}
			if m.basis.made.at(k) == prev.basis.made.at(k) && (m.basis.made.at(k) != nil || prev.basis.made.at(k) != nil) {
				t.Errorf("step %d: the edited file kept its incident", step)
			}
		}
		prev = m
	}
}
