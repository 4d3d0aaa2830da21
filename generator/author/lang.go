package author

import (
	"strings"

	"github.com/statuspress/statuspress/generator/diag"
)

// Translation is what a command was given in one more language of the
// site (-m-en, -title-en, -impact-en, -workaround-en): a nil field was
// not given. A language without a Message gets the standard text of the
// status in that language.
type Translation struct {
	Message                   string
	Title, Impact, Workaround *string
}

// in returns the site as it speaks lang: the components' names and the
// theme's strings in that language, for the standard texts.
func (s *Site) in(lang string) *Site {
	if lang == s.Settings.Language || s.langs[lang] == nil {
		return s
	}
	v := *s
	v.Settings = s.Settings.In(lang)
	v.Text = s.langs[lang]
	return &v
}

// checkLangs refuses a translation for a language the site does not
// publish in.
func (s *Site) checkLangs(tr map[string]Translation) error {
	for lang := range tr {
		if s.langs[lang] == nil {
			if len(s.Settings.Others()) == 0 {
				return diag.Errorf("-m-%s and the other -…-%s flags are for a site in several languages: add languages = [%q, %q] to content/site.toml first", lang, lang, s.Settings.Language, lang)
			}
			return diag.Errorf("the site has no language %q (its other languages: %s): use the flags of one of those", lang, strings.Join(s.Settings.Others(), ", "))
		}
	}
	return nil
}

// bodyLines returns the lines of a section in every language of the
// site: the default text, then "### <code>" and the text of each other
// language, from tr or else from standard(lang).
func (s *Site) bodyLines(msg string, tr map[string]Translation, standard func(*Site) string) ([]string, error) {
	if strings.TrimSpace(msg) == "" {
		msg = standard(s)
	}
	lines, err := s.messageLines(msg)
	if err != nil {
		return nil, err
	}
	for _, lang := range s.Settings.Others() {
		m := tr[lang].Message
		if strings.TrimSpace(m) == "" {
			m = standard(s.in(lang))
		}
		part, err := s.messageLines(m)
		if err != nil {
			return nil, err
		}
		lines = append(lines, "", "### "+lang, "")
		lines = append(lines, part...)
	}
	return lines, nil
}

// messageLines is the package's messageLines, also refusing, on a site
// in several languages, a line that would start another language's text.
func (s *Site) messageLines(msg string) ([]string, error) {
	lines, err := messageLines(msg)
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		for _, lang := range s.Settings.Languages {
			if strings.TrimSpace(strings.TrimPrefix(t, "###")) == lang && strings.HasPrefix(t, "### ") {
				return nil, diag.Errorf("line %d of the update text is ### %s, which would start the text in that language: give that text with -m-%s instead", i+1, lang, lang)
			}
		}
	}
	return lines, nil
}

// langTable returns the lines of a language table ([en],
// [changes.en]) holding the fields tr gives, in a fixed order; none when
// it gives none.
func langTable(header string, tr Translation) []string {
	var lines []string
	for _, f := range []struct {
		key string
		v   *string
	}{{"title", tr.Title}, {"impact", tr.Impact}, {"workaround", tr.Workaround}} {
		if f.v != nil {
			lines = append(lines, f.key+" = "+tomlString(strings.TrimSpace(*f.v)))
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return append([]string{"[" + header + "]"}, lines...)
}

// checkTranslations refuses invisible characters in the translated
// fields, as in the default ones.
func checkTranslations(tr map[string]Translation) error {
	for _, t := range tr {
		for _, f := range []*string{t.Title, t.Impact, t.Workaround} {
			if f != nil {
				if err := checkFields(*f); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// changeTranslations returns the [changes.<code>] tables of the fields an
// update changes, in the site's other languages. A translation of a
// field the update does not change is refused: it would have nothing to
// translate.
func (s *Site) changeTranslations(f Fields, tr map[string]Translation) ([]string, error) {
	for _, lang := range s.Settings.Others() {
		t := tr[lang]
		for _, x := range []struct {
			name        string
			given, orig *string
		}{{"title", t.Title, f.Title}, {"impact", t.Impact, f.Impact}, {"workaround", t.Workaround, f.Workaround}} {
			if x.given != nil && x.orig == nil {
				return nil, diag.Errorf("-%s-%s translates a new %s: give the %s in the default language with -%s too", x.name, lang, x.name, x.name, x.name)
			}
		}
	}
	return s.langTables(tr, "changes."), nil
}
