// Package author owns the authoring commands: it starts incident and
// maintenance files and adds updates to them. It is the only code that
// writes sources. Every change is computed as bytes first, checked with
// the same rules as `statuspress check`, and only then written, atomically,
// so a command never leaves a broken or half-written file behind. Edits of
// existing files are surgical: every byte the change does not need stays.
package author

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/lint"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/overlay"
	"github.com/statuspress/statuspress/generator/sitefs"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// Site is what authoring needs to know about one site.
type Site struct {
	// Dir is the source folder, holding content/.
	Dir string
	// Settings are the checked contents of content/site.toml.
	Settings *config.Site
	// Text holds the strings of the site language, for the templates.
	Text *i18n.Catalog
	// Markdown is the converter used to check the result; nil makes one.
	Markdown *markdown.Converter

	// langs holds the strings of each other language of the site.
	langs map[string]*i18n.Catalog

	// files reads the site without following a link out of it, the rule
	// every build reads by: an incident file that is a link is refused
	// rather than copied into the site on the next write.
	files *sitefs.FS
}

// readFile reads the file at the slash-separated path rel of the site.
func (s *Site) readFile(rel string) ([]byte, error) {
	if s.files == nil {
		return os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(rel)))
	}
	return s.files.ReadFile(rel)
}

// Open reads the settings of the site in dir and the strings of its
// language from its own theme folder over theme (the built-in theme). A
// site.toml with errors is returned as a diag.ListError: nothing can be
// written until it is fixed.
func Open(dir string, theme fs.FS) (*Site, error) {
	layers := overlay.FS{}
	src, err := sitefs.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("author: %w", err)
	}
	site, diags := config.Load(src, config.Options{})
	if err := diags.Err(); err != nil {
		return nil, err
	}
	if sub, err := fs.Sub(src, path.Join("themes", site.Theme)); err == nil {
		if st, err := fs.Stat(sub, "."); err == nil && st.IsDir() {
			layers = append(layers, sub)
		}
	}
	if theme != nil {
		layers = append(layers, theme)
	}
	cat, err := i18n.Load(layers, site.Language)
	if err != nil {
		return nil, fmt.Errorf("author: %w", err)
	}
	langs := map[string]*i18n.Catalog{}
	for _, lang := range site.Others() {
		if langs[lang], err = i18n.Load(layers, lang); err != nil {
			return nil, fmt.Errorf("author: %w", err)
		}
	}
	return &Site{Dir: dir, Settings: site, Text: cat, Markdown: markdown.New(), files: src, langs: langs}, nil
}

// Change is a checked new content of one source file, not yet written.
type Change struct {
	// File is the slash-separated path relative to the source folder, as
	// in messages: content/incidents/<slug>.md.
	File string
	// Path is the file's path on disk.
	Path string
	// Data is the new content.
	Data []byte
	// Warnings are what `check` would warn about in the new content.
	Warnings diag.List
	// Notes say, in plain words, what the command decided that the person
	// did not type: a second added to a time, an incident reopened, which
	// update was amended.
	Notes []error

	old    []byte // content read before the edit; nil for a new file
	create bool
}

// Incident describes a new incident.
type Incident struct {
	Title      string
	Severity   source.Severity // "" means minor
	Scope      []string        // component ids; may be empty when the site has one component
	ETA        time.Time       // optional
	NextUpdate time.Time       // optional
	Workaround string          // optional
	Slug       string          // "" derives one from the title and the date
	Message    string          // text of the first update; "" uses the template
	// Lang holds the title, workaround and text in the site's other
	// languages (Impact is not used: new takes none).
	Lang map[string]Translation
}

// Maintenance describes new planned work.
type Maintenance struct {
	Title      string
	Scope      []string
	Start, End time.Time
	Slug       string // "" derives one from the title and the start date
	Message    string // "" uses the template
	// Lang holds the title and text in the site's other languages.
	Lang map[string]Translation
}

// NewIncident returns the file of a new incident started now, with a
// first investigating update.
func (s *Site) NewIncident(in Incident, now time.Time) (*Change, error) {
	loc := s.Settings.Location
	now = toMinute(now, loc)
	sev := in.Severity
	if sev == "" {
		sev = source.Minor
	}
	if sev == source.Maintenance {
		return nil, diag.Errorf("severity maintenance is for planned work: use statuspress new maintenance")
	}
	scope, err := s.scope(in.Scope)
	if err != nil {
		return nil, err
	}
	if err := checkFields(in.Title, in.Workaround); err != nil {
		return nil, err
	}
	if err := s.checkLangs(in.Lang); err != nil {
		return nil, err
	}
	if err := checkTranslations(in.Lang); err != nil {
		return nil, err
	}
	if err := ahead(now, loc, "-eta", in.ETA, "-next", in.NextUpdate); err != nil {
		return nil, err
	}
	slug, err := s.slug(in.Slug, in.Title, now, scope, "")
	if err != nil {
		return nil, err
	}
	front := []string{
		"title = " + tomlString(strings.TrimSpace(in.Title)),
		"severity = " + tomlString(string(sev)),
		"scope = " + tomlList(scope),
		"started = " + tomlTime(now, loc),
	}
	if !in.ETA.IsZero() {
		front = append(front, "eta = "+tomlTime(in.ETA, loc))
	}
	if !in.NextUpdate.IsZero() {
		front = append(front, "next_update = "+tomlTime(in.NextUpdate, loc))
	}
	if w := strings.TrimSpace(in.Workaround); w != "" {
		front = append(front, "workaround = "+tomlString(w))
	}
	front = append(front, s.langTables(in.Lang, "")...)
	body, err := s.bodyLines(in.Message, in.Lang, func(l *Site) string {
		msg := l.template(source.Investigating, scope, in.ETA, in.NextUpdate, time.Time{})
		w := strings.TrimSpace(in.Workaround)
		if tr, ok := in.Lang[l.Settings.Language]; ok && tr.Workaround != nil {
			w = strings.TrimSpace(*tr.Workaround)
		} else if l != s {
			w = "" // the default language's words have no place in this text
		}
		if w != "" {
			msg += "\n\n" + l.Text.T("author_workaround", w)
		}
		return msg
	})
	if err != nil {
		return nil, err
	}
	return s.create(slug, front, now, source.Investigating, body, now)
}

// NewMaintenance returns the file of new planned work, with a scheduled
// update posted now.
func (s *Site) NewMaintenance(m Maintenance, now time.Time) (*Change, error) {
	loc := s.Settings.Location
	now = toMinute(now, loc)
	if m.Start.IsZero() || m.End.IsZero() {
		return nil, diag.Errorf("maintenance needs a start and an end")
	}
	if !m.End.After(m.Start) {
		return nil, diag.Errorf("the end (%s) must be after the start (%s)", headingTime(m.End, loc), headingTime(m.Start, loc))
	}
	if err := ahead(now, loc, "-end", m.End); err != nil {
		return nil, err
	}
	scope, err := s.scope(m.Scope)
	if err != nil {
		return nil, err
	}
	if err := checkFields(m.Title); err != nil {
		return nil, err
	}
	if err := s.checkLangs(m.Lang); err != nil {
		return nil, err
	}
	if err := checkTranslations(m.Lang); err != nil {
		return nil, err
	}
	slug, err := s.slug(m.Slug, m.Title, m.Start.In(loc), scope, "maintenance")
	if err != nil {
		return nil, err
	}
	front := []string{
		"title = " + tomlString(strings.TrimSpace(m.Title)),
		"severity = " + tomlString(string(source.Maintenance)),
		"scope = " + tomlList(scope),
		"started = " + tomlTime(m.Start, loc),
		"eta = " + tomlTime(m.End, loc),
	}
	front = append(front, s.langTables(m.Lang, "")...)
	body, err := s.bodyLines(m.Message, m.Lang, func(l *Site) string {
		return l.Text.T("author_scheduled", l.componentNames(scope),
			l.Text.Format(m.Start.In(loc), "datetime"), l.Text.Format(m.End.In(loc), "datetime"))
	})
	if err != nil {
		return nil, err
	}
	return s.create(slug, front, now, source.Scheduled, body, now)
}

// langTables returns the language tables of the given translations in
// the order of the site's languages, each after a blank line; prefix
// names the table they belong to ("" for the front matter, "changes."
// under a [[changes]] entry).
func (s *Site) langTables(tr map[string]Translation, prefix string) []string {
	var out []string
	for _, lang := range s.Settings.Others() {
		if t := langTable(prefix+lang, tr[lang]); t != nil {
			out = append(append(out, ""), t...)
		}
	}
	return out
}

func (s *Site) create(slug string, front []string, at time.Time, st source.Status, body []string, now time.Time) (*Change, error) {
	lines := append([]string{"+++"}, front...)
	lines = append(lines, "+++", "", "## "+headingTime(at, s.Settings.Location)+" "+string(st), "")
	lines = append(lines, body...)
	file := path.Join(source.Dir, slug+".md")
	c := &Change{
		File: file, Path: filepath.Join(s.Dir, filepath.FromSlash(file)),
		Data: []byte(strings.Join(lines, "\n") + "\n"), create: true,
	}
	if s.files != nil {
		// A link at content/ or content/incidents/ would have the new
		// file written outside the site.
		if _, err := s.files.Stat(source.Dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("author: %w", err)
		}
	}
	if _, err := os.Lstat(c.Path); err == nil {
		return nil, diag.Errorf("%s already exists: add to it with statuspress update %s, or choose another name with -slug", file, slug)
	}
	return c, s.validate(c, now)
}

// ahead refuses times that must lie ahead but do not: an ETA or a next
// update in the past would tell customers something already false. pairs
// are a flag name and its time; zero times are not given.
func ahead(now time.Time, loc *time.Location, pairs ...any) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		name, t := pairs[i].(string), pairs[i+1].(time.Time)
		if !t.IsZero() && !t.After(now) {
			return diag.Errorf("%s %s is in the past (it is now %s): give a time still to come, like 2h or tomorrow 10:00", name,
				t.In(loc).Format("2006-01-02 15:04"), now.In(loc).Format("2006-01-02 15:04"))
		}
	}
	return nil
}

// checkFields refuses invisible characters in front matter texts.
func checkFields(texts ...string) error {
	for _, t := range texts {
		if err := checkText(fmt.Sprintf("%q", clip(t)), t); err != nil {
			return err
		}
	}
	return nil
}

// validate parses the new content with the site's options and refuses it
// when `check` would report an error; warnings are kept on the change.
func (s *Site) validate(c *Change, now time.Time) error {
	in, diags := source.Parse(c.File, c.Data, s.options())
	diags.Sort()
	if err := diags.Err(); err != nil {
		return fmt.Errorf("refusing to write %s: the result would be invalid:\n%w", c.File, err)
	}
	m := status.New(s.Settings, []*source.Incident{in}, status.Options{Now: now, Drafts: true})
	diags.Append(lint.Check(m))
	diags.Sort()
	c.Warnings = diags.Warnings()
	return nil
}

func (s *Site) options() source.Options {
	md := s.Markdown
	if md == nil {
		md = markdown.New()
	}
	var words map[string]source.Status
	if s.Text != nil {
		words = source.StatusWords(s.Text.Status)
	}
	return source.Options{Location: s.Settings.Location, Components: s.Settings.ComponentIDs(), Markdown: md, StatusWords: words, Languages: s.Settings.Others(), Default: s.Settings.Language}
}
