package render

import (
	"html/template"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/source"
)

// Language is one language of a site in several, as the language switch
// names it: its code and its name in itself ("English", "日本語").
type Language struct {
	Code, Name string
}

// Languages lists the languages with the name each catalog gives itself
// (lang_name), in the order of cats.
func Languages(cats []*i18n.Catalog) []Language {
	out := make([]Language, len(cats))
	for i, c := range cats {
		out[i] = Language{Code: c.Lang, Name: c.T("lang_name")}
	}
	return out
}

// Untranslated returns the mark of a text shown in the default language
// def on a page in the language of cat, for want of a translation: the
// text keeps its own lang, and a note in the page's language says that
// it is not yet translated. Feeds carry the same mark.
func Untranslated(cat *i18n.Catalog, def, defName string) func(template.HTML) template.HTML {
	note := `<p class="untranslated">` + template.HTMLEscapeString(cat.T("not_translated", defName)) + "</p>\n"
	open := `<div class="fallback" lang="` + template.HTMLEscapeString(def) + `">` + "\n"
	return func(h template.HTML) template.HTML {
		return template.HTML(`<div class="untranslated-text">` + "\n" + note + open + string(h) + "</div>\n</div>\n") // wraps safe HTML
	}
}

// untranslatedAttr gives an element that shows a field in the default
// language (field names a source.Fallback field: title, impact,
// workaround) its lang, so that a screen reader reads it in that
// language; nothing when the field is translated.
func untranslatedAttr(f source.Fallback, field string) template.HTMLAttr {
	fell := false
	switch field {
	case "title":
		fell = f.Title
	case "impact":
		fell = f.Impact
	case "workaround":
		fell = f.Workaround
	}
	if !fell || f.Lang == "" {
		return ""
	}
	return template.HTMLAttr(` lang="` + template.HTMLEscapeString(f.Lang) + `" data-untranslated`)
}
