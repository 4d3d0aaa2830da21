package status

import (
	"html/template"

	"github.com/statuspress/statuspress/generator/source"
)

// In returns the model as the pages, feeds and API in lang show it: the
// same statuses, times and uptime, with the site's, the components' and
// the incidents' words in lang (see config.Site.In and
// source.Incident.In). A body that has no text in lang is passed through
// mark, which labels it as not yet translated. The model of the default
// language is m itself.
func (m *Model) In(lang string, mark func(template.HTML) template.HTML) *Model {
	if lang == m.Site.Language {
		return m
	}
	v := *m
	v.Site = m.Site.In(lang)
	def := m.Site.Language
	block := make([]Incident, len(m.Incidents))
	byPtr := make(map[*Incident]*Incident, len(m.Incidents))
	for i, in := range m.Incidents {
		c := *in
		c.Incident = in.Incident.In(lang, def, mark)
		c.origin = in.origin
		if c.origin == nil {
			c.origin = in.Incident
		}
		block[i] = c
		byPtr[in] = &block[i]
	}
	remap := func(list []*Incident) []*Incident {
		if list == nil {
			return nil
		}
		out := make([]*Incident, len(list))
		for i, in := range list {
			out[i] = byPtr[in]
		}
		return out
	}
	v.Incidents = remap(m.Incidents)
	v.Active, v.Upcoming, v.Ongoing = remap(m.Active), remap(m.Upcoming), remap(m.Ongoing)
	v.Maintenance, v.Unresolved, v.Reports = remap(m.Maintenance), remap(m.Unresolved), remap(m.Reports)
	v.basis = nil // its incidents are copies: no later New starts from it
	comps := make([]Component, len(m.Components))
	byComp := make(map[*Component]*Component, len(m.Components))
	v.Components = make([]*Component, len(m.Components))
	for i, c := range m.Components {
		comps[i] = *c
		comps[i].Component = v.Site.Components[i]
		comps[i].Incidents = remap(c.Incidents)
		v.Components[i] = &comps[i]
		byComp[c] = &comps[i]
	}
	v.Groups = make([]Group, len(m.Groups))
	for i, g := range m.Groups {
		ng := g
		ng.Components = make([]*Component, len(g.Components))
		for j, c := range g.Components {
			ng.Components[j] = byComp[c]
		}
		if len(ng.Components) > 0 {
			ng.key, ng.Name = g.Key(), ng.Components[0].Group
		}
		v.Groups[i] = ng
	}
	return &v
}

// Source returns the parsed file the incident was read from: for a view
// in another language, the file's own parse, not the view's copy.
func (in *Incident) Source() *source.Incident {
	if in.origin != nil {
		return in.origin
	}
	return in.Incident
}
