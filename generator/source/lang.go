package source

import (
	"html/template"
	"slices"
	"strings"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
)

// Texts are the words of the fields a language table translates: the
// [<code>] table of the front matter, or the [changes.<code>] table of a
// [[changes]] entry. A nil field has no translation.
type Texts struct {
	Title, Impact, Workaround *string
}

// Fallback says which words of a view in another language (see In) are
// the default language's, for want of a translation: Lang is that
// default language.
type Fallback struct {
	Lang                      string
	Title, Impact, Workaround bool
}

// Any reports whether any field fell back.
func (f Fallback) Any() bool { return f.Title || f.Impact || f.Workaround }

// Translations holds a text in the site's other languages: the HTML of a
// section, or the words of a language table. A nil *Translations has
// none. (A map for each section of a site of 100,000 files in two
// languages cost 150 MB.)
type Translations[T any] struct {
	list []Translation[T]
}

// Translation is a text in one language.
type Translation[T any] struct {
	Lang string
	Text T
}

// Of returns the text in lang, and whether there is one.
func (t *Translations[T]) Of(lang string) (T, bool) {
	if t != nil {
		for _, x := range t.list {
			if x.Lang == lang {
				return x.Text, true
			}
		}
	}
	var zero T
	return zero, false
}

// All returns every language's text, in the order they were read.
func (t *Translations[T]) All() []Translation[T] {
	if t == nil {
		return nil
	}
	return t.list
}

// with returns t with the text in lang set to v, t itself when t is not
// nil. A second text in the same language (an error) replaces the first.
func (t *Translations[T]) with(lang string, v T) *Translations[T] {
	if t == nil {
		t = &Translations[T]{}
	}
	for i := range t.list {
		if t.list[i].Lang == lang {
			t.list[i].Text = v
			return t
		}
	}
	t.list = append(t.list, Translation[T]{Lang: lang, Text: v})
	return t
}

// langKeys are the keys a language table of the front matter may hold.
var langKeys = []string{"title", "impact", "workaround"}

// readWords reads the title, impact and workaround among keys from t,
// adding them to in.Texts for the checks of public text; set says
// whether t has any of them. It is the one reading of these fields for
// a [<code>] table, a [[changes]] entry and its [changes.<code>] table.
func readWords(in *Incident, t *config.Table, keys []string, ss strs, diags *diag.List) (out Texts, set bool) {
	for _, k := range keys {
		if !t.Has(k) {
			continue
		}
		set = true
		raw, isString := t.Values[k].(string)
		v := ss.text(strings.TrimSpace(t.String(k)))
		if !isString {
			continue
		}
		in.Texts = append(in.Texts, textAt(t.ValuePos(k), raw))
		switch k {
		case "title":
			if v == "" {
				diags.Errorf(t.ValuePos(k), "title is empty: say in a few words what customers notice")
			}
			out.Title = &v
		case "impact":
			out.Impact = &v
		case "workaround":
			out.Workaround = &v
		}
	}
	return out, set
}

// readTexts reads the language table lang of t (nil when absent),
// adding its texts to in.Texts for the checks of public text.
func readTexts(in *Incident, t *config.Table, lang string, keys []string, ss strs, diags *diag.List) (Texts, *config.Table) {
	lt := t.Lang(lang)
	var out Texts
	if lt == nil {
		return out, nil
	}
	out, _ = readWords(in, lt, keys, ss, diags)
	var unknown []string
	for k := range lt.Values {
		if !slices.Contains(keys, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		if contains(frontKeys, k) {
			diags.Errorf(lt.KeyPos(k), "%s is not translated, it holds for every language: move this line above [%s] (every line below [%s] belongs to it)", k, tableName(lt.Path), tableName(lt.Path))
			continue
		}
		diags.Errorf(lt.KeyPos(k), "unknown key %q in [%s] (a language table may hold: %s)", k, tableName(lt.Path), strings.Join(keys, ", "))
	}
	return out, lt
}

// readLangs reads the front matter's language tables, warning at each
// text that has no translation.
func readLangs(in *Incident, t *config.Table, opts Options, diags *diag.List) {
	first, hasChanges := t.Keys["changes.0"]
	for _, lang := range opts.Languages {
		txt, lt := readTexts(in, t, lang, langKeys, opts.strs, diags)
		if lt != nil && hasChanges && lt.Line > first.Line {
			// TOML would read it, but the file would no longer read top
			// down: what held from the start, its translations, then
			// what changed, each change with its own.
			diags.Errorf(diag.Pos{File: in.File, Line: lt.Line, Col: 1}, "[%s] goes above the first [[changes]] (line %d), with the settings of the whole incident: move the table up; a change's own translation is a [changes.%s] right under its [[changes]]", lang, first.Line, lang)
		}
		in.more().lang = in.lang().with(lang, txt)
		untranslated(t, lt, lang, "title", in.Title, txt.Title, diags)
		untranslated(t, lt, lang, "impact", in.Impact, txt.Impact, diags)
		untranslated(t, lt, lang, "workaround", in.Workaround, txt.Workaround, diags)
	}
}

// untranslated warns at the text of key when lang has no translation.
func untranslated(t, lt *config.Table, lang, key, def string, got *string, diags *diag.List) {
	if def == "" || got != nil {
		return
	}
	header := tableName(t.Path + lang)
	if lt != nil {
		diags.Warnf(t.ValuePos(key), "%s has no translation into %s: add %s = \"...\" under [%s] (line %d); until then the %s page shows this text, marked as not yet translated", key, lang, key, header, lt.Line, lang)
		return
	}
	diags.Warnf(t.ValuePos(key), "%s has no translation into %s: add a table [%s] with %s = \"...\"; until then the %s page shows this text, marked as not yet translated", key, lang, header, key, lang)
}

// langPart is where a section's text in another language starts: the
// line "### en" and the text below it.
type langPart struct {
	lang string
	sec  section
}

// langMarker returns the language a line "### <code>" starts, when code
// is one of langs.
func langMarker(line string, langs []string) (string, bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || !strings.HasPrefix(t, "### ") {
		return "", false
	}
	code := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[4:]), "#"))
	for _, l := range langs {
		if l == code {
			return l, true // not a piece of the file's text, which it would keep
		}
	}
	return code, false
}

// renderParts renders the other languages' parts of a section, warning
// where one is missing. what names the section in the warning; pos is
// where it is told.
func renderParts(in *Incident, s *section, pos diag.Pos, what string, opts Options, diags *diag.List) *Translations[template.HTML] {
	if len(opts.Languages) == 0 {
		return nil
	}
	var out *Translations[template.HTML]
	for _, p := range s.parts {
		if p.sec.text() == "" {
			continue
		}
		out = out.with(p.lang, render(in, p.sec, opts, diags))
	}
	if s.text() == "" {
		return out
	}
	for _, lang := range opts.Languages {
		if _, ok := out.Of(lang); ok {
			continue
		}
		diags.Warnf(pos, "%s has no text in %s: add a line ### %s at its end and the %s text below it; until then the %s page shows this text, marked as not yet translated", diag.Word(what), lang, lang, lang, lang)
	}
	return out
}

// In returns the incident as its page in lang shows it: the words of
// lang where the file has them, the default language's elsewhere, each
// body that fell back passed through mark (which labels it as not yet
// translated), and Fallback saying which fields fell back. Times,
// statuses and scope are the same in every language. For a language the
// file has no tables or parts for, that is every text.
func (in *Incident) In(lang, def string, mark func(template.HTML) template.HTML) *Incident {
	v := *in
	x := extra{fallback: Fallback{Lang: def}}
	if in.x != nil {
		x.lang, x.summaryLang, x.postmortemLang, x.updateLang = in.x.lang, in.x.summaryLang, in.x.postmortemLang, in.x.updateLang
	}
	v.x = &x
	txt, _ := in.lang().Of(lang)
	pick := func(tr *string, s string, fb *bool) string {
		if tr != nil {
			return *tr
		}
		*fb = *fb || s != ""
		return s
	}
	var fbOpening Fallback
	opening := in.Opening()
	opening.Title = pick(txt.Title, opening.Title, &fbOpening.Title)
	opening.Impact = pick(txt.Impact, opening.Impact, &fbOpening.Impact)
	opening.Workaround = pick(txt.Workaround, opening.Workaround, &fbOpening.Workaround)
	cur := fbOpening
	if len(in.Changes) > 0 {
		x.opening = &opening
		v.Changes = make([]Change, len(in.Changes))
		for i, c := range in.Changes {
			ct, _ := c.Lang.Of(lang)
			var fb Fallback
			if c.Title != nil {
				s := pick(ct.Title, *c.Title, &fb.Title)
				c.Title, cur.Title = &s, fb.Title
			}
			if c.Impact != nil {
				s := pick(ct.Impact, *c.Impact, &fb.Impact)
				c.Impact, cur.Impact = &s, fb.Impact
			}
			if c.Workaround != nil {
				s := pick(ct.Workaround, *c.Workaround, &fb.Workaround)
				c.Workaround, cur.Workaround = &s, fb.Workaround
			}
			v.Changes[i] = c
		}
	}
	f := opening
	for _, c := range v.Changes {
		f = c.Apply(f)
	}
	v.Title, v.Impact, v.Workaround = f.Title, f.Impact, f.Workaround
	x.fallback.Title, x.fallback.Impact, x.fallback.Workaround = cur.Title, cur.Impact, cur.Workaround
	body := func(parts *Translations[template.HTML], h template.HTML) template.HTML {
		if t, ok := parts.Of(lang); ok {
			return t
		}
		if h == "" {
			return h
		}
		return mark(h)
	}
	v.Summary = body(in.summaryLang(), in.Summary)
	v.Postmortem = body(in.postmortemLang(), in.Postmortem)
	v.Updates = make([]Update, len(in.Updates))
	for i, u := range in.Updates {
		u.Body = body(in.updateLang(i), u.Body)
		v.Updates[i] = u
	}
	return &v
}

// tableName is the header of a table as written in the file, from its
// key path: "changes.2.en." is [changes.en].
func tableName(path string) string {
	var out []string
	for _, part := range strings.Split(strings.TrimSuffix(path, "."), ".") {
		if strings.Trim(part, "0123456789") != "" {
			out = append(out, part)
		}
	}
	return strings.Join(out, ".")
}

// startPart starts the text of lang in s at the marker on line (1-based).
func startPart(in *Incident, s *section, lang string, line int, diags *diag.List) {
	for _, p := range s.parts {
		if p.lang == lang {
			diags.Errorf(diag.Pos{File: in.File, Line: line, Col: 1}, "a second ### %s in the same section (the first is at line %d): keep one and put all the %s text below it", lang, p.sec.line-1, lang)
		}
	}
	s.parts = append(s.parts, langPart{lang: lang, sec: section{line: line + 1}})
}

// firstText returns the line of a section's first text, for a warning
// about the whole section.
func firstText(s section) int {
	i := 0
	for l := range strings.SplitSeq(s.raw, "\n") {
		if strings.TrimSpace(l) != "" {
			return s.line + i
		}
		i++
	}
	return s.line
}
