// Package config owns content/site.toml: the site's settings and its list
// of components, read and checked with positions for every problem. It
// also holds the TOML helpers the later stages use for front matter.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/sitefs"
)

// File is where the settings live, relative to the source folder.
const File = "content/site.toml"

// Site is the validated content of site.toml.
type Site struct {
	Title       string
	BaseURL     string // absolute, always ending in "/"
	BasePath    string // path part of BaseURL, "/" or "/status/"
	Language    string
	Timezone    string
	Location    *time.Location
	Description string
	HistoryDays int
	Theme       string
	Components  []Component
	Notify      []Notify // see notify.go

	// Languages lists every language the site publishes in, the default
	// (Language) first; nil for a site in one language. Text holds the
	// title and description in each other language (see languages.go).
	Languages []string
	Text      map[string]SiteText
	// RootPath and RootURL are the site's own base in a view of it in
	// another language (see In), where BasePath and BaseURL are that
	// language's; "" otherwise.
	RootPath, RootURL string
	Brand             Brand // see brand.go
}

// Component is one part of the service that customers can see the status of.
type Component struct {
	ID          string
	Name        string
	Group       string
	Description string
	Pos         diag.Pos
	// Text holds the name, group and description in other languages.
	Text map[string]ComponentText
	// NameLang is set in a view in another language (see Site.In) whose
	// name is the default language's for want of a translation: that
	// default language.
	NameLang string
}

// Component returns the component with id, or nil.
func (s *Site) Component(id string) *Component {
	for i := range s.Components {
		if s.Components[i].ID == id {
			return &s.Components[i]
		}
	}
	return nil
}

// ComponentIDs lists the ids in file order.
func (s *Site) ComponentIDs() []string {
	ids := make([]string, len(s.Components))
	for i, c := range s.Components {
		ids[i] = c.ID
	}
	return ids
}

// Options tune Load.
type Options struct {
	// Languages lists the languages the theme has strings for; empty means
	// any well-formed code is accepted.
	Languages []string
}

// ValidName reports whether s may name a component, a theme, a notify
// channel or, as an incident file's slug, a permanent address: a-z, 0-9
// and dashes, not first (^[a-z0-9][a-z0-9-]*$, told without a regexp:
// a build asks it of every incident file).
func ValidName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0) {
			return false
		}
	}
	return s != ""
}

// ValidLang reports whether s is shaped like a language code: "en",
// "ja", "pt-BR".
func ValidLang(s string) bool { return langPattern.MatchString(s) }

var (
	langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]+)*$`)
	siteKeys    = []string{"title", "base_url", "language", "timezone", "description", "history_days", "theme", "components", "notify", "languages", "brand"}
	compKeys    = []string{"id", "name", "group", "description"}
)

// Load reads and checks site.toml from fsys. The returned Site is usable
// (with defaults) even when problems were reported.
func Load(fsys fs.FS, opts Options) (*Site, diag.List) {
	var diags diag.List
	data, err := readFile(fsys, File, MaxSize)
	var refused *sitefs.Error
	switch {
	case errors.As(err, &refused):
		refused.Report(&diags)
		return defaults(), diags
	case errors.Is(err, errTooBig):
		diags.Errorf(diag.Pos{File: File, Line: 1, Col: 1}, "the settings file is larger than %d KB: statuspress reads at most that much; keep only the settings and the components in it", MaxSize>>10)
		return defaults(), diags
	case err != nil:
		diags.Errorf(diag.Pos{File: File}, "cannot read site settings: %v (create %s with at least title and base_url)", err, File)
		return defaults(), diags
	}
	return parse(File, data, opts, fsys, &diags), diags
}

// baseOnly returns u without user, query and fragment, ending in "/".
func baseOnly(u *url.URL) string {
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	if !strings.HasSuffix(v.Path, "/") {
		v.Path += "/"
	}
	return v.String()
}

func defaults() *Site {
	return &Site{Title: "Status", BaseURL: "/", BasePath: "/", Language: "en", Timezone: "UTC", Location: time.UTC, HistoryDays: 90, Theme: "default"}
}

// Parse checks the text of a site.toml named file. The files it names
// (a logo) are not read: Load reads them.
func Parse(file string, data []byte, opts Options, diags *diag.List) *Site {
	return parse(file, data, opts, nil, diags)
}

func parse(file string, data []byte, opts Options, fsys fs.FS, diags *diag.List) *Site {
	site := defaults()
	text := Normalize(data)
	t := Decode(file, text, 1, diags)
	if t == nil {
		return site
	}
	t.Require("title", "base_url")
	site.Title = t.String("title")
	for _, k := range []string{"title", "base_url"} {
		if s, ok := t.Values[k].(string); ok && strings.TrimSpace(s) == "" {
			diags.Errorf(t.ValuePos(k), "%s is empty", k)
		}
	}
	if raw := t.String("base_url"); strings.TrimSpace(raw) != "" {
		u, err := url.Parse(raw)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			diags.Errorf(t.ValuePos("base_url"), "base_url must be an absolute http(s) address, like \"https://status.example.com/\"")
		case u.User != nil:
			// Never print the value back: it holds a password.
			diags.Errorf(t.ValuePos("base_url"), "base_url holds a user name or password (the part before @): every page would show it to the public; remove it and protect a private site another way")
		case strings.ContainsAny(raw, "?#"):
			diags.Errorf(t.ValuePos("base_url"), "base_url has a query (?...) or a fragment (#...): every page address is built under it; remove everything from the ? or # on: %q", baseOnly(u))
		default:
			site.BaseURL = baseOnly(u)
			site.BasePath = strings.TrimPrefix(site.BaseURL, u.Scheme+"://"+u.Host)
		}
	}
	if t.Has("language") {
		site.Language = t.String("language")
		switch {
		case !langPattern.MatchString(site.Language):
			diags.Errorf(t.ValuePos("language"), "language %q is not a language code such as \"en\" or \"ja\"", site.Language)
		case len(opts.Languages) > 0 && !contains(opts.Languages, site.Language):
			diags.Errorf(t.ValuePos("language"), "the theme has no strings for language %q (available: %s); add i18n/%s.toml to the theme", site.Language, strings.Join(opts.Languages, ", "), site.Language)
		}
	}
	if t.Has("timezone") {
		site.Timezone = t.String("timezone")
		loc, err := time.LoadLocation(site.Timezone)
		if site.Timezone == "Local" {
			diags.Errorf(t.ValuePos("timezone"), "time zone \"Local\" would change with the machine that builds the site: use an IANA name such as \"Asia/Tokyo\" or \"UTC\"")
		} else if err != nil || site.Timezone == "" {
			diags.Errorf(t.ValuePos("timezone"), "unknown time zone %q: use an IANA name such as \"Asia/Tokyo\" or \"UTC\"", site.Timezone)
		} else {
			site.Location = loc
		}
	}
	site.Description = t.String("description")
	site.HistoryDays = t.Int("history_days", 90)
	if site.HistoryDays < 1 || site.HistoryDays > 3660 {
		diags.Errorf(t.ValuePos("history_days"), "history_days must be between 1 and 3660")
		site.HistoryDays = 90
	}
	if t.Has("theme") {
		site.Theme = t.String("theme")
		if !ValidName(site.Theme) {
			diags.Errorf(t.ValuePos("theme"), "theme %q must be a folder name of lower-case letters, digits and dashes", site.Theme)
			site.Theme = "default"
		}
	}
	readLanguages(t, site, opts, diags)
	site.Components = components(t, site.Others(), diags)
	readSiteTexts(t, site, diags)
	site.Notify = notifyChannels(t, site, opts, diags)
	site.Brand = brand(t, fsys, diags)
	t.CheckUnknown(siteKeys)
	return site
}

func components(t *Table, langs []string, diags *diag.List) []Component {
	v, ok := t.mark("components")
	if !ok {
		return nil
	}
	list, ok := v.([]map[string]any)
	if !ok {
		diags.Errorf(t.KeyPos("components"), "components must be written as [[components]] tables, each with id and name")
		return nil
	}
	if len(list) > MaxComponents {
		line := headerLine(t, fmt.Sprintf("components.%d.", MaxComponents))
		diags.Errorf(diag.Pos{File: t.File, Line: line, Col: 1}, "more than %d components, from this one on: statuspress builds a page and feeds for each, and reads at most %d; group small parts into one component", MaxComponents, MaxComponents)
		list = list[:MaxComponents]
	}
	var out []Component
	seen := make(map[string]diag.Pos)
	for i, m := range list {
		path := fmt.Sprintf("components.%d.", i)
		line := headerLine(t, path)
		ct := t.Sub(m, path, line)
		ct.Require("id", "name")
		c := Component{
			ID: ct.String("id"), Name: ct.String("name"),
			Group: ct.String("group"), Description: ct.String("description"),
			Pos: ct.ValuePos("id"),
		}
		componentTexts(ct, &c, langs, diags)
		ct.CheckUnknown(compKeys)
		if c.ID == "" {
			if _, isString := m["id"].(string); isString {
				diags.Errorf(c.Pos, "component id is empty: give it a short name of a-z, 0-9 and dashes, like \"api\"")
			}
			continue
		}
		if !ValidName(c.ID) {
			diags.Errorf(c.Pos, "component id %q must use only a-z, 0-9 and dashes, starting with a letter or digit", c.ID)
			continue
		}
		if first, dup := seen[c.ID]; dup {
			diags.Errorf(c.Pos, "duplicate component id %q (first defined at line %d)", c.ID, first.Line)
			continue
		}
		seen[c.ID] = c.Pos
		out = append(out, c)
	}
	return out
}

// headerLine finds the [[components]] header line of an entry, or guesses
// it from the entry's first key; a missing id is then reported there.
func headerLine(t *Table, path string) int {
	if p, ok := t.Keys[strings.TrimSuffix(path, ".")]; ok {
		return p.Line
	}
	line := 0
	for k, p := range t.Keys {
		if strings.HasPrefix(k, path) && (line == 0 || p.Line < line) {
			line = p.Line
		}
	}
	if line > 1 {
		return line - 1
	}
	return 1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Normalize drops a UTF-8 byte order mark and turns CRLF line ends into LF,
// keeping line numbers unchanged.
func Normalize(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return string(data)
}

var errTooBig = errors.New("file too large")

// readFile reads name, failing with errTooBig past limit bytes without
// reading more than that.
func readFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(data)) > limit {
		return nil, errTooBig
	}
	return data, err
}
