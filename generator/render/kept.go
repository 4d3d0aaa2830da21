package render

import (
	"bytes"
	"slices"
	"time"

	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/status"
)

// Kept holds what Outputs declared in one run for the next, for a site
// whose model the next run makes from this run's (status.Options.Prev):
// the incident pages, one per incident, of which an edit changes one,
// and the stamps the other pages list, and the theme's templates made
// ready to run (see templates). A kept page's Make renders with
// the renderer of the run under way. The zero value is ready; a Kept
// serves one view of one site, one run at a time.
type Kept struct {
	m     *status.Model    // of the last run
	tmpl  *templates       // the theme's, as the last run made or kept them
	own   bool             // Env.OwnTemplates of the last run
	r     *renderer        // of the run under way
	pages rebuild.Declared // the incident pages
	// list and its stamps, in runs of one history page each (see
	// stamps); comps the Deps of each component's page.
	list  []*status.Incident
	runs  [][]status.Stamp
	comps map[string]keptDeps
	key   []byte // a buffer for componentKey
	// shown is what daysShown found in the last run, by component.
	shown map[string]shownDays
	// gone and came are what differs from the last run's model, when ok.
	gone, came []*status.Incident
	ok         bool
	// old are the incidents older returned in the last run, for since.
	old      []*status.Incident
	oldSince time.Time
	oldValid bool
}

// keptDeps are the Deps of a component's page, known by where its list
// starts, its length (lists in models are never changed) and the rest of
// what the page shows (componentKey).
type keptDeps struct {
	addr **status.Incident
	n    int
	key  string
	deps rebuild.Deps
}

// incidentPages returns the page of each incident of r's model: those
// of incidents in the last run's model as they were declared, the
// others anew. The slice is the Kept's: the engine may note its records
// in it (see Declare), no one else changes it.
func (k *Kept) incidentPages(r *renderer) []rebuild.Output {
	k.r = r
	m := r.m
	gone, came, ok := m.Since(k.m)
	k.gone, k.came, k.ok = gone, came, ok
	if !ok || k.own != r.env.OwnTemplates || !k.pages.Known() {
		k.pages.Reset(len(m.Incidents))
		gone, came = nil, m.Incidents
	}
	k.m, k.own = m, r.env.OwnTemplates
	for _, in := range gone {
		k.pages.Drop(in)
	}
	for _, in := range came {
		k.pages.Add(in, k.page(in))
	}
	return k.pages.Outputs()
}

// Done ends the run under way: the Kept and its templates let go of its
// renderer, with the partials it memoized for the run's pages (a map as
// large as the site), which a watch would otherwise hold between builds.
// A kept page's Make is called again only in the next run, which gives
// the Kept that run's renderer.
func (k *Kept) Done() {
	k.r = nil
	if k.tmpl != nil {
		k.tmpl.fn.r = nil
	}
}

// page declares the page of in. Of the hundred thousand of a large site
// it keeps the declaration only (its Make holds the Kept and in): the
// job, and a copy of its name, are made when the page is.
func (k *Kept) page(in *status.Incident) rebuild.Output {
	return rebuild.Output{Name: incidentPage(in), Deps: rebuild.Deps{Stamps: in.Stamps()}, Volatile: k.own,
		Make: func(w *bytes.Buffer) error {
			return k.r.make(&job{out: incidentPage(in), tmpl: "incident.html", in: in}, w)
		}}
}

// incidentPage is the path of in's page.
func incidentPage(in *status.Incident) string { return "incidents/" + in.Slug + "/index.html" }

// stamps returns the stamps of list in runs, one for each history page
// (see historyRun), taking a run of the last run's where the list has
// the same incidents at the same places: an edit of one incident makes
// one run, not a list of a hundred thousand. The runs are never changed
// afterwards: the engine keeps the dependencies it was given.
func (k *Kept) stamps(list []*status.Incident) [][]status.Stamp {
	out := make([][]status.Stamp, historyCount(len(list)))
	for p := range out {
		lo, hi := historyRun(p+1, len(list))
		if p < len(k.runs) && len(k.runs[p]) == hi-lo && hi <= len(k.list) && slices.Equal(list[lo:hi], k.list[lo:hi]) {
			out[p] = k.runs[p]
			continue
		}
		run := make([]status.Stamp, hi-lo)
		for i, in := range list[lo:hi] {
			run[i] = in.Stamp()
		}
		out[p] = run
	}
	k.list, k.runs = list, out
	return out
}

// componentDeps returns what c's page shows (see componentPage), that
// of the last run when its list of incidents and its days are the same
// (the model shares the list of a component an edit does not touch).
func (k *Kept) componentDeps(r *renderer, c *status.Component) rebuild.Deps {
	// The key is made in the Kept's buffer, and kept as a string only
	// when it is new.
	k.key = componentKey(k.key[:0], c)
	var addr **status.Incident
	if len(c.Incidents) > 0 {
		addr = &c.Incidents[0]
	}
	if ks, ok := k.comps[c.ID]; ok && ks.addr == addr && ks.n == len(c.Incidents) && ks.key == string(k.key) {
		return ks.deps
	}
	key := string(k.key)
	d := componentPage(r.m, c, key, r.daysShown(c))
	if k.comps == nil {
		k.comps = map[string]keptDeps{}
	}
	k.comps[c.ID] = keptDeps{addr: addr, n: len(c.Incidents), key: key, deps: d}
	return d
}

// older returns the incidents of rest (a run of the model's list) that
// keep says to, in the list's order: after an edit, those of the last
// run without the incidents gone and with those come that keep takes.
// keep must say the same of an incident in every run with the same since.
func (k *Kept) older(since time.Time, keep func(*status.Incident) bool, rest []*status.Incident) []*status.Incident {
	var out []*status.Incident
	if k.ok && k.oldValid && k.oldSince.Equal(since) {
		out = slices.DeleteFunc(slices.Clone(k.old), func(in *status.Incident) bool { return slices.Contains(k.gone, in) })
		added := false
		for _, in := range k.came {
			if keep(in) {
				out, added = append(out, in), true
			}
		}
		if added {
			slices.SortFunc(out, status.Newest)
		}
	} else {
		for _, in := range rest {
			if keep(in) {
				out = append(out, in)
			}
		}
	}
	k.old, k.oldSince, k.oldValid = out, since, true
	return out
}
