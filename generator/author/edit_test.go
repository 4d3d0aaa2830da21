package author

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/themes"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/")

const testSite = `title = "Example Status"
base_url = "https://status.example.com/"
language = "%s"
timezone = "Asia/Tokyo"

[[components]]
id = "api"
name = "Public API"

[[components]]
id = "mail"
name = "Email"
`

// newSite writes a site in a temporary folder and opens it.
func newSite(t testing.TB, lang string) *Site {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "incidents"), 0o755); err != nil {
		t.Fatal(err)
	}
	site := strings.Replace(testSite, "%s", lang, 1)
	if err := os.WriteFile(filepath.Join(dir, "content", "site.toml"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, themes.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestUpdateGolden runs each testdata/edit/*.txtar: the file "in.md" gets
// the update described by "args" (key=value lines: status, at, now, eta,
// next, m, crlf, bom, nofinalnewline), and the result must equal "out.md" byte for byte.
// With crlf=true both files are compared with CRLF line ends; with
// bom=true both start with a byte order mark. An archive with "error"
// instead of "out.md" expects a refusal containing that text, and the file
// left untouched.
func TestUpdateGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/edit/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/edit/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec := map[string]string{}
			for _, f := range ar.Files {
				sec[f.Name] = string(f.Data)
			}
			args := map[string]string{}
			for _, line := range strings.Split(sec["args"], "\n") {
				if k, v, ok := strings.Cut(line, "="); ok {
					args[strings.TrimSpace(k)] = strings.TrimSpace(v)
				}
			}
			shape := func(s string) []byte {
				if args["crlf"] == "true" {
					s = strings.ReplaceAll(s, "\n", "\r\n")
				}
				if args["bom"] == "true" {
					s = "\ufeff" + s
				}
				return []byte(s)
			}
			s := newSite(t, "en")
			in := shape(sec["in.md"])
			if args["nofinalnewline"] == "true" {
				in = bytes.TrimRight(in, "\r\n")
			}
			path := filepath.Join(s.Dir, "content", "incidents", "x.md")
			if err := os.WriteFile(path, in, 0o644); err != nil {
				t.Fatal(err)
			}
			loc := s.Settings.Location
			tm := func(k string) time.Time {
				if args[k] == "" {
					return time.Time{}
				}
				v, err := time.ParseInLocation("2006-01-02 15:04", args[k], loc)
				if err != nil {
					t.Fatalf("args %s: %v", k, err)
				}
				return v
			}
			u := Update{
				Slug: "x", Status: args["status"], Message: strings.NewReplacer(`\n`, "\n", `\x00`, "\x00", `\v`, "\v").Replace(args["m"]),
				ETA: tm("eta"), NextUpdate: tm("next"), At: tm("at"), Amend: args["amend"] == "true",
			}
			if v, ok := args["severity"]; ok {
				sev := source.Severity(v)
				u.Severity = &sev
			}
			if v, ok := args["scope"]; ok {
				u.Scope = strings.Split(v, ",")
			}
			for k, dst := range map[string]**string{"title": &u.Title, "impact": &u.Impact, "workaround": &u.Workaround} {
				if v, ok := args[k]; ok {
					*dst = &v
				}
			}
			c, err := s.Update(u, tm("now"))
			if want, ok := sec["error"]; ok {
				if err == nil || !strings.Contains(err.Error(), strings.TrimSpace(want)) {
					t.Fatalf("got error %v, want one containing %q", err, strings.TrimSpace(want))
				}
				if got, _ := os.ReadFile(path); !bytes.Equal(got, in) {
					t.Fatal("the file was changed by a refused update")
				}
				return
			}
			var got []byte
			switch {
			case err != nil:
				t.Fatal(err)
			default:
				if err := c.Write(); err != nil {
					t.Fatal(err)
				}
				got, _ = os.ReadFile(path)
				if !bytes.Equal(got, c.Data) {
					t.Fatal("the written file differs from the change")
				}
			}
			if *update {
				plain := strings.TrimPrefix(strings.ReplaceAll(string(got), "\r\n", "\n"), "\ufeff")
				for i := range ar.Files {
					if ar.Files[i].Name == "out.md" {
						ar.Files[i].Data = []byte(plain)
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := shape(sec["out.md"]); !bytes.Equal(got, want) {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			if args["crlf"] == "true" && bytes.Contains(bytes.ReplaceAll(got, []byte("\r\n"), nil), []byte("\n")) {
				t.Error("a line end lost its CR")
			}
		})
	}
}

// TestNewNeverOverwrites checks that a second new incident with the same
// title fails and leaves the first file as it was.
func TestNewNeverOverwrites(t *testing.T) {
	s := newSite(t, "en")
	now := time.Date(2026, 11, 20, 0, 12, 0, 0, time.UTC)
	c, err := s.NewIncident(Incident{Title: "API errors", Scope: []string{"api"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Write(); err != nil {
		t.Fatal(err)
	}
	if c.File != "content/incidents/2026-11-20-api-errors.md" {
		t.Errorf("file %s", c.File)
	}
	if _, err := s.NewIncident(Incident{Title: "API errors", Scope: []string{"api"}}, now); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second new: %v", err)
	}
	// A file that appears between the check and the write is not replaced.
	if err := os.Remove(c.Path); err != nil {
		t.Fatal(err)
	}
	c2, err := s.NewIncident(Incident{Title: "API errors", Scope: []string{"api"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.Path, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c2.Write(); err == nil {
		t.Error("Write replaced a file that appeared meanwhile")
	}
	if got, _ := os.ReadFile(c.Path); string(got) != "mine" {
		t.Errorf("file changed to %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(c.Path), ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestNewIncidentFile checks the whole first report, in both languages.
func TestNewIncidentFile(t *testing.T) {
	now := time.Date(2026, 11, 20, 0, 12, 30, 0, time.UTC)
	for _, tc := range []struct{ lang, want string }{
		{"en", `+++
title = "Email \"delayed\""
severity = "major"
scope = ["mail", "api"]
started = 2026-11-20T09:12:00+09:00
eta = 2026-11-20T15:00:00+09:00
next_update = 2026-11-20T10:00:00+09:00
workaround = "Use the CSV export."
+++

## 2026-11-20 09:12 investigating

We are investigating a problem affecting Email, Public API. We will share more as soon as we know it. We estimate recovery by Nov 20, 2026 15:00 JST. This is an estimate and may change. We will post the next update by Nov 20, 2026 10:00 JST.

Workaround: Use the CSV export.
`},
		{"ja", `+++
title = "Email \"delayed\""
severity = "major"
scope = ["mail", "api"]
started = 2026-11-20T09:12:00+09:00
eta = 2026-11-20T15:00:00+09:00
next_update = 2026-11-20T10:00:00+09:00
workaround = "Use the CSV export."
+++

## 2026-11-20 09:12 investigating

Email、Public APIで問題が発生しており、現在調査しています。詳細が分かり次第お知らせします。復旧見込みは2026年11月20日 15:00 JSTです。見込みのため、変わる場合があります。次回は2026年11月20日 10:00 JSTまでにお知らせします。

回避策: Use the CSV export.
`},
	} {
		s := newSite(t, tc.lang)
		loc := s.Settings.Location
		c, err := s.NewIncident(Incident{
			Title: `Email "delayed"`, Severity: source.Major, Scope: []string{"mail", "api"},
			ETA: time.Date(2026, 11, 20, 15, 0, 0, 0, loc), NextUpdate: time.Date(2026, 11, 20, 10, 0, 0, 0, loc),
			Workaround: "Use the CSV export.",
		}, now)
		if err != nil {
			t.Fatal(err)
		}
		if string(c.Data) != tc.want {
			t.Errorf("%s: got\n%s", tc.lang, c.Data)
		}
	}
}

func TestRefusals(t *testing.T) {
	s := newSite(t, "en")
	now := time.Date(2026, 11, 20, 0, 12, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"unknown scope", func() error {
			_, err := s.NewIncident(Incident{Title: "x", Scope: []string{"mial"}}, now)
			return err
		}, `unknown component "mial" in -scope; did you mean "mail"? (known: api, mail)`},
		{"no scope", func() error { _, err := s.NewIncident(Incident{Title: "x"}, now); return err }, "-scope api (known: api, mail)"},
		{"bad slug", func() error {
			_, err := s.NewIncident(Incident{Title: "x", Scope: []string{"api"}, Slug: "Bad Slug"}, now)
			return err
		}, `invalid -slug "Bad Slug"`},
		{"eta before start", func() error {
			_, err := s.NewIncident(Incident{Title: "x", Scope: []string{"api"}, ETA: now.Add(-time.Hour)}, now)
			return err
		}, "-eta 2026-11-20 08:12 is in the past (it is now 2026-11-20 09:12)"},
		{"maintenance backwards", func() error {
			_, err := s.NewMaintenance(Maintenance{Title: "x", Scope: []string{"api"}, Start: now.Add(2 * time.Hour), End: now}, now)
			return err
		}, "must be after the start"},
		{"missing incident", func() error { _, err := s.Update(Update{Slug: "nope", Status: "resolved"}, now); return err }, `no incident "nope"`},
		{"heading in text", func() error {
			_, err := s.NewIncident(Incident{Title: "x", Scope: []string{"api"}, Message: "ok\n## 2026-01-01 00:00 resolved"}, now)
			return err
		}, "line 2 of the update text"},
	} {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
		if errors.Is(err, os.ErrNotExist) && tc.name != "missing incident" {
			t.Errorf("%s: unexpected not-exist", tc.name)
		}
	}
}
