package generator

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/render"
	"github.com/statuspress/statuspress/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testNow is the fixed clock of the test sites (see testdata/sites/README.md).
var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))

func siteOptions(t testing.TB, site string) Options {
	t.Helper()
	return Options{
		Source: filepath.Join("..", "testdata", "sites", site),
		Dest:   filepath.Join(t.TempDir(), "public"),
		Now:    testNow,
		Theme:  themes.Builtin(),
	}
}

// published returns the files a Build published into opts' output folder.
func published(t testing.TB, opts Options) output.Set {
	t.Helper()
	return output.Set(readTree(t, opts.DestDir()))
}

// readTree returns every file under dir by slash path but statuspress's
// own (the manifest and lock).
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := sitetest.Tree(t, dir)
	for name := range files {
		if output.Own(name) {
			delete(files, name)
		}
	}
	return files
}

// TestGolden builds the test sites and compares every output file with
// testdata/golden/<site>/, and the warnings with
// testdata/golden/<site>.warnings (none when there is no such file). Run
// with -update to accept new output.
func TestGolden(t *testing.T) {
	for _, site := range []string{"en", "ja", "bilingual"} {
		t.Run(site, func(t *testing.T) {
			opts := siteOptions(t, site)
			res, err := Build(t.Context(), opts)
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			warnFile := filepath.Join("testdata", "golden", site+".warnings")
			var warnings string
			if len(res.Diags) > 0 {
				warnings = diag.ListError(res.Diags).Error() + "\n"
			}
			if *update && warnings != "" {
				must(t, os.WriteFile(warnFile, []byte(warnings), 0o644))
			}
			wantWarnings, _ := os.ReadFile(warnFile)
			if warnings != string(wantWarnings) {
				t.Errorf("warnings differ from %s:\n%s", warnFile, warnings)
			}
			golden := filepath.Join("testdata", "golden", site)
			got := readTree(t, opts.DestDir())
			markStaticCopies(t, got)
			if *update {
				must(t, os.RemoveAll(golden))
				for name, data := range got {
					p := filepath.Join(golden, filepath.FromSlash(name))
					must(t, os.MkdirAll(filepath.Dir(p), 0o755))
					must(t, os.WriteFile(p, data, 0o644))
				}
				return
			}
			want := readTree(t, golden)
			for name, data := range got {
				w, ok := want[name]
				switch {
				case !ok:
					t.Errorf("new output file %s (run go test ./generator -update and review)", name)
				case !bytes.Equal(w, data):
					t.Errorf("%s differs from the golden file (run go test ./generator -update and review the diff)", name)
				}
			}
			for name := range want {
				if _, ok := got[name]; !ok {
					t.Errorf("output file %s is missing", name)
				}
			}
		})
	}
}

// markStaticCopies checks that every theme asset in a built tree has the
// bytes of its file in the theme's static/ folder, and replaces them with
// a line naming that file: the golden files then hold the fingerprinted
// names, not second copies of the stylesheet and script.
func markStaticCopies(t *testing.T, files map[string][]byte) {
	t.Helper()
	theme := themes.Builtin()
	for name, data := range files {
		if !strings.HasPrefix(name, "assets/") && name != "favicon.svg" {
			continue
		}
		base := path.Base(name)
		if ext := path.Ext(base); strings.HasPrefix(name, "assets/") {
			stem := strings.TrimSuffix(base, ext)
			base = stem[:strings.LastIndexByte(stem, '.')] + ext // drop the fingerprint
		}
		want, err := fs.ReadFile(theme, "static/"+base)
		if ext := path.Ext(base); ext == ".css" || ext == ".js" {
			want = render.Lean(want, ext == ".css") // as shipped
		}
		if err != nil || !bytes.Equal(want, data) {
			t.Errorf("%s is not a copy of the theme's static/%s", name, base)
			continue
		}
		files[name] = []byte("copy of themes/default/static/" + base + " (render.Lean)\n")
	}
}

// TestDeterministic builds each site twice from scratch and compares bytes.
func TestDeterministic(t *testing.T) {
	for _, site := range []string{"en", "ja"} {
		a, b := siteOptions(t, site), siteOptions(t, site)
		if _, err := Build(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		if _, err := Build(t.Context(), b); err != nil {
			t.Fatal(err)
		}
		ta, tb := readTree(t, a.DestDir()), readTree(t, b.DestDir())
		if len(ta) != len(tb) {
			t.Fatalf("%s: %d files, then %d", site, len(ta), len(tb))
		}
		for name, data := range ta {
			if !bytes.Equal(data, tb[name]) {
				t.Errorf("%s: %s differs between two builds", site, name)
			}
		}
	}
}

// copySite copies a test site into a temporary folder that a test may edit.
func copySite(t *testing.T, site string) string {
	t.Helper()
	src := filepath.Join("..", "testdata", "sites", site)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	must(t, err)
	return dst
}

type fileState struct {
	data    []byte
	modTime time.Time
}

func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	for name, data := range readTree(t, dir) {
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		must(t, err)
		out[name] = fileState{data, st.ModTime()}
	}
	return out
}

// TestFailedBuildKeepsOutput breaks a file after a good build: the build
// reports the problem with its position and leaves every output file as it
// was, bytes and modification times.
func TestFailedBuildKeepsOutput(t *testing.T) {
	src := copySite(t, "en")
	opts := Options{Source: src, Now: testNow, Theme: themes.Builtin()}
	if _, err := Build(t.Context(), opts); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, opts.DestDir())
	bad := filepath.Join(src, "content", "incidents", "2026-11-15-no-updates.md")
	must(t, os.WriteFile(bad, []byte("+++\ntitle = \"Broken\nseverity = \"major\"\n+++\n"), 0o644))
	_, err := Build(t.Context(), opts)
	var list diag.ListError
	if !errors.As(err, &list) {
		t.Fatalf("build of a broken file: err = %v, want a diag.ListError", err)
	}
	if got := list[0].Pos.String(); !strings.HasPrefix(got, "content/incidents/2026-11-15-no-updates.md:2:") {
		t.Errorf("error at %s, want line 2 of the broken file", got)
	}
	after := snapshot(t, opts.DestDir())
	if len(after) != len(before) {
		t.Fatalf("failed build changed the file count: %d -> %d", len(before), len(after))
	}
	for name, b := range before {
		a := after[name]
		if !bytes.Equal(a.data, b.data) || !a.modTime.Equal(b.modTime) {
			t.Errorf("failed build touched %s", name)
		}
	}
}

// TestRebuildWritesOnlyChanges edits one incident and removes another:
// only the affected files are written, the removed incident's page goes
// with its folder, and no temporary file is left behind.
func TestRebuildWritesOnlyChanges(t *testing.T) {
	src := copySite(t, "en")
	opts := Options{Source: src, Now: testNow, Theme: themes.Builtin()}
	first, err := Build(t.Context(), opts)
	must(t, err)
	before := snapshot(t, opts.DestDir())

	b := NewBuilder(opts)
	res, err := b.Build(t.Context())
	must(t, err)
	if res.Stats.Written != 0 || res.Stats.Unchanged != first.Files || first.Files == 0 {
		t.Errorf("rebuild of unchanged content: %+v, want 0 written, %d unchanged", res.Stats, first.Files)
	}
	inc := filepath.Join(src, "content", "incidents")
	must(t, os.Remove(filepath.Join(inc, "2026-11-15-no-updates.md")))
	res, err = b.Build(t.Context())
	must(t, err)
	if res.Parsed != 0 {
		t.Errorf("rebuild re-parsed %d unchanged files", res.Parsed)
	}
	after := snapshot(t, opts.DestDir())
	if _, ok := after["incidents/2026-11-15-no-updates/index.html"]; ok {
		t.Error("the removed incident's page is still published")
	}
	if _, err := os.Stat(filepath.Join(opts.DestDir(), "incidents", "2026-11-15-no-updates")); !os.IsNotExist(err) {
		t.Error("the removed incident's folder is still there")
	}
	for name, a := range after {
		if strings.Contains(name, ".statuspress-tmp-") {
			t.Errorf("temporary file left: %s", name)
		}
		if b, ok := before[name]; ok && bytes.Equal(a.data, b.data) && !a.modTime.Equal(b.modTime) {
			t.Errorf("%s was rewritten with the same bytes", name)
		}
	}
	if res.Stats.Removed == 0 || res.Stats.Written == 0 {
		t.Errorf("stats %+v: want some files written (pages listing the incident) and some removed", res.Stats)
	}

	// An edit to one update's text re-parses one file and re-renders only
	// the pages that show it: its own page and the home page (history and
	// component pages list titles, not update text, but they are keyed on
	// the parsed file, so they render again too).
	edited := filepath.Join(inc, "2026-11-20-explicit-offset.md")
	data, err := os.ReadFile(edited)
	must(t, err)
	must(t, os.WriteFile(edited, []byte(strings.Replace(string(data), "\n## ", "\nAn added sentence.\n\n## ", 2)), 0o644))
	res, err = b.Build(t.Context())
	must(t, err)
	if res.Parsed != 1 {
		t.Errorf("rebuild after one edit parsed %d files, want 1", res.Parsed)
	}
	var pages []string
	for _, name := range b.engine.Made {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
		}
	}
	if limit := 6; len(pages) > limit || b.engine.Reused == 0 {
		t.Errorf("rebuild after one edit rendered %d pages %v (reused %d outputs), want at most %d", len(pages), pages, b.engine.Reused, limit)
	}
	clean, err := NewBuilder(opts).Render(t.Context())
	must(t, err)
	got := published(t, opts)
	for name, want := range clean.Set {
		if !bytes.Equal(got[name], want) {
			t.Errorf("incremental rebuild differs from a clean build in %s", name)
		}
	}
	if len(got) != len(clean.Set) || res.Files != len(got) {
		t.Errorf("the folder holds %d files, the build says %d, a clean one has %d", len(got), res.Files, len(clean.Set))
	}
}

// TestHostileContentEscaped builds the hostile incident of the en site:
// no markup, script or dangerous link from content reaches a page.
func TestHostileContentEscaped(t *testing.T) {
	opts := siteOptions(t, "en")
	_, err := Build(t.Context(), opts)
	must(t, err)
	set := published(t, opts)
	for _, name := range []string{"incidents/2026-11-10-hostile-content/index.html", "index.html", "history/index.html"} {
		page := string(set[name])
		if page == "" {
			t.Fatalf("%s not built", name)
		}
		page = strings.Replace(page, `<script src="/assets/app.`, "", 1) // our own script
		if m := hostileRE.FindString(page); m != "" {
			t.Errorf("%s contains %q from content", name, m)
		}
	}
	page := string(set["incidents/2026-11-10-hostile-content/index.html"])
	if !strings.Contains(page, "Hostile &lt;b&gt;&amp;amp;&#34;&#39; title") {
		t.Errorf("hostile title not shown escaped")
	}
	if !strings.Contains(page, "&lt;script") {
		t.Errorf("raw HTML should be shown as text, not dropped")
	}
}

// hostileRE matches markup or links that must never come from content.
var hostileRE = regexp.MustCompile(`(?i)<(script|img|iframe|style|object|embed|b)[\s>/]|(href|src)="\s*(javascript|vbscript|data):|\son[a-z]+="`)

var hrefRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestBasePath builds the ja site, hosted under /status/: every local
// link and asset carries the path, and every link resolves to a built
// file.
func TestBasePath(t *testing.T) {
	opts := siteOptions(t, "ja")
	_, err := Build(t.Context(), opts)
	must(t, err)
	set := published(t, opts)
	if len(set) == 0 {
		t.Fatal("nothing published")
	}
	for name, data := range set {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range hrefRE.FindAllStringSubmatch(string(data), -1) {
			link := m[1]
			if link == "" || strings.HasPrefix(link, "#") || strings.HasPrefix(link, "https://example.github.io/status/") {
				continue
			}
			if link == "https://example.jp/support" { // the site's header link ([brand] in site.toml)
				continue
			}
			if !strings.HasPrefix(link, "/status/") {
				t.Errorf("%s: link %q does not carry the base path", name, link)
				continue
			}
			target, _, _ := strings.Cut(strings.TrimPrefix(link, "/status/"), "#")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, ok := set[target]; !ok && !feedOrAPI(target) {
				t.Errorf("%s: link %q points to nothing", name, link)
			}
		}
	}
}

// feedOrAPI reports paths written by the feed and statuspage stages.
func feedOrAPI(p string) bool {
	return strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".svg") || strings.HasSuffix(p, ".ics")
}

// TestDemoContent builds the demo site of the quick start: no errors and
// no warnings.
func TestDemoContent(t *testing.T) {
	opts := Options{Source: "..", Dest: filepath.Join(t.TempDir(), "public"), Now: testNow, Theme: themes.Builtin()}
	res, err := Build(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diags) > 0 {
		t.Errorf("warnings:\n%s", diag.ListError(res.Diags).Error())
	}
	if n := len(res.Model.Active); n != 1 {
		t.Errorf("demo has %d active incidents, want 1", n)
	}
	if len(res.Model.Upcoming) == 0 {
		t.Error("demo has no upcoming maintenance")
	}
}

// TestThemeOverride puts one template in the site's own theme folder: it
// replaces the built-in one, and the rest of the built-in theme is used.
func TestThemeOverride(t *testing.T) {
	src := copySite(t, "en")
	dir := filepath.Join(src, "themes", "default", "templates")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "404.html"), []byte(`{{template "top" .}}<h1>Custom lost page</h1>{{template "bottom" .}}`), 0o644))
	res, err := NewBuilder(Options{Source: src, Now: testNow, Theme: themes.Builtin()}).Render(t.Context())
	must(t, err)
	if !strings.Contains(string(res.Set["404.html"]), "Custom lost page") {
		t.Error("the site's own 404.html template was not used")
	}
	if !strings.Contains(string(res.Set["index.html"]), "class=\"banner") {
		t.Error("the built-in home template was not used for the rest")
	}
}

// TestChangedHint builds with the watcher's list of changed files: an
// added file is published and a removed one disappears, though the
// folder is not listed again.
func TestChangedHint(t *testing.T) {
	src := copySite(t, "en")
	opts := Options{Source: src, Now: testNow, Theme: themes.Builtin()}
	b := NewBuilder(opts)
	_, err := b.Build(t.Context())
	must(t, err)
	rel := "content/incidents/2026-11-21-added.md"
	must(t, os.WriteFile(filepath.Join(src, filepath.FromSlash(rel)), []byte("+++\ntitle = \"Added later\"\nseverity = \"minor\"\nscope = [\"web\"]\nstarted = 2026-11-21T10:00:00+09:00\nresolved = 2026-11-21T11:00:00+09:00\n+++\n\n## 2026-11-21 11:00 resolved\n\nFixed.\n"), 0o644))
	b.Changed([]string{rel})
	res, err := b.Build(t.Context())
	must(t, err)
	if page := published(t, opts)["incidents/2026-11-21-added/index.html"]; res.Parsed != 1 || page == nil {
		t.Fatalf("added file: parsed %d, page built: %v", res.Parsed, page != nil)
	}
	must(t, os.Remove(filepath.Join(src, filepath.FromSlash(rel))))
	b.Changed([]string{rel})
	res, err = b.Build(t.Context())
	must(t, err)
	set := published(t, opts)
	if _, ok := set["incidents/2026-11-21-added/index.html"]; ok {
		t.Error("removed file still published")
	}
	clean, err := NewBuilder(opts).Render(t.Context())
	must(t, err)
	if len(clean.Set) != len(set) || res.Files != len(set) {
		t.Errorf("hinted build has %d files (it says %d), a clean one %d", len(set), res.Files, len(clean.Set))
	}
}

// TestDestMustNotHoldSources: building into the source folder, its
// parent, or its content folder is refused before anything is written.
func TestDestMustNotHoldSources(t *testing.T) {
	src := copySite(t, "en")
	for _, dest := range []string{src, filepath.Dir(src), filepath.Join(src, "content", "out")} {
		_, err := Build(t.Context(), Options{Source: src, Dest: dest, Now: testNow, Theme: themes.Builtin()})
		if err == nil || !strings.Contains(err.Error(), "choose another -dest") {
			t.Errorf("build into %s: err = %v, want a refusal", dest, err)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "index.html")); !os.IsNotExist(err) {
		t.Error("a refused build wrote into the source folder")
	}
}

// TestAddedLanguage: a language file in the site's own theme is enough
// to build the site in that language; missing strings fall back to English.
func TestAddedLanguage(t *testing.T) {
	src := copySite(t, "en")
	dir := filepath.Join(src, "themes", "default", "i18n")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "de.toml"), []byte("nav_history = \"Verlauf\"\n"), 0o644))
	site := filepath.Join(src, "content", "site.toml")
	data, err := os.ReadFile(site)
	must(t, err)
	must(t, os.WriteFile(site, []byte(strings.Replace(string(data), `language = "en"`, `language = "de"`, 1)), 0o644))
	res, err := NewBuilder(Options{Source: src, Now: testNow, Theme: themes.Builtin()}).Render(t.Context())
	must(t, err)
	home := string(res.Set["index.html"])
	if !strings.Contains(home, "Verlauf") || !strings.Contains(home, `lang="de"`) {
		t.Error("the German strings from the site's theme were not used")
	}
}
