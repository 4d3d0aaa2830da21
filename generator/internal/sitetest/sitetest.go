// Package sitetest holds the helpers the tests of several packages share:
// building a model from a site folder the way a build does, inline sites,
// strict XML checks, golden files, and large synthetic sites.
package sitetest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/themes"
)

// Now is the build time of every test site: Nov 20, 2026 12:00 in Tokyo.
func Now() time.Time { return time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) }

// LoadModel builds the model of a site folder (content/site.toml and
// content/incidents/*.md) the way a build does, failing on any content
// error.
func LoadModel(t testing.TB, fsys fs.FS, now time.Time) (*status.Model, *i18n.Catalog) {
	t.Helper()
	site, diags := config.Load(fsys, config.Options{Languages: i18n.Languages(themes.Builtin())})
	if err := diags.Err(); err != nil {
		t.Fatalf("site settings: %v", err)
	}
	loader := source.NewLoader(source.Options{Location: site.Location, Components: site.ComponentIDs(), Markdown: markdown.New(), Languages: site.Others(), Default: site.Language})
	incidents, diags := loader.Load(fsys)
	if err := diags.Err(); err != nil {
		t.Fatalf("incidents: %v", err)
	}
	text, err := i18n.Load(themes.Builtin(), site.Language)
	if err != nil {
		t.Fatal(err)
	}
	return status.New(site, incidents, status.Options{Now: now}), text
}

// SiteFS returns the test site in testdata/<name>.
func SiteFS(name string) fs.FS { return os.DirFS(filepath.Join("testdata", name)) }

// InlineSite is a site whose files the test writes out in full.
func InlineSite(siteTOML string, incidents map[string]string) fstest.MapFS {
	// The incidents folder is there even when empty, as a site needs.
	fsys := fstest.MapFS{config.File: {Data: []byte(siteTOML)}, source.Dir: {Mode: fs.ModeDir | 0o755}}
	for name, text := range incidents {
		fsys[source.Dir+"/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// SmallSite is a two-component site in Europe/Berlin.
const SmallSite = `title = "Acme Status"
base_url = "https://status.acme.test/"
language = "en"
timezone = "Europe/Berlin"

[[components]]
id = "api"
name = "API"

[[components]]
id = "web"
name = "Website"
`

// WellFormed decodes every token of an XML document strictly.
func WellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", name, err)
		}
	}
}

// Golden compares got with testdata/golden/<name>, or rewrites it with -update.
func Golden(t *testing.T, update bool, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "golden", filepath.FromSlash(name))
	if update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (go test -update rewrites it); got:\n%s", name, got)
	}
}

// Tree reads every file under dir, by slash path relative to it.
func Tree(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	must(tb, err)
	return out
}
