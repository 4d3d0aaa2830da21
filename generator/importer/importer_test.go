package importer_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/importer"
	"github.com/statuspress/statuspress/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testNow is after every incident in the fixtures.
var testNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// fixtures are the real pages and sites in testdata (see its README).
var fixtures = []struct {
	name string
	read func(t *testing.T) *importer.Site
}{
	{"statuspage-emma", statuspageFiles("testdata/statuspage/emma")},
	{"statuspage-renku", statuspageFiles("testdata/statuspage/renku")},
	{"statuspage-github", statuspageFiles("testdata/statuspage/github")},
	{"cstate-example", func(t *testing.T) *importer.Site {
		site, err := importer.CState(os.DirFS("testdata/cstate/example"), "testdata/cstate/example")
		if err != nil {
			t.Fatal(err)
		}
		return site
	}},
}

func statuspageFiles(paths ...string) func(t *testing.T) *importer.Site {
	return func(t *testing.T) *importer.Site {
		t.Helper()
		var files []importer.File
		for _, p := range paths {
			f, err := importer.ReadStatuspageFiles(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f...)
		}
		site, err := importer.Statuspage(files)
		if err != nil {
			t.Fatal(err)
		}
		return site
	}
}

// importInto plans and writes site into dir and returns the plan.
func importInto(t *testing.T, dir string, site *importer.Site) *importer.Plan {
	t.Helper()
	plan, err := importer.MakePlan(dir, site)
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Write(); err != nil {
		t.Fatal(err)
	}
	return plan
}

// TestGolden imports each fixture into an empty folder and compares the
// files written and the notes with testdata/golden/<name>.txtar; the
// result must pass check and build.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			dir := t.TempDir()
			plan := importInto(t, dir, fx.read(t))
			var notes bytes.Buffer
			_ = plan.Notes.WriteText(&notes)
			ar := &txtar.Archive{Comment: []byte("What importing " + fx.name + " writes. Rewrite with go test -update.\n")}
			ar.Files = append(ar.Files, txtar.File{Name: "notes", Data: notes.Bytes()})
			for _, name := range tree(t, dir) {
				data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
				ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
			}
			got := txtar.Format(ar)
			golden := filepath.Join("testdata", "golden", fx.name+".txtar")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("import of %s differs from %s (go test -update accepts it):\n%s", fx.name, golden, firstDiff(string(want), string(got)))
			}
			checkAndBuild(t, dir)
		})
	}
}

// checkAndBuild runs statuspress check and build on the imported site.
func checkAndBuild(t *testing.T, dir string) {
	t.Helper()
	opts := generator.Options{Source: dir, Dest: filepath.Join(t.TempDir(), "public"), Now: testNow, Theme: themes.Builtin()}
	if d := generator.Check(t.Context(), opts); d.HasErrors() {
		t.Fatalf("the imported site does not pass check:\n%v", d.Err())
	}
	if _, err := generator.Build(t.Context(), opts); err != nil {
		t.Fatalf("the imported site does not build: %v", err)
	}
}

// TestRerunChangesNothing imports each fixture twice: the second run
// writes nothing and reports every incident as already there.
func TestRerunChangesNothing(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			dir := t.TempDir()
			site := fx.read(t)
			first := importInto(t, dir, site)
			before := snapshot(t, dir)
			second := importInto(t, dir, fx.read(t))
			if len(second.Changes) != 0 {
				t.Errorf("the second run would write %d files, want none: %s", len(second.Changes), second.Changes[0].File)
			}
			if got, want := len(second.Present), len(first.Changes)-1; got != want {
				t.Errorf("the second run found %d incidents already there, want %d", got, want)
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("the second run changed the site")
			}
		})
	}
}

// TestIntoExistingSite imports into a site that has components and an
// unrelated incident file of its own: components with the same name are
// reused, the site's own ones stay, and a taken file name gets -2.
func TestIntoExistingSite(t *testing.T) {
	dir := t.TempDir()
	site := "title = \"Ours\"\r\nbase_url = \"https://status.example.net/\"\r\ntimezone = \"Asia/Tokyo\"\r\n\r\n[[components]]\r\nid = \"git\"\r\nname = \"Git Operations\"\r\n\r\n[[components]]\r\nid = \"billing\"\r\nname = \"Billing\"\r\n"
	own := "+++\ntitle = \"Our own\"\nseverity = \"minor\"\nscope = [\"billing\"]\nstarted = 2023-01-10T09:00:00+09:00\nresolved = 2023-01-10T10:00:00+09:00\n+++\n"
	write(t, dir, "content/site.toml", site)
	write(t, dir, "content/incidents/2023-01-10-incident-with-actions-and-git-operations.md", own)
	plan := importInto(t, dir, statuspageFiles("testdata/statuspage/github/00km0kwpz23b.json")(t))
	data, _ := os.ReadFile(filepath.Join(dir, "content", "site.toml"))
	text := string(data)
	if !strings.HasPrefix(text, site) {
		t.Errorf("site.toml lost what it had:\n%s", text)
	}
	if strings.Count(text, `name = "Git Operations"`) != 1 || !strings.Contains(text, "id = \"actions\"\r\n") {
		t.Errorf("want Git Operations reused and Actions added with the file's line endings:\n%q", text)
	}
	got, err := os.ReadFile(filepath.Join(dir, "content", "incidents", "2023-01-10-incident-with-actions-and-git-operations-2.md"))
	if err != nil {
		t.Fatalf("the imported incident should take the name with -2: %v (wrote %d files)", err, len(plan.Changes))
	}
	if !strings.Contains(string(got), `scope = ["git", "actions"]`) {
		t.Errorf("scope should use the site's id for Git Operations:\n%s", got)
	}
	if own2, _ := os.ReadFile(filepath.Join(dir, "content", "incidents", "2023-01-10-incident-with-actions-and-git-operations.md")); string(own2) != own {
		t.Errorf("the site's own incident was changed")
	}
	checkAndBuild(t, dir)
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tree lists the files under dir, slash-separated and sorted.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, name := range tree(t, dir) {
		data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		st, _ := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		b.WriteString(name + " " + st.ModTime().String() + "\n" + string(data) + "\n")
	}
	return b.String()
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + a + "\n  got:  " + b
		}
	}
	return ""
}

// TestNotes imports the inputs of each testdata/notes/*.txtar into an
// empty site and compares the notes with its "want" file. A Statuspage
// archive holds .json files, a cState one config.yml.
func TestNotes(t *testing.T) {
	archives, _ := filepath.Glob(filepath.Join("testdata", "notes", "*.txtar"))
	for _, file := range archives {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			in := t.TempDir()
			var want string
			var files []importer.File
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = string(f.Data)
					continue
				}
				write(t, in, f.Name, string(f.Data))
				if strings.HasSuffix(f.Name, ".json") {
					files = append(files, importer.File{Name: f.Name, Data: f.Data})
				}
			}
			var site *importer.Site
			if files != nil {
				site, err = importer.Statuspage(files)
			} else {
				site, err = importer.CState(os.DirFS(in), "")
			}
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			plan := importInto(t, dir, site)
			var got bytes.Buffer
			_ = plan.Notes.WriteText(&got)
			if *update {
				for i := range ar.Files {
					if ar.Files[i].Name == "want" {
						ar.Files[i].Data = got.Bytes()
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				want = got.String()
			}
			if got.String() != want {
				t.Errorf("notes:\n%s\nwant:\n%s", got.String(), want)
			}
			checkAndBuild(t, dir)
		})
	}
}

// TestZoneOfExistingSite: importing a page into a site that shows times in
// another zone (as a site made by init, in UTC) says so; a zone that only
// has another name (Etc/UTC) is not another zone.
func TestZoneOfExistingSite(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		warn    bool
	}{
		{"testdata/statuspage/emma", true},    // America/Chicago
		{"testdata/statuspage/github", false}, // Etc/UTC
	} {
		dir := t.TempDir()
		write(t, dir, "content/site.toml", "title = \"Ours\"\nbase_url = \"https://status.example.net/\"\ntimezone = \"UTC\"\n")
		plan, err := importer.MakePlan(dir, statuspageFiles(tc.fixture)(t))
		if err != nil {
			t.Fatal(err)
		}
		var notes bytes.Buffer
		_ = plan.Notes.WriteText(&notes)
		got := strings.Contains(notes.String(), `content/site.toml: warning: the imported page shows times in America/Chicago, and content/site.toml says timezone = "UTC"`)
		if got != tc.warn || strings.Contains(notes.String(), "shows times in Etc/UTC") {
			t.Errorf("%s: want a note on the zone: %v; notes:\n%s", tc.fixture, tc.warn, notes.String())
		}
	}
}
