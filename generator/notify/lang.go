package notify

import (
	"slices"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/render"
	"github.com/statuspress/statuspress/generator/status"
)

// languageViews returns the model in each language of a channel that is
// one of the site's other languages: a channel with language = "en" on a
// site in Japanese and English is told in the English words of the
// incident, and its links go to the English pages. The message IDs stay
// those of the default language's feed, which the state keeps.
func languageViews(m *status.Model, catalogs map[string]*i18n.Catalog) map[string]*status.Model {
	views := map[string]*status.Model{}
	def := catalogs[m.Site.Language]
	for lang, cat := range catalogs {
		if !slices.Contains(m.Site.Others(), lang) {
			continue
		}
		name := m.Site.Language
		if def != nil {
			name = def.T("lang_name")
		}
		views[lang] = m.In(lang, render.Untranslated(cat, m.Site.Language, name))
	}
	return views
}

// in returns the entry as it is in the view v of its model in another
// language: the same incident and update, in that language's words.
func (e entry) inView(v *status.Model) entry {
	for _, in := range v.Incidents {
		if in.Slug != e.in.Slug {
			continue
		}
		out := e
		out.in = in
		if e.u != nil {
			for i := range e.in.Updates {
				if &e.in.Updates[i] == e.u {
					out.u = &in.Updates[i]
				}
			}
		}
		return out
	}
	return e
}
