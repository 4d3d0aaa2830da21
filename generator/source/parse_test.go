package source

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/themes"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*/*.txtar")

// The build host's zone must never leak into parsed times. Tests run with a
// local zone far from the site's (UTC-7, no DST) whatever TZ says, so a
// datetime read in the wrong zone shows up in the fixtures.
func TestMain(m *testing.M) {
	time.Local = time.FixedZone("HOST", -7*3600)
	os.Exit(m.Run())
}

var testMarkdown = markdown.New()

// testOptions is the site every fixture is read against.
func testOptions(t testing.TB) Options {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	words, err := jaWords()
	if err != nil {
		t.Fatal(err)
	}
	// The words of a Japanese site: a heading written with them is an
	// error with the heading the file takes.
	return Options{Location: loc, Components: []string{"api", "mail", "web"}, Markdown: testMarkdown, StatusWords: words}
}

var jaWords = sync.OnceValues(func() (map[string]Status, error) {
	ja, err := i18n.Load(themes.Builtin(), "ja")
	if err != nil {
		return nil, err
	}
	return StatusWords(ja.Status), nil
})

// TestErrors reads testdata/errors/*.txtar: each holds one incident file
// and a "want" section with every problem, one "file:line:col: message" a
// line, in the order they are reported after sorting.
func TestErrors(t *testing.T) { runFixtures(t, "testdata/errors", false) }

// TestGood reads testdata/good/*.txtar: files that must parse with no
// error, and an "incident" section with what was read from them.
func TestGood(t *testing.T) { runFixtures(t, "testdata/good", true) }

// runFixtures runs every archive in dir. The archive comment may hold
// directives, one a line, applied to the incident file before parsing:
//
//	crlf    turn every LF into CRLF
//	bom     prefix a UTF-8 byte order mark
//	bytes   replace \xNN escapes by the byte
//	languages ja en   read it on a site in these languages, the default first
//
// The incident file is the one archive member other than want and
// incident.
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
			name, data := incidentFile(t, ar)
			opts := testOptions(t)
			for _, d := range strings.Split(string(ar.Comment), "\n") {
				if langs, ok := strings.CutPrefix(strings.TrimSpace(d), "languages "); ok {
					f := strings.Fields(langs)
					opts.Default, opts.Languages = f[0], f[1:]
				}
			}
			in, diags := Parse(name, data, opts)
			diags.Sort()
			var got bytes.Buffer
			if err := diags.WriteText(&got); err != nil {
				t.Fatal(err)
			}
			if good && diags.HasErrors() {
				t.Errorf("want no errors, got:\n%s", got.String())
			}
			if !good && len(diags) == 0 {
				t.Errorf("want problems, got none")
			}
			sections := map[string][]byte{"want": got.Bytes()}
			if good {
				sections["incident"] = dump(in)
			}
			check := func(section string, gotData []byte) {
				i := memberIndex(ar, section)
				if *update {
					if i < 0 {
						ar.Files = append(ar.Files, txtar.File{Name: section})
						i = len(ar.Files) - 1
					}
					ar.Files[i].Data = gotData
					return
				}
				if i < 0 {
					t.Fatalf("no %q section (run with -update to create it)", section)
				}
				if want := ar.Files[i].Data; !bytes.Equal(want, gotData) {
					t.Errorf("%s mismatch\n--- got:\n%s--- want:\n%s", section, gotData, want)
				}
			}
			check("want", sections["want"])
			if good {
				check("incident", sections["incident"])
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

var hexEscape = regexp.MustCompile(`\\x[0-9a-fA-F]{2}`)

func incidentFile(t *testing.T, ar *txtar.Archive) (string, []byte) {
	t.Helper()
	var name string
	var data []byte
	for _, f := range ar.Files {
		if f.Name == "want" || f.Name == "incident" {
			continue
		}
		if name != "" {
			t.Fatalf("two incident files: %s and %s", name, f.Name)
		}
		name, data = f.Name, bytes.Clone(f.Data)
	}
	if name == "" {
		t.Fatal("no incident file in the archive")
	}
	for _, d := range strings.Split(string(ar.Comment), "\n") {
		switch strings.TrimSpace(d) {
		case "crlf":
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		case "bom":
			data = append([]byte("\xef\xbb\xbf"), data...)
		case "bytes":
			data = hexEscape.ReplaceAllFunc(data, func(b []byte) []byte {
				n, _ := strconv.ParseUint(string(b[2:]), 16, 8)
				return []byte{byte(n)}
			})
		}
	}
	return name, data
}

// dump prints what Parse read, one field a line, times in UTC so that a
// datetime read in the wrong zone is plain to see.
func dump(in *Incident) []byte {
	var b bytes.Buffer
	tm := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format(time.RFC3339)
	}
	fmt.Fprintf(&b, "slug: %s\n", in.Slug)
	fmt.Fprintf(&b, "title: %q\n", in.Title)
	fmt.Fprintf(&b, "severity: %s\n", in.Severity)
	fmt.Fprintf(&b, "scope: %s\n", strings.Join(in.Scope, ", "))
	fmt.Fprintf(&b, "started: %s\n", tm(in.Started))
	fmt.Fprintf(&b, "eta: %s\n", tm(in.ETA))
	fmt.Fprintf(&b, "next_update: %s\n", tm(in.NextUpdate))
	fmt.Fprintf(&b, "resolved: %s\n", tm(in.Resolved))
	fmt.Fprintf(&b, "impact: %q\n", in.Impact)
	fmt.Fprintf(&b, "workaround: %q\n", in.Workaround)
	fmt.Fprintf(&b, "draft: %t\n", in.Draft)
	if len(in.Changes) > 0 {
		o := in.Opening()
		fmt.Fprintf(&b, "opening: %q %s [%s] impact %q workaround %q\n", o.Title, o.Severity, strings.Join(o.Scope, ", "), o.Impact, o.Workaround)
	}
	for _, c := range in.Changes {
		fmt.Fprintf(&b, "change: line %d: %s", c.Pos.Line, tm(c.At))
		if c.Title != nil {
			fmt.Fprintf(&b, " title %q", *c.Title)
		}
		if c.Severity != "" {
			fmt.Fprintf(&b, " severity %s", c.Severity)
		}
		if c.Scope != nil {
			fmt.Fprintf(&b, " scope [%s]", strings.Join(c.Scope, ", "))
		}
		if c.Impact != nil {
			fmt.Fprintf(&b, " impact %q", *c.Impact)
		}
		if c.Workaround != nil {
			fmt.Fprintf(&b, " workaround %q", *c.Workaround)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "summary: %q\n", in.Summary)
	for _, u := range in.Updates {
		reopened := ""
		if u.Reopened {
			reopened = " (reopened)"
		}
		fmt.Fprintf(&b, "update: line %d: %s %s%s #%s %q\n", u.Line, tm(u.At), u.Status, reopened, u.Anchor(), u.Body)
	}
	fmt.Fprintf(&b, "postmortem: %q\n", in.Postmortem)
	dumpLangs(&b, in)
	for _, x := range in.Texts {
		fmt.Fprintf(&b, "text: line %d: %q\n", x.Line, x.Text)
	}
	return b.Bytes()
}

// TestParseNeverLosesPositions checks, over every fixture, that each
// problem names the file and, unless it is about the whole file, a line
// inside it.
func TestParseNeverLosesPositions(t *testing.T) {
	for _, dir := range []string{"testdata/errors", "testdata/good"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
		for _, file := range files {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			name, data := incidentFile(t, ar)
			_, diags := Parse(name, data, testOptions(t))
			checkPositions(t, name, data, diags)
		}
	}
}

// checkPositions fails when a problem has no file, or a line outside the
// file (CRLF and a BOM do not change the count).
func checkPositions(t testing.TB, name string, data []byte, diags diag.List) {
	t.Helper()
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, d := range diags {
		if d.Pos.File != name {
			t.Errorf("%s: problem without the file name: %s", name, d)
		}
		if d.Pos.Line < 1 || d.Pos.Line > lines {
			t.Errorf("%s: line %d outside the file's %d lines: %s", name, d.Pos.Line, lines, d)
		}
		if d.Pos.Col < 0 {
			t.Errorf("%s: negative column: %s", name, d)
		}
	}
}

// dumpLangs prints the other languages' texts of in, when it has any.
func dumpLangs(b *bytes.Buffer, in *Incident) {
	var langs []string
	for _, x := range in.lang().All() {
		langs = append(langs, x.Lang)
	}
	slices.Sort(langs)
	str := func(p *string) string {
		if p == nil {
			return "-"
		}
		return strconv.Quote(*p)
	}
	for _, l := range langs {
		t, _ := in.lang().Of(l)
		fmt.Fprintf(b, "%s: title %s impact %s workaround %s\n", l, str(t.Title), str(t.Impact), str(t.Workaround))
		for _, c := range in.Changes {
			ct, _ := c.Lang.Of(l)
			fmt.Fprintf(b, "%s: change %s: title %s impact %s workaround %s\n", l, c.At.UTC().Format(time.RFC3339), str(ct.Title), str(ct.Impact), str(ct.Workaround))
		}
		fmt.Fprintf(b, "%s: summary %q\n", l, tr(in.summaryLang(), l))
		for i, u := range in.Updates {
			fmt.Fprintf(b, "%s: update #%s %q\n", l, u.Anchor(), tr(in.updateLang(i), l))
		}
		fmt.Fprintf(b, "%s: postmortem %q\n", l, tr(in.postmortemLang(), l))
		v := in.In(l, "ja", func(h template.HTML) template.HTML { return "[untranslated]" + h })
		fmt.Fprintf(b, "%s: view: title %q impact %q workaround %q fallback %+v\n", l, v.Title, v.Impact, v.Workaround, v.Fallback())
		for _, u := range v.Updates {
			fmt.Fprintf(b, "%s: view: update #%s %q\n", l, u.Anchor(), u.Body)
		}
	}
}

// tr is the text in lang, or "" when there is none.
func tr(t *Translations[template.HTML], lang string) template.HTML {
	h, _ := t.Of(lang)
	return h
}
