package render

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/themes"
)

// TestKeptTemplates builds a site again and again with one Kept while
// the theme's templates, its words and the settings change between
// builds: the templates are those of the last build exactly when nothing
// they are made from changed, and every build's pages are the bytes a
// build without a Kept makes.
func TestKeptTemplates(t *testing.T) {
	m, _ := loadSite(t, "en")
	theme := fstest.MapFS{}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(fs.WalkDir(themes.Builtin(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(themes.Builtin(), p)
		theme[p] = &fstest.MapFile{Data: data}
		return err
	}))
	edit := func(name, old, new string) {
		t.Helper()
		data := string(theme[name].Data)
		if !strings.Contains(data, old) {
			t.Fatalf("%s has no %q", name, old)
		}
		theme[name] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
	}
	titled := func(m *status.Model, title string) *status.Model {
		site := *m.Site
		site.Title = title
		view := *m
		view.Site = &site
		return &view
	}
	k := new(Kept)
	var last *templates
	for _, step := range []struct {
		name  string
		edit  func()
		reuse bool
	}{
		{"first build", func() {}, false},
		{"nothing changed", func() {}, true},
		{"a word fold prints", func() { edit("i18n/en.toml", `back_home = "Go to`, `back_home = "Back to`) }, false},
		{"a word a function prints", func() { edit("i18n/en.toml", `embed_open = "Open`, `embed_open = "See`) }, true},
		{"a setting typed prints", func() { m = titled(m, "Other & title") }, false},
		{"a setting only functions print", func() { m.Site.BasePath += "x/" }, true},
		{"a partial", func() { edit("templates/layout.html", "<main id=", "<main data-x id=") }, false},
		{"a page template", func() { edit("templates/404.html", "<h1>", "<h1 class=x>") }, false},
		{"the same again", func() {}, true},
	} {
		step.edit()
		text, err := i18n.Load(theme, "en")
		must(err)
		got := renderAll(t, m, Env{Theme: theme, Text: text, Keep: k})
		if k.tmpl == nil {
			t.Fatalf("%s: the Kept keeps no templates", step.name)
		}
		if reused := k.tmpl == last; reused != step.reuse {
			t.Errorf("%s: templates reused %t, want %t", step.name, reused, step.reuse)
		}
		last = k.tmpl
		k.Done()
		if k.tmpl.fn.r != nil {
			t.Errorf("%s: the kept templates hold the renderer after the run", step.name)
		}
		want := renderAll(t, m, Env{Theme: theme, Text: text})
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Fatalf("%s: %s with kept templates\n%s\nwant\n%s", step.name, name, got[name], data)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d files with kept templates, want %d", step.name, len(got), len(want))
		}
	}
}

// renderAll makes every output Declare declares for m.
func renderAll(t *testing.T, m *status.Model, env Env) map[string][]byte {
	t.Helper()
	outs, pages, err := Declare(m, env)
	if err != nil {
		t.Fatal(err)
	}
	set := map[string][]byte{}
	for _, o := range append(outs, pages...) {
		var w bytes.Buffer
		if err := o.Make(&w); err != nil {
			t.Fatalf("%s: %v", o.Name, err)
		}
		set[o.Name] = w.Bytes()
	}
	return set
}
