package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/themes"
)

// TestThemeEditMatchesClean changes what the templates a build keeps
// for the next are made from, between builds of one Builder: a word of
// the catalog that fold prints into them, the site's title that typed
// prints, a partial, and each back again, then a word in the site's own
// theme folder. After every build the files must be those a fresh
// Builder makes.
func TestThemeEditMatchesClean(t *testing.T) {
	src := t.TempDir()
	sitetest.Synthetic(t, src, 60)
	theme := builtinCopy(t)
	settings := filepath.Join(src, filepath.FromSlash(config.File))
	replace := func(data []byte, old, new string) []byte {
		t.Helper()
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("no %q to replace", old)
		}
		return bytes.Replace(data, []byte(old), []byte(new), 1)
	}
	edit := func(name, old, new string) func() []string {
		return func() []string {
			theme[name] = &fstest.MapFile{Data: replace(theme[name].Data, old, new)}
			return []string{}
		}
	}
	retitle := func(old, new string) func() []string {
		return func() []string {
			data, err := os.ReadFile(settings)
			must(t, err)
			must(t, os.WriteFile(settings, replace(data, old, new), 0o644))
			return []string{config.File}
		}
	}
	// The site's own theme folder, over the built-in theme.
	own := filepath.Join(src, "themes", "default", "i18n", "en.toml")
	must(t, os.MkdirAll(filepath.Dir(own), 0o755))
	ownWord := func(word string) func() []string {
		return func() []string {
			must(t, os.WriteFile(own, []byte("nav_history = \""+word+"\"\n"), 0o644))
			return []string{"themes/default/i18n/en.toml"}
		}
	}
	opts := Options{Source: src, Now: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), Theme: theme}
	b := NewBuilder(opts)
	b.engine.Verify = true
	_, err := b.Render(t.Context())
	must(t, err)
	for _, step := range []struct {
		name string
		edit func() []string
	}{
		{"a word fold prints", edit("i18n/en.toml", `back_home = "Go to`, `back_home = "Back to`)},
		{"the title", retitle(`title = "Bench Status"`, `title = "Bench & Status"`)},
		{"nothing", func() []string { return []string{} }},
		{"a partial", edit("templates/layout.html", "<main id=", "<main data-x id=")},
		{"the word back", edit("i18n/en.toml", `back_home = "Back to`, `back_home = "Go to`)},
		{"the title back", retitle(`title = "Bench & Status"`, `title = "Bench Status"`)},
		{"the partial back", edit("templates/layout.html", "<main data-x id=", "<main id=")},
		{"a word of the site's theme", ownWord("Past incidents")},
		{"that word again", ownWord("Earlier incidents")},
	} {
		b.Changed(step.edit())
		got, err := b.Render(t.Context())
		must(t, err)
		want, err := NewBuilder(opts).Render(t.Context())
		must(t, err)
		for name, data := range want.Set {
			if !bytes.Equal(got.Set[name], data) {
				t.Fatalf("after %s: %s differs from a clean build's", step.name, name)
			}
		}
		if len(got.Set) != len(want.Set) {
			t.Fatalf("after %s: %d files, a clean build %d", step.name, len(got.Set), len(want.Set))
		}
		if step.name == "the title" && !strings.Contains(string(got.Set["index.html"]), "Bench &amp; Status") {
			t.Errorf("after %s: the home page does not show the new title", step.name)
		}
		if step.name == "that word again" && !strings.Contains(string(got.Set["index.html"]), "Earlier incidents") {
			t.Errorf("after %s: the home page does not show it", step.name)
		}
	}
}

// builtinCopy returns the built-in theme as a file system a test may
// change between builds.
func builtinCopy(t *testing.T) fstest.MapFS {
	t.Helper()
	theme := fstest.MapFS{}
	must(t, fs.WalkDir(themes.Builtin(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(themes.Builtin(), p)
		theme[p] = &fstest.MapFile{Data: data}
		return err
	}))
	return theme
}
