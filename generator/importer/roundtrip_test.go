package importer_test

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/importer"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/themes"
)

// sitesNow is the clock of the test sites (see testdata/sites/README.md).
var sitesNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))

// TestRoundTrip builds the English test site, imports its own /api/v2/
// files into a new site with the same site.toml, and builds that: the
// incidents come back with the same titles, severities, scope and
// updates (times, statuses, text), and the new site's API says what the
// old one said.
func TestRoundTrip(t *testing.T) {
	// The English test site has the edge cases of the format; the demo
	// has maintenance and a postmortem.
	for _, src := range []string{filepath.Join("..", "..", "testdata", "sites", "en"), filepath.Join("..", "..")} {
		t.Run(src, func(t *testing.T) { roundTrip(t, src) })
	}
}

func roundTrip(t *testing.T, src string) {
	first, dest := build(t, src)

	var files []importer.File
	for _, name := range importer.StatuspageFiles {
		p := filepath.Join(dest, "api", "v2", name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, importer.File{Name: "api/v2/" + name, Data: data})
	}
	site, err := importer.Statuspage(files)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	settings, err := os.ReadFile(filepath.Join(src, "content", "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/site.toml", string(settings))
	entries, err := os.ReadDir(filepath.Join(src, "content"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries { // the files site.toml names: the demo's logo and favicon
		if !e.IsDir() && e.Name() != "site.toml" {
			data, err := os.ReadFile(filepath.Join(src, "content", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			write(t, dir, "content/"+e.Name(), string(data))
		}
	}
	plan := importInto(t, dir, site)
	if len(plan.Changes) > 0 && plan.Changes[0].File == "content/site.toml" {
		t.Errorf("site.toml already holds every component, but the import changes it:\n%s", plan.Changes[0].Data)
	}
	second, dest2 := build(t, dir)

	// Into an empty folder too, the components keep their ids, so the
	// scopes (and /components/<id>/) stay what they were.
	again, err := importer.Statuspage(files)
	if err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	importInto(t, empty, again)
	third, _ := build(t, empty)
	for i, in := range incidents(third.Model) {
		if w := incidents(first.Model); i < len(w) && !slices.Equal(in.Scope, w[i].Scope) {
			t.Errorf("into an empty folder, %q has scope %v, want %v", in.Title, in.Scope, w[i].Scope)
		}
	}

	want, got := incidents(first.Model), incidents(second.Model)
	if len(got) != len(want) {
		t.Fatalf("got %d incidents back, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Title != g.Title || w.Severity != g.Severity || !slices.Equal(w.Scope, g.Scope) || !w.Started.Equal(g.Started) {
			t.Errorf("incident %d: got %q %s %v from %s, want %q %s %v from %s", i, g.Title, g.Severity, g.Scope, g.Started, w.Title, w.Severity, w.Scope, w.Started)
		}
		wu, gu := updates(w), updates(g)
		if !reflect.DeepEqual(wu, gu) {
			t.Errorf("%s: updates differ:\n got %q\nwant %q", w.Title, gu, wu)
		}
	}
	for _, name := range []string{"incidents.json", "scheduled-maintenances.json"} {
		a, b := apiIncidents(t, filepath.Join(dest, "api", "v2", name)), apiIncidents(t, filepath.Join(dest2, "api", "v2", name))
		if len(a) != len(b) {
			t.Errorf("%s: the imported site lists %d, the original %d", name, len(b), len(a))
			continue
		}
		for i := range a {
			for k, v := range a[i] {
				if !reflect.DeepEqual(v, b[i][k]) {
					t.Errorf("%s: %s of %q: got %s, want %s", name, k, a[i]["name"], show(b[i][k]), show(v))
				}
			}
		}
	}
}

func build(t *testing.T, dir string) (*generator.Result, string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(t.Context(), generator.Options{Source: dir, Dest: dest, Now: sitesNow, Theme: themes.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	return res, dest
}

// incidents are the model's incidents in a stable order.
func incidents(m *status.Model) []*status.Incident {
	out := slices.Clone(m.Incidents)
	slices.SortFunc(out, func(a, b *status.Incident) int {
		if c := a.Started.Compare(b.Started); c != 0 {
			return c
		}
		return strings.Compare(a.Title, b.Title)
	})
	return out
}

// updates gives each update as its time, status and text. The
// Statuspage API has no "update" status: it repeats the status before,
// and an incident without updates shows its summary as one.
func updates(in *status.Incident) []string {
	var out []string
	ups := in.Updates
	if len(ups) == 0 {
		st := source.Investigating
		switch {
		case in.IsMaintenance() && in.Phase == status.Completed:
			st = source.Completed
		case in.IsMaintenance():
			st = source.Scheduled
		case in.Phase == status.Resolved:
			st = source.Resolved
		}
		return []string{in.Started.UTC().Format(time.RFC3339) + " " + string(st) + " " + text(string(in.Summary))}
	}
	for i, u := range ups {
		st := u.Status
		for j := i; st == source.Updated && j < len(ups); j++ {
			st = ups[j].Status
		}
		out = append(out, u.At.UTC().Format(time.RFC3339)+" "+string(st)+" "+text(string(u.Body)))
	}
	return out
}

// text is the words of rendered HTML; inline tags do not part words.
func text(h string) string {
	var b, tag strings.Builder
	in := false
	for _, r := range h {
		switch {
		case r == '<':
			in = true
			tag.Reset()
		case r == '>':
			in = false
			name := strings.TrimPrefix(strings.Fields(tag.String() + " ")[0], "/")
			if !slices.Contains([]string{"code", "em", "strong", "a", "b", "i", "del"}, name) {
				b.WriteByte(' ')
			}
		case in:
			tag.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(strings.Join(strings.Fields(b.String()), " "))
}

// apiIncidents reads an API list file, keeping what an import carries
// over: everything but the ids and addresses the new site makes itself.
func apiIncidents(t *testing.T, file string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, key := range []string{"incidents", "scheduled_maintenances"} {
		list, _ := doc[key].([]any)
		for _, x := range list {
			in := x.(map[string]any)
			for _, k := range []string{"id", "shortlink", "page_id"} {
				delete(in, k)
			}
			// A component's status and dates are the page's, from all
			// incidents and their changes over time: the scope is its id.
			comps, _ := in["components"].([]any)
			var ids []any
			for _, c := range comps {
				ids = append(ids, c.(map[string]any)["id"])
			}
			in["components"] = ids
			ups, _ := in["incident_updates"].([]any)
			for _, x := range ups {
				u := x.(map[string]any)
				delete(u, "id")
				delete(u, "incident_id")
				// The text is plain: a nested list comes out flat and a
				// loose one with its markers on lines of their own, so
				// the text compares line by line, markers and blank lines
				// aside.
				if body, ok := u["body"].(string); ok {
					u["body"] = bodyLines(body)
				}
				// The statuses of the components at each update are
				// worked out from the incident; for an incident without
				// updates the API makes one up, whose can't come back.
				delete(u, "affected_components")
			}
			out = append(out, in)
		}
	}
	return out
}

func show(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

func bodyLines(body string) []string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "-"))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
