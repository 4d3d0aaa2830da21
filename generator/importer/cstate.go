package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/source"
)

// cStateIssues is the folder of a cState site's incident posts.
const cStateIssues = "content/issues"

// CState reads the cState site in fsys: config.yml (its systems and
// categories) and the posts in content/issues. dir is the folder as the
// user named it, for the positions in messages. Problems that stop the
// import (unreadable YAML) are returned as a diag.ListError.
func CState(fsys fs.FS, dir string) (*Site, error) {
	site := &Site{Tool: "cstate"}
	var errs diag.List
	name, data, err := readFirst(fsys, "config.yml", "config.yaml")
	if err != nil {
		return nil, err
	}
	loc := time.UTC
	var cfg yaml.Node
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		errs.Errorf(yamlErrPos(path.Join(dir, name), 0), "not valid YAML: %v", err)
		return nil, errs.Err()
	}
	root := docMap(&cfg)
	site.Title = scalar(root, "title")
	site.Language = scalar(root, "defaultContentLanguage")
	if site.Language == "" {
		site.Language = scalar(root, "languageCode")
	}
	site.BaseURL = scalar(root, "baseURL")
	if tz := scalar(root, "timeZone"); tz != "" {
		site.Timezone = tz
		if l, err := time.LoadLocation(tz); err == nil {
			loc = l
		}
	} else {
		site.Timezone = "UTC"
	}
	r := &csReader{site: site, loc: loc, systems: map[string]string{}}
	r.config(path.Join(dir, name), root)

	entries, err := fs.ReadDir(fsys, cStateIssues)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("import: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		file := path.Join(cStateIssues, e.Name())
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		if in := r.issue(file, path.Join(dir, file), data, &errs); in != nil {
			site.Incidents = append(site.Incidents, in)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return site, nil
}

func readFirst(fsys fs.FS, names ...string) (string, []byte, error) {
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err == nil {
			return n, data, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", nil, fmt.Errorf("import: %w", err)
		}
	}
	return "", nil, fmt.Errorf("no %s in the folder: give the folder of the cState site (the one holding config.yml and content/issues)", strings.Join(names, " or "))
}

type csReader struct {
	site    *Site
	loc     *time.Location
	systems map[string]string // lower-case name to the system's name
}

// config reads params.categories and params.systems.
func (r *csReader) config(file string, root *yaml.Node) {
	params := value(root, "params")
	untitled := map[string]bool{}
	for _, c := range items(value(params, "categories")) {
		if scalar(c, "untitled") == "true" {
			untitled[scalar(c, "name")] = true
		}
		if d := value(c, "description"); d != nil && d.Value != "" {
			r.site.Notes.Warnf(diag.Pos{File: file, Line: d.Line, Col: d.Column}, "the description of category %q has no place in statuspress (groups are names): left out", scalar(c, "name"))
		}
	}
	for _, s := range items(value(params, "systems")) {
		name := strings.TrimSpace(scalar(s, "name"))
		pos := diag.Pos{File: file, Line: s.Line, Col: s.Column}
		if name == "" {
			r.site.Notes.Warnf(pos, "a system without a name: left out")
			continue
		}
		c := Component{Key: name, Name: name, Description: scalar(s, "description"), Pos: pos}
		if cat := scalar(s, "category"); cat != "" && !untitled[cat] {
			c.Group = cat
		}
		if link := value(s, "link"); link != nil {
			r.site.Notes.Warnf(diag.Pos{File: file, Line: link.Line, Col: link.Column}, "the link of system %q has no place in statuspress: left out", name)
		}
		r.systems[strings.ToLower(name)] = name
		r.site.Components = append(r.site.Components, c)
	}
}

// csKeys are the front matter keys an import reads or knows to mean
// nothing on a statuspress site.
var csKeys = []string{"title", "date", "resolved", "resolvedWhen", "severity", "affected", "informational", "section", "pin", "draft", "automated", "id", "lastmod"}

// issue reads one post: YAML front matter between --- lines, then the
// Markdown body with its update paragraphs.
func (r *csReader) issue(file, shown string, data []byte, errs *diag.List) *Incident {
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if strings.TrimSpace(lines[0]) != "---" {
		r.site.Notes.Warnf(diag.Pos{File: shown, Line: 1, Col: 1}, "no front matter (--- at the top): the file was left out")
		return nil
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		errs.Errorf(diag.Pos{File: shown, Line: 1, Col: 1}, "the front matter has no closing ---")
		return nil
	}
	var front yaml.Node
	if err := yaml.Unmarshal([]byte(strings.Join(lines[1:end], "\n")), &front); err != nil {
		errs.Errorf(yamlErrPos(shown, 1), "the front matter is not valid YAML (lines counted from the first line after ---): %v", err)
		return nil
	}
	m := docMap(&front)
	at := func(n *yaml.Node) diag.Pos {
		if n == nil {
			return diag.Pos{File: shown, Line: 1, Col: 1}
		}
		return diag.Pos{File: shown, Line: n.Line + 1, Col: n.Column}
	}
	if m != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if k := m.Content[i]; !slices.Contains(csKeys, k.Value) {
				r.site.Notes.Warnf(at(k), "%s has no place in statuspress: left out", k.Value)
			}
		}
	}
	slug := strings.TrimSuffix(path.Base(file), ".md")
	in := &Incident{ID: file, Slug: slug, Pos: diag.Pos{File: shown, Line: 1, Col: 1}, Title: strings.TrimSpace(scalar(m, "title"))}
	if in.Title == "" {
		in.Title = slug
		r.site.Notes.Warnf(in.Pos, "no title: the file name %q is the title", slug)
	}
	if scalar(m, "draft") == "true" {
		r.site.Notes.Warnf(at(value(m, "draft")), "a draft: left out")
		return nil
	}
	if scalar(m, "pin") == "true" {
		r.site.Notes.Warnf(at(value(m, "pin")), "pin: statuspress shows ongoing incidents first by itself; a pinned post that has ended is not kept on top")
	}
	when := func(key string) time.Time {
		n := value(m, key)
		if n == nil || n.Value == "" {
			return time.Time{}
		}
		t, ok := hugoTime(n.Value, r.loc)
		if !ok {
			r.site.Notes.Warnf(at(n), "%s %q is not a date and time: left out", key, n.Value)
		}
		return t
	}
	in.Started = when("date")
	if in.Started.IsZero() {
		errs.Errorf(at(value(m, "date")), "no date: add date: YYYY-MM-DD HH:MM:SS, the time the incident started")
		return nil
	}
	informational := scalar(m, "informational") == "true"
	sev := scalar(m, "severity")
	switch {
	case sev == "down":
		in.Severity = source.Critical
	case sev == "disrupted":
		in.Severity = source.Major
	case sev == "notice":
		in.Severity = source.Minor
	case sev == "" && informational:
		in.Severity = source.Minor
	case sev == "":
		in.Severity = source.Minor
		r.site.Notes.Warnf(in.Pos, "no severity: written as minor")
	default:
		in.Severity = source.Minor
		r.site.Notes.Warnf(at(value(m, "severity")), "unknown severity %q (cState has down, disrupted, notice): written as minor", sev)
	}
	for _, a := range items(value(m, "affected")) {
		name, ok := r.systems[strings.ToLower(strings.TrimSpace(a.Value))]
		if !ok {
			r.site.Notes.Warnf(at(a), "system %q is not in config.yml (any more): left out of the scope", a.Value)
			continue
		}
		in.Scope = append(in.Scope, name)
	}
	resolvedWhen := when("resolvedWhen")
	r.body(in, shown, lines, end+1, resolvedWhen)
	switch {
	case scalar(m, "resolved") == "true" && !resolvedWhen.IsZero():
		in.Resolved = resolvedWhen
	case scalar(m, "resolved") == "true":
		in.Resolved = in.Started
		if len(in.Updates) > 0 {
			in.Resolved = in.Updates[0].At
		}
		r.site.Notes.Warnf(at(value(m, "resolved")), "resolved without resolvedWhen: resolved at %s, the last report", in.Resolved.Format("2006-01-02 15:04:05 -07:00"))
	case informational:
		in.Resolved = in.Started
		if len(in.Updates) > 0 {
			in.Resolved = in.Updates[0].At
		}
		r.site.Notes.Warnf(at(value(m, "informational")), "an informational post: statuspress has no notices, so it is a minor incident that ended when it was posted")
	}
	return in
}

// hugoTime reads the date forms Hugo accepts in front matter; one
// without an offset is in loc.
func hugoTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// YAML helpers over the node tree, which keeps every position.

func docMap(doc *yaml.Node) *yaml.Node {
	if doc != nil && doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc == nil || doc.Kind != yaml.MappingNode {
		return nil
	}
	return doc
}

func value(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalar(m *yaml.Node, key string) string {
	if v := value(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// items returns a sequence's entries; a single scalar counts as one.
func items(n *yaml.Node) []*yaml.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.SequenceNode:
		return n.Content
	case n.Kind == yaml.ScalarNode && n.Value != "":
		return []*yaml.Node{n}
	}
	return nil
}

// yamlErrPos is where a YAML syntax error is reported: the start of
// the YAML text, since the library gives the line only in its message.
func yamlErrPos(file string, offset int) diag.Pos {
	return diag.Pos{File: file, Line: 1 + offset, Col: 1}
}
