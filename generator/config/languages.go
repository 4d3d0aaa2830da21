package config

import (
	"slices"
	"strings"

	"github.com/statuspress/statuspress/generator/diag"
)

// SiteText is the site's own text in one more language: the [<code>]
// table of site.toml.
type SiteText struct {
	Title, Description string
}

// ComponentText is a component's text in one more language: the
// [components.<code>] table under its [[components]] entry.
type ComponentText struct {
	Name, Group, Description string
}

var (
	siteTextKeys = []string{"title", "description"}
	compTextKeys = []string{"name", "group", "description"}
)

// MultiLingual reports whether the site publishes in more than one
// language.
func (s *Site) MultiLingual() bool { return len(s.Languages) > 1 }

// Others lists the languages after the default one.
func (s *Site) Others() []string {
	if len(s.Languages) < 2 {
		return nil
	}
	return s.Languages[1:]
}

// Root returns the base path of the files every language shares: the
// site's own base path, also in a view in another language.
func (s *Site) Root() string {
	if s.RootPath != "" {
		return s.RootPath
	}
	return s.BasePath
}

// LangPath returns the base path of the pages in lang: the site's own
// for the default language, its code under it for the others ("/en/").
func (s *Site) LangPath(lang string) string {
	root := s.Root()
	if len(s.Languages) == 0 || lang == s.Languages[0] {
		return root
	}
	return root + lang + "/"
}

// RootBaseURL is Root as an absolute address: the site's own base_url,
// also in a view in another language.
func (s *Site) RootBaseURL() string {
	if s.RootURL != "" {
		return s.RootURL
	}
	return s.BaseURL
}

// LangURL is LangPath as an absolute address.
func (s *Site) LangURL(lang string) string {
	root := s.RootBaseURL()
	if len(s.Languages) == 0 || lang == s.Languages[0] {
		return root
	}
	return root + lang + "/"
}

// In returns the site as the pages in lang show it: its text in lang
// (the default language's where a translation is missing), Language set
// to lang, and the base address under /<lang>/ for a language other
// than the default. RootPath and RootURL keep the site's own base, where
// the files every language shares (styles, scripts) live.
func (s *Site) In(lang string) *Site {
	v := *s
	v.RootPath, v.RootURL = s.LangPath(s.Language), s.LangURL(s.Language)
	if lang == s.Language || !slices.Contains(s.Languages, lang) {
		return &v
	}
	v.Language = lang
	v.BasePath, v.BaseURL = s.LangPath(lang), s.LangURL(lang)
	if t, ok := s.Text[lang]; ok {
		v.Title = or(t.Title, s.Title)
		v.Description = or(t.Description, s.Description)
	}
	v.Components = make([]Component, len(s.Components))
	for i, c := range s.Components {
		t := c.Text[lang]
		if t.Name == "" {
			c.NameLang = s.Language
		}
		c.Name, c.Group, c.Description = or(t.Name, c.Name), or(t.Group, c.Group), or(t.Description, c.Description)
		v.Components[i] = c
	}
	return &v
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// readLanguages reads languages = [...]: the first is the default and
// becomes the site's language.
func readLanguages(t *Table, site *Site, opts Options, diags *diag.List) {
	if !t.Has("languages") {
		return
	}
	list := t.Strings("languages")
	if len(list) == 0 {
		if _, ok := t.Values["languages"].([]any); ok {
			diags.Errorf(t.ValuePos("languages"), "languages is empty: list the site's languages, the default first, like languages = [\"ja\", \"en\"]")
		}
		return
	}
	var out []string
	for _, l := range list {
		switch {
		case !langPattern.MatchString(l):
			diags.Errorf(t.ItemPos("languages", l), "language %q is not a language code such as \"en\" or \"ja\"", l)
		case slices.Contains(out, l):
			diags.Errorf(t.ItemPos("languages", l), "language %q is listed twice in languages", l)
		case len(opts.Languages) > 0 && !contains(opts.Languages, l):
			diags.Errorf(t.ItemPos("languages", l), "the theme has no strings for language %q (available: %s); add i18n/%s.toml to the theme", l, strings.Join(opts.Languages, ", "), l)
		default:
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return
	}
	if t.Has("language") && site.Language != out[0] {
		diags.Errorf(t.ValuePos("language"), "language %q is not the first of languages (%q, the default): remove the language line, languages says it all", site.Language, out[0])
	}
	site.Language = out[0]
	site.Languages = out
}

// readSiteTexts reads the [<code>] table of each other language and
// warns where a text has no translation.
func readSiteTexts(t *Table, site *Site, diags *diag.List) {
	if !site.MultiLingual() {
		return
	}
	site.Text = map[string]SiteText{}
	for _, lang := range site.Others() {
		lt := t.Lang(lang)
		var st SiteText
		if lt != nil {
			st = SiteText{Title: strings.TrimSpace(lt.String("title")), Description: strings.TrimSpace(lt.String("description"))}
			lt.CheckUnknown(siteTextKeys)
			site.Text[lang] = st
		}
		missing(t, lt, lang, lang, "title", site.Title, st.Title, diags)
		missing(t, lt, lang, lang, "description", site.Description, st.Description, diags)
	}
}

// componentTexts reads the [components.<code>] tables of one component
// before its unknown keys are checked.
func componentTexts(ct *Table, c *Component, langs []string, diags *diag.List) {
	for _, lang := range langs {
		lt := ct.Lang(lang)
		var txt ComponentText
		if lt != nil {
			txt = ComponentText{Name: strings.TrimSpace(lt.String("name")), Group: strings.TrimSpace(lt.String("group")), Description: strings.TrimSpace(lt.String("description"))}
			lt.CheckUnknown(compTextKeys)
			if c.Text == nil {
				c.Text = map[string]ComponentText{}
			}
			c.Text[lang] = txt
		}
		missing(ct, lt, "components."+lang, lang, "name", c.Name, txt.Name, diags)
		missing(ct, lt, "components."+lang, lang, "group", c.Group, txt.Group, diags)
		missing(ct, lt, "components."+lang, lang, "description", c.Description, txt.Description, diags)
	}
}

// missing warns at the default text of key when lang has none: pages in
// lang show the default text meanwhile.
func missing(t, lt *Table, header, lang, key, def, got string, diags *diag.List) {
	if def == "" || got != "" {
		return
	}
	pos := t.ValuePos(key)
	if lt != nil {
		diags.Warnf(pos, "%s has no translation into %s: add %s = \"...\" under [%s] (line %d); until then the %s pages show this text", key, lang, key, header, lt.Line, lang)
		return
	}
	diags.Warnf(pos, "%s has no translation into %s: add a table [%s] with %s = \"...\"; until then the %s pages show this text", key, lang, header, key, lang)
}

// Lang returns the table of key lang inside t (a language's texts:
// [en], [components.en], [changes.en]), or nil when there is none. A
// value of another shape is reported and gives none.
func (t *Table) Lang(lang string) *Table {
	v, ok := t.mark(lang)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Diags.Errorf(t.KeyPos(lang), "%s must be a table of the texts in that language, written [%s] with title = \"...\" and the like below it", lang, strings.TrimSuffix(t.Path+lang, "."))
		return nil
	}
	path := t.Path + lang + "."
	line := t.Line
	if p, ok := t.Keys[t.Path+lang]; ok {
		line = p.Line
	}
	return t.Sub(m, path, line)
}
