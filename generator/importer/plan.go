package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/author"
	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/sitefs"
	"github.com/statuspress/statuspress/generator/source"
)

// markPrefix starts the comment in the front matter that says where an
// incident came from; a later run finds it and leaves the file alone.
const markPrefix = "# imported from "

// Plan is what an import would write, checked and not yet written.
type Plan struct {
	// Changes are the files to write: site.toml first when it changes.
	Changes []*author.Change
	// Present lists, for each incident already in the site, the file
	// that holds it; those are left alone.
	Present []Present
	// Notes are what could not be carried over exactly.
	Notes diag.List
}

// Present is an incident that an earlier import already wrote.
type Present struct {
	Pos  diag.Pos // in the foreign data
	File string   // the site's file holding it
}

// inSite refuses a site whose content/ folder, incidents folder or
// site.toml is a symbolic link: the files would be written through it,
// outside the site, which no build reads.
func inSite(dir string) error {
	files, err := sitefs.Open(dir)
	if err != nil {
		return err
	}
	defer files.Close()
	for _, name := range []string{source.Dir, config.File} {
		if _, err := files.Stat(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// Write writes the changes in order, site.toml first.
func (p *Plan) Write() error {
	for _, c := range p.Changes {
		if err := c.Write(); err != nil {
			return err
		}
	}
	return nil
}

// planner holds what is known while a plan is made.
type planner struct {
	dir     string
	site    *Site
	plan    *Plan
	seconds bool              // update headings may hold seconds
	ids     map[string]string // component Key to id
	all     []string          // every component id of the result
	taken   map[string]bool   // slugs in use
	marks   map[string]string // import mark to the file holding it
}

// MakePlan plans the files that bring site into the statuspress site in
// dir: components missing from site.toml are added to it (or it is
// created), and each incident not imported before gets its own file. The
// result is checked as `statuspress check` would check it; a result with
// errors is returned as an error, and nothing should be written.
func MakePlan(dir string, site *Site) (*Plan, error) {
	p := &planner{
		dir: dir, site: site, plan: &Plan{Notes: slices.Clone(site.Notes)},
		seconds: headingSeconds(), ids: map[string]string{}, taken: map[string]bool{}, marks: map[string]string{},
	}
	if err := inSite(dir); err != nil {
		return nil, err
	}
	settings, err := p.siteFile()
	if err != nil {
		return nil, err
	}
	if err := p.scan(); err != nil {
		return nil, err
	}
	incidents := slices.Clone(site.Incidents)
	slices.SortFunc(incidents, func(a, b *Incident) int {
		if c := a.Started.Compare(b.Started); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	opts := source.Options{Location: settings.Location, Components: settings.ComponentIDs(), Markdown: markdown.New()}
	var errs diag.List
	for _, in := range incidents {
		mark := markPrefix + site.Tool + " " + in.ID
		if file, ok := p.marks[mark]; ok {
			p.plan.Present = append(p.plan.Present, Present{Pos: in.Pos, File: file})
			continue
		}
		slug := p.slug(in)
		file := path.Join(source.Dir, slug+".md")
		data := p.render(in, mark)
		if _, d := source.Parse(file, data, opts); d.HasErrors() {
			errs.Append(d.Errors())
			continue
		}
		p.plan.Changes = append(p.plan.Changes, author.NewChange(dir, file, data, nil))
	}
	p.plan.Notes.Sort()
	if errs.HasErrors() {
		errs.Sort()
		return nil, fmt.Errorf("the imported files would not pass statuspress check (please report this as a bug):\n%w", errs.Err())
	}
	return p.plan, nil
}

// headingSeconds reports whether update headings may hold seconds
// (HH:MM:SS), which the source format reads from one version on.
func headingSeconds() bool {
	probe := "+++\ntitle = \"x\"\nseverity = \"minor\"\nscope = [\"x\"]\nstarted = 2026-01-01T00:00:00Z\n+++\n\n## 2026-01-01 00:00:30 +00:00 investigating\n"
	_, d := source.Parse("content/incidents/probe.md", []byte(probe), source.Options{Location: time.UTC, Components: []string{"x"}, Markdown: markdown.New()})
	return !d.HasErrors()
}

// siteFile plans site.toml: created when missing, or given the
// components it lacks at its end. It returns the settings the result
// will have.
func (p *planner) siteFile() (*config.Site, error) {
	file := filepath.Join(p.dir, filepath.FromSlash(config.File))
	old, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("import: %w", err)
	}
	var existing []config.Component
	if old != nil {
		var d diag.List
		s := config.Parse(config.File, old, config.Options{}, &d)
		if err := d.Err(); err != nil {
			return nil, fmt.Errorf("%s has errors; fix them first:\n%w", config.File, err)
		}
		existing = s.Components
		p.sameZone(s)
	}
	var blocks []string
	used := map[string]bool{}
	byName := map[string]string{}
	for _, c := range existing {
		used[c.ID] = true
		byName[strings.ToLower(c.Name)] = c.ID
		p.all = append(p.all, c.ID)
	}
	for _, c := range p.site.Components {
		if id, ok := byName[strings.ToLower(c.Name)]; ok {
			p.ids[c.Key] = id
			continue
		}
		id := componentID(c, used, p.site.OwnIDs)
		used[id] = true
		byName[strings.ToLower(c.Name)] = id
		p.ids[c.Key] = id
		p.all = append(p.all, id)
		blocks = append(blocks, componentBlock(id, c))
	}
	if len(p.all) == 0 {
		// Incidents need a scope: the page itself stands for everything.
		c := Component{Name: p.site.Title, Key: ""}
		if strings.TrimSpace(c.Name) == "" {
			c.Name = "Service"
		}
		id := componentID(c, used, false)
		p.all = append(p.all, id)
		blocks = append(blocks, componentBlock(id, c))
		p.plan.Notes.Warnf(diag.Pos{File: config.File}, "the page lists no components: added one named %q for the incidents' scope", c.Name)
	}
	var data []byte
	if old == nil {
		data = []byte(p.newSiteFile(blocks))
	} else if len(blocks) > 0 {
		nl := "\n"
		if bytes.Contains(old, []byte("\r\n")) {
			nl = "\r\n"
		}
		text := strings.TrimRight(string(old), "\r\n") + nl
		for _, b := range blocks {
			text += nl + strings.ReplaceAll(b, "\n", nl)
		}
		data = []byte(text)
	}
	if data == nil {
		var d diag.List
		return config.Parse(config.File, old, config.Options{}, &d), nil
	}
	var d diag.List
	settings := config.Parse(config.File, data, config.Options{}, &d)
	if err := d.Err(); err != nil {
		return nil, fmt.Errorf("the new %s would have errors (please report this as a bug):\n%w", config.File, err)
	}
	p.plan.Changes = append(p.plan.Changes, author.NewChange(p.dir, config.File, data, old))
	return settings, nil
}

// sameZone tells when the imported page kept its times in another zone
// than the existing site shows them in: the times keep their offsets,
// but the pages show them in the site's zone.
func (p *planner) sameZone(site *config.Site) {
	loc, err := time.LoadLocation(p.site.Timezone)
	if err != nil || p.site.Timezone == "" || strings.EqualFold(p.site.Timezone, "local") || site.Location == nil {
		return
	}
	// Compare what the zones do, not their names (Etc/UTC is UTC).
	probe := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	_, a := probe.In(loc).Zone()
	_, b := probe.In(site.Location).Zone()
	_, a7 := probe.AddDate(0, 6, 0).In(loc).Zone()
	_, b7 := probe.AddDate(0, 6, 0).In(site.Location).Zone()
	if a == b && a7 == b7 {
		return
	}
	p.plan.Notes.Warnf(diag.Pos{File: config.File}, "the imported page shows times in %s, and %s says timezone = %q: the times keep their offsets, but the pages show them in %s; change timezone if the page's zone is the right one", p.site.Timezone, config.File, site.Timezone, site.Timezone)
}

func (p *planner) newSiteFile(blocks []string) string {
	title := strings.TrimSpace(p.site.Title)
	if title == "" {
		title = "Status"
	}
	base := p.site.BaseURL
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if base != "" {
			p.plan.Notes.Warnf(diag.Pos{File: config.File}, "the page's address %q is not an http(s) address: base_url is https://status.example.com/, set it to your site's address", base)
		}
		base = "https://status.example.com/"
	} else if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	tz := p.site.Timezone
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || strings.EqualFold(tz, "local") {
		if tz != "" {
			p.plan.Notes.Warnf(diag.Pos{File: config.File}, "unknown time zone %q: the site shows times in UTC; set timezone in %s", tz, config.File)
		}
		tz = "UTC"
	}
	lang := strings.ToLower(p.site.Language)
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	if lang != "en" && lang != "ja" {
		if lang != "" {
			p.plan.Notes.Warnf(diag.Pos{File: config.File}, "language %q has no built-in strings: the site is in English; set language in %s once you have added the strings", p.site.Language, config.File)
		}
		lang = "en"
	}
	lines := []string{
		fmt.Sprintf("# Imported from %s by statuspress import; check base_url and timezone.", toolName(p.site.Tool)),
		"title = " + author.TOMLString(title),
		"base_url = " + author.TOMLString(base),
		"language = " + author.TOMLString(lang),
		"timezone = " + author.TOMLString(tz),
	}
	text := strings.Join(lines, "\n") + "\n"
	for _, b := range blocks {
		text += "\n" + b
	}
	return text
}

func toolName(tool string) string {
	switch tool {
	case "statuspage":
		return "Statuspage"
	case "cstate":
		return "cState"
	}
	return tool
}

func componentBlock(id string, c Component) string {
	lines := []string{"[[components]]", "id = " + author.TOMLString(id), "name = " + author.TOMLString(strings.TrimSpace(c.Name))}
	if g := strings.TrimSpace(c.Group); g != "" {
		lines = append(lines, "group = "+author.TOMLString(g))
	}
	if d := strings.TrimSpace(c.Description); d != "" {
		lines = append(lines, "description = "+author.TOMLString(d))
	}
	return strings.Join(lines, "\n") + "\n"
}

// scan finds the import marks of the incident files already there, and
// the slugs in use.
func (p *planner) scan() error {
	dir := filepath.Join(p.dir, filepath.FromSlash(source.Dir))
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("import: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		p.taken[strings.TrimSuffix(name, ".md")] = true
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if mark := findMark(data); mark != "" {
			p.marks[mark] = path.Join(source.Dir, name)
		}
	}
	return nil
}

// findMark returns the import mark in the front matter of data, or "".
func findMark(data []byte) string {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		if i > 0 && strings.TrimSpace(l) == "+++" {
			break
		}
		if rest, ok := strings.CutPrefix(l, markPrefix); ok {
			f := strings.Fields(rest)
			if len(f) >= 2 {
				return markPrefix + f[0] + " " + f[1]
			}
		}
	}
	return ""
}
