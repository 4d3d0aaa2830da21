package rebuild

import "github.com/statuspress/statuspress/generator/status"

// Declared keeps one output per incident from one run to the next (the
// page of each incident, the calendar of each maintenance: a large site
// has thousands, an edit changes one), patched with what the model says
// left and came (status.Model.Since) instead of declared anew. The
// outputs are in no order; the engine may note its records in them, no
// one else changes them. The zero value holds nothing and is not Known.
type Declared struct {
	outs  []Output
	ins   []*status.Incident // ins[i] is the incident of outs[i]
	known bool
	// at indexes ins, made at the first Drop: a build that runs once
	// never needs it.
	at map[*status.Incident]int
}

// Known reports whether d holds the outputs of a run (Reset was called).
func (d *Declared) Known() bool { return d.known }

// Reset empties d, with room for n outputs.
func (d *Declared) Reset(n int) {
	d.outs = make([]Output, 0, n)
	d.ins = make([]*status.Incident, 0, n)
	d.at, d.known = nil, true
}

// Drop removes the output of in, if d has one.
func (d *Declared) Drop(in *status.Incident) {
	if d.at == nil {
		d.at = make(map[*status.Incident]int, len(d.ins))
		for i, in := range d.ins {
			d.at[in] = i
		}
	}
	i, ok := d.at[in]
	if !ok {
		return
	}
	last := len(d.outs) - 1
	d.outs[i], d.ins[i] = d.outs[last], d.ins[last]
	d.at[d.ins[i]] = i
	d.outs[last], d.ins[last] = Output{}, nil // let it go
	d.outs, d.ins = d.outs[:last], d.ins[:last]
	delete(d.at, in)
}

// Add adds o as the output of in.
func (d *Declared) Add(in *status.Incident, o Output) {
	if d.at != nil {
		d.at[in] = len(d.outs)
	}
	d.outs = append(d.outs, o)
	d.ins = append(d.ins, in)
}

// Outputs returns the outputs d holds.
func (d *Declared) Outputs() []Output { return d.outs }
