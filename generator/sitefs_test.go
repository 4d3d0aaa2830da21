package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/themes"
)

// TestLinksOutOfTheSiteRefused is the report's attack: links in the
// site's theme to /etc/passwd and to a file holding a secret (one of
// them named like a built-in file, which must not hide it), an incident
// file linking out of the site, and a loop. The build fails naming each,
// publishes nothing, and no byte of their targets is in any output.
func TestLinksOutOfTheSiteRefused(t *testing.T) {
	src := copySite(t, "en")
	secret := filepath.Join(t.TempDir(), "env")
	must(t, os.WriteFile(secret, []byte("DEPLOY_TOKEN=fake-secret-4711\n"), 0o600))
	incident := filepath.Join(t.TempDir(), "leak.md")
	must(t, os.WriteFile(incident, []byte("+++\ntitle = \"fake-secret-4711\"\nseverity = \"minor\"\nscope = [\"api\"]\nstarted = 2026-11-20T10:00:00+09:00\n+++\n"), 0o600))
	static := filepath.Join(src, "themes", "default", "static")
	must(t, os.MkdirAll(static, 0o755))
	links := map[string]string{
		"themes/default/static/passwd.txt":   "/etc/passwd",
		"themes/default/static/env.txt":      secret,
		"themes/default/static/style.css":    secret,
		"content/incidents/2026-11-22-x.md":  incident,
		"content/incidents/2026-11-22-y.md":  "2026-11-22-y.md",
		"themes/default/static/loop/a.txt":   "b.txt",
		"themes/default/static/loop/b.txt":   "a.txt",
		"themes/default/static/up/notes.txt": "../../../../content/site.toml",
	}
	for name, target := range links {
		p := filepath.Join(src, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.Symlink(target, p))
	}
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(t.Context(), Options{Source: src, Dest: dest, Now: testNow, Theme: themes.Builtin()})
	if err == nil {
		t.Fatal("the build succeeded")
	}
	for name := range links {
		if !strings.Contains(err.Error(), name+": this is a symbolic link") {
			t.Errorf("no error names %s:\n%v", name, err)
		}
	}
	for name, data := range res.Set { // nil: nothing was published, and nothing kept
		if strings.Contains(string(data), "fake-secret") || strings.Contains(string(data), "root:x:0") {
			t.Errorf("%s holds a linked file's text", name)
		}
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("the failed build created %s", dest)
	}
	if diags := Check(t.Context(), Options{Source: src, Now: testNow, Theme: themes.Builtin()}); len(diags.Errors()) != len(links) {
		t.Errorf("check reports %d errors, want %d: %v", len(diags.Errors()), len(links), diags)
	}

	// Replaced by copies of their files, the links are published.
	for name := range links {
		must(t, os.Remove(filepath.Join(src, filepath.FromSlash(name))))
	}
	must(t, os.WriteFile(filepath.Join(static, "env.txt"), []byte("a copy\n"), 0o644))
	_, err = Build(t.Context(), Options{Source: src, Dest: dest, Now: testNow, Theme: themes.Builtin()})
	must(t, err)
	if got, _ := os.ReadFile(filepath.Join(dest, "env.txt")); string(got) != "a copy\n" {
		t.Errorf("env.txt = %q", got)
	}
}

// TestMissingIncidentsFolder: a site whose content/incidents/ is gone
// (a bad checkout) fails, keeping the published pages; an empty folder
// builds an all-green site, over published pages only with -force.
func TestMissingIncidentsFolder(t *testing.T) {
	src := copySite(t, "en")
	dest := filepath.Join(t.TempDir(), "public")
	opts := Options{Source: src, Dest: dest, Now: testNow, Theme: themes.Builtin()}
	_, err := Build(t.Context(), opts)
	must(t, err)
	before := readTree(t, dest)
	must(t, os.RemoveAll(filepath.Join(src, "content", "incidents")))
	if _, err := Build(t.Context(), opts); err == nil || !strings.Contains(err.Error(), "content/incidents: the folder content/incidents/ is missing") {
		t.Fatalf("build without content/incidents/: %v", err)
	}
	if after := readTree(t, dest); len(after) != len(before) {
		t.Errorf("the failed build changed the output: %d files, had %d", len(after), len(before))
	}
	must(t, os.Mkdir(filepath.Join(src, "content", "incidents"), 0o755))
	// Emptied where pages were published: the output side asks for -force.
	var removal *output.RemovalError
	if _, err := Build(t.Context(), opts); !errors.As(err, &removal) {
		t.Fatalf("emptied content/incidents/ over published pages: %v, want a refusal asking for -force", err)
	}
	opts.Force = true
	res, err := Build(t.Context(), opts)
	must(t, err)
	if len(res.Model.Incidents) != 0 {
		t.Errorf("empty folder: %d incidents", len(res.Model.Incidents))
	}
}
