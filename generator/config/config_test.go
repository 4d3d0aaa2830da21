package config

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/statuspress/statuspress/generator/diag"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want and site sections of testdata/*/*.txtar")

var testOptions = Options{Languages: []string{"en", "ja"}}

// TestErrors reads testdata/errors/*.txtar: a site.toml and a "want"
// section with every problem, one "file:line:col: message" a line.
func TestErrors(t *testing.T) { runFixtures(t, "testdata/errors", false) }

// TestGood reads testdata/good/*.txtar: a site.toml that must load with no
// error, and a "site" section with what was read.
func TestGood(t *testing.T) { runFixtures(t, "testdata/good", true) }

// runFixtures runs every archive of dir. Directives in the archive comment,
// one a line: "crlf" turns LF into CRLF, "bom" adds a byte order mark.
func runFixtures(t *testing.T, dir string, good bool) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			data := siteFile(t, ar)
			fsys := fstest.MapFS{File: {Data: data}}
			for _, f := range ar.Files { // files beside site.toml: a logo
				if f.Name != "site.toml" && f.Name != "want" && f.Name != "site" {
					fsys["content/"+f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			site, diags := Load(fsys, testOptions)
			diags.Sort()
			var got bytes.Buffer
			if err := diags.WriteText(&got); err != nil {
				t.Fatal(err)
			}
			if good && diags.HasErrors() {
				t.Errorf("want no errors, got:\n%s", got.String())
			}
			if !good && !diags.HasErrors() {
				t.Errorf("want errors, got none")
			}
			sections := []struct {
				name string
				data []byte
			}{{"want", got.Bytes()}}
			if good {
				sections = append(sections, struct {
					name string
					data []byte
				}{"site", dump(site)})
			}
			for _, s := range sections {
				i := memberIndex(ar, s.name)
				if *update {
					if i < 0 {
						ar.Files = append(ar.Files, txtar.File{Name: s.name})
						i = len(ar.Files) - 1
					}
					ar.Files[i].Data = s.data
					continue
				}
				if i < 0 {
					t.Fatalf("no %q section (run with -update to create it)", s.name)
				}
				if want := ar.Files[i].Data; !bytes.Equal(want, s.data) {
					t.Errorf("%s mismatch\n--- got:\n%s--- want:\n%s", s.name, s.data, want)
				}
			}
			if *update {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func memberIndex(ar *txtar.Archive, name string) int {
	for i, f := range ar.Files {
		if f.Name == name {
			return i
		}
	}
	return -1
}

func siteFile(t *testing.T, ar *txtar.Archive) []byte {
	t.Helper()
	i := memberIndex(ar, "site.toml")
	if i < 0 {
		t.Fatal("no site.toml in the archive")
	}
	data := bytes.Clone(ar.Files[i].Data)
	for _, d := range strings.Split(string(ar.Comment), "\n") {
		switch strings.TrimSpace(d) {
		case "crlf":
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		case "bom":
			data = append([]byte("\xef\xbb\xbf"), data...)
		}
	}
	return data
}

func dump(s *Site) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "title: %q\n", s.Title)
	fmt.Fprintf(&b, "base_url: %s\n", s.BaseURL)
	fmt.Fprintf(&b, "base_path: %s\n", s.BasePath)
	fmt.Fprintf(&b, "language: %s\n", s.Language)
	fmt.Fprintf(&b, "timezone: %s (location %s)\n", s.Timezone, s.Location)
	fmt.Fprintf(&b, "description: %q\n", s.Description)
	fmt.Fprintf(&b, "history_days: %d\n", s.HistoryDays)
	fmt.Fprintf(&b, "theme: %s\n", s.Theme)
	for _, c := range s.Components {
		fmt.Fprintf(&b, "component: %s %q group=%q description=%q at %s\n", c.ID, c.Name, c.Group, c.Description, c.Pos)
	}
	for _, l := range s.Others() {
		in := s.In(l)
		fmt.Fprintf(&b, "%s: title %q description %q base %s %s root %s\n", l, in.Title, in.Description, in.BaseURL, in.BasePath, in.Root())
		for _, c := range in.Components {
			fmt.Fprintf(&b, "%s: component: %s %q group=%q description=%q\n", l, c.ID, c.Name, c.Group, c.Description)
		}
	}
	for _, n := range s.Notify {
		fmt.Fprintf(&b, "notify: %s type=%s components=%q language=%q url_env=%q secret_env=%q hub=%q at %s\n", n.Name, n.Type, n.Components, n.Language, n.URLEnv, n.SecretEnv, n.Hub, n.Pos)
		if n.Type == "email" {
			fmt.Fprintf(&b, "  smtp: %s:%d tls=%s username_env=%q password_env=%q from=%q to=%q\n", n.Host, n.Port, n.TLS, n.UsernameEnv, n.PasswordEnv, n.From, n.To)
		}
	}
	if br := s.Brand; br.Logo != nil || br.LogoDark != nil || br.Favicon != nil || br.Color != "" || len(br.Links) > 0 || br.Footer != "" {
		fmt.Fprintf(&b, "brand: logo=%s logo_dark=%s favicon=%s color=%q on=%q footer=%q\n", br.Logo, br.LogoDark, br.Favicon, br.Color, br.OnColor, br.Footer)
		for _, l := range br.Links {
			fmt.Fprintf(&b, "  link: %q %s\n", l.Name, l.URL)
		}
	}
	return b.Bytes()
}

func TestLoadMissingFile(t *testing.T) {
	site, diags := Load(fstest.MapFS{}, testOptions)
	if !diags.HasErrors() || diags[0].Pos.File != File {
		t.Fatalf("want an error about %s, got %v", File, diags)
	}
	if site == nil || site.Location == nil || site.BasePath != "/" {
		t.Fatalf("want usable defaults, got %+v", site)
	}
}

// FuzzSite feeds arbitrary bytes to Parse: it must never panic, always
// return a usable Site, and put every problem on a line of the file.
func FuzzSite(f *testing.F) {
	for _, dir := range []string{"testdata/errors", "testdata/good"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
		for _, file := range files {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				f.Fatal(err)
			}
			if i := memberIndex(ar, "site.toml"); i >= 0 {
				f.Add(ar.Files[i].Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var diags diag.List
		site := Parse(File, data, testOptions, &diags)
		if site == nil || site.Location == nil || site.HistoryDays < 1 {
			t.Fatalf("unusable site: %+v", site)
		}
		if !strings.HasPrefix(site.BasePath, "/") || !strings.HasSuffix(site.BasePath, "/") {
			t.Errorf("base path %q does not start and end with /", site.BasePath)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, d := range diags {
			if d.Pos.File != File || d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 0 {
				t.Errorf("problem outside the file's %d lines: %s", lines, d)
			}
		}
		seen := map[string]bool{}
		for _, c := range site.Components {
			if seen[c.ID] || !ValidName(c.ID) {
				t.Errorf("component id %q kept though duplicate or malformed", c.ID)
			}
			seen[c.ID] = true
		}
	})
}

// TestOnColorContrast tries brand colours across the whole range: the
// text colour chosen for each meets WCAG AA (4.5:1) on it.
func TestOnColorContrast(t *testing.T) {
	worst := 21.0
	for r := 0; r < 256; r += 5 {
		for g := 0; g < 256; g += 5 {
			for b := 0; b < 256; b += 5 {
				c := fmt.Sprintf("#%02x%02x%02x", r, g, b)
				ratio := Contrast(Luminance(c), Luminance(OnColor(c)))
				worst = min(worst, ratio)
				if ratio < 4.5 {
					t.Fatalf("text %s on %s: contrast %.2f, want at least 4.5", OnColor(c), c, ratio)
				}
			}
		}
	}
	t.Logf("lowest contrast: %.2f", worst)
}
