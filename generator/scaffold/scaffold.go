// Package scaffold owns what `statuspress init` writes: the files of a new
// status repository (settings, an empty incidents folder, a workflow, a
// Netlify file and a pre-commit hook), made from the answers to a few
// questions and written only where nothing is there yet.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/statuspress/statuspress/generator/author"
	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/hosting"
)

//go:embed files
var files embed.FS

// Options are the answers that make a new site.
type Options struct {
	Title    string
	BaseURL  string
	Language string
	// TimeZone is an IANA name such as "Asia/Tokyo".
	TimeZone   string
	Components []Component
	// Version is the statuspress release the workflow and netlify.toml
	// install, such as "v1.4.0"; "" means "latest", which is not pinned.
	Version string
}

// Component is one line of the components question.
type Component struct{ ID, Name string }

// File is one file of a new site, with a slash path relative to its folder.
type File struct {
	Path string
	Data []byte
	Mode fs.FileMode
}

// Files returns the files of a new site, in the order they are written.
// It fails, saying which answer to change, when the settings would not
// pass `statuspress check`.
func Files(o Options) ([]File, error) {
	if o.Version == "" {
		o.Version = "latest"
	}
	if !versionPattern.MatchString(o.Version) {
		return nil, fmt.Errorf("version %q is not a release such as v1.4.0", o.Version)
	}
	site := siteTOML(o)
	var diags diag.List
	config.Parse(config.File, site, config.Options{Languages: []string{"en", "ja"}}, &diags)
	if len(diags) > 0 {
		var msgs []string
		for _, d := range diags {
			msgs = append(msgs, d.Message)
		}
		return nil, fmt.Errorf("these settings would not pass check: %s", strings.Join(msgs, "; "))
	}
	data := struct {
		Options
		Pinned bool
	}{o, o.Version != "latest"}
	out := []File{{Path: config.File, Data: site, Mode: 0o644}}
	for _, f := range []struct {
		name, path string
		mode       fs.FileMode
	}{
		{"gitkeep", "content/incidents/.gitkeep", 0o644},
		{"gitignore", ".gitignore", 0o644},
		{"status.yml", ".github/workflows/status.yml", 0o644},
		{"check.yml", ".github/workflows/check.yml", 0o644},
		{"netlify.toml", "netlify.toml", 0o644},
		{"pre-commit", ".githooks/pre-commit", 0o755},
		{"README.md", "README.md", 0o644},
	} {
		text, err := fs.ReadFile(files, "files/"+f.name)
		if err != nil {
			return nil, err
		}
		t, err := template.New(f.name).Delims("[[", "]]").Funcs(template.FuncMap{"netlifyHeaders": hosting.Netlify}).Parse(string(text))
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		if err := t.Execute(&b, data); err != nil {
			return nil, err
		}
		out = append(out, File{Path: f.path, Data: []byte(b.String()), Mode: f.mode})
	}
	return out, nil
}

var versionPattern = regexp.MustCompile(`^(latest|v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)$`)

// HasSite reports whether dir already holds a site's settings.
func HasSite(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(config.File)))
	return err == nil
}

// Report says what Write did, file by file.
type Report struct {
	Written []string // created
	Kept    []string // already there, left as they were
}

// ErrHasSite is returned by Write for a folder that already has a site.
var ErrHasSite = errors.New("already holds a site")

// Write creates the files under dir that are not there yet and leaves
// every existing file as it is. A folder that already has
// content/site.toml is a site: nothing is written and ErrHasSite is
// returned.
func Write(dir string, list []File) (Report, error) {
	var r Report
	if HasSite(dir) {
		return r, ErrHasSite
	}
	for _, f := range list {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(p); err == nil {
			r.Kept = append(r.Kept, f.Path)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return r, err
		}
		// O_EXCL: a file that appeared since the check is not overwritten.
		w, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, f.Mode)
		if err != nil {
			return r, err
		}
		_, err = w.Write(f.Data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return r, err
		}
		r.Written = append(r.Written, f.Path)
	}
	return r, nil
}

// siteTOML writes content/site.toml from the answers.
func siteTOML(o Options) []byte {
	var b strings.Builder
	b.WriteString("# Settings of this status site: see \"Writing content\" in statuspress's README.\n")
	fmt.Fprintf(&b, "title = %s\n", author.TOMLString(o.Title))
	fmt.Fprintf(&b, "base_url = %s\n", author.TOMLString(o.BaseURL))
	fmt.Fprintf(&b, "language = %s                 # \"en\" or \"ja\"\n", author.TOMLString(o.Language))
	fmt.Fprintf(&b, "timezone = %s\n", author.TOMLString(o.TimeZone))
	b.WriteString("history_days = 90                # uptime bars, history and the calendar of past maintenance\n")
	for _, c := range o.Components {
		fmt.Fprintf(&b, "\n[[components]]\nid = %s\nname = %s\n", author.TOMLString(c.ID), author.TOMLString(c.Name))
	}
	b.WriteString("\n# Your look (README: Your brand): put the files next to this one and remove the #.\n" +
		"# [brand]\n# logo = \"logo.svg\"            # or .png; logo_dark = \"...\" for dark mode\n" +
		"# color = \"#4338ca\"             # the header; its text is black or white, whichever reads best\n" +
		"# footer = \"© Example, Inc.\"\n# [[brand.links]]\n# name = \"Support\"\n# url = \"https://example.com/support\"\n")
	return []byte(b.String())
}

// ParseComponents reads the components answer: a comma-separated list of
// id=Name pairs or bare ids ("api=Public API, mail=Email" or "api,mail").
// A bare id is its own name with a capital first letter.
func ParseComponents(s string) []Component {
	var out []Component
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, name, ok := strings.Cut(part, "=")
		id, name = strings.TrimSpace(id), strings.TrimSpace(name)
		if (!ok || name == "") && id != "" {
			name = strings.ToUpper(id[:1]) + id[1:]
		}
		out = append(out, Component{ID: id, Name: name})
	}
	return out
}
