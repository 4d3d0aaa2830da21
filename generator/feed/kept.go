package feed

import (
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/status"
)

// Kept holds the declarations of the maintenance calendars (one
// event.ics each: a large site has thousands) from one run of a view to
// the next, for a site whose model the next run makes from this run's
// (status.Options.Prev): an edit changes one of them. A kept
// declaration's Make writes with the writer of the run under way. The
// zero value is ready; a Kept serves one view of one site, one run at a
// time.
type Kept struct {
	m        *status.Model // of the last run
	w        *writer       // of the run under way
	declared rebuild.Declared
}

// events returns the event.ics of each maintenance of w's model: those
// of the last run's model as they were declared, the others anew. The
// slice is the Kept's: the engine may note its records in it, no one
// else changes it.
func (k *Kept) events(w *writer) []rebuild.Output {
	k.w = w
	m := w.m
	gone, came, ok := m.Since(k.m)
	if !ok || !k.declared.Known() {
		k.declared.Reset(len(m.Maintenance))
		gone, came = nil, m.Maintenance
	}
	k.m = m
	for _, in := range gone {
		k.declared.Drop(in)
	}
	for _, in := range came {
		if !in.IsMaintenance() {
			continue
		}
		k.declared.Add(in, rebuild.Output{Name: "incidents/" + in.Slug + "/" + EventFile,
			Deps: rebuild.Deps{Stamps: in.Stamps()},
			Make: rebuild.Bytes(func() ([]byte, error) { return k.w.calendar(in.Title, []*status.Incident{in}), nil })})
	}
	return k.declared.Outputs()
}
