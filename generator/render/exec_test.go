package render

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/themes"
)

// execJobs are every page of r's model.
func execJobs(r *renderer) []job {
	jobs := r.jobs(new(Kept))
	for _, in := range r.m.Incidents {
		jobs = append(jobs, job{out: incidentPage(in), tmpl: "incident.html", in: in})
	}
	return jobs
}

// checkCompiled renders every page of m with the compiled templates and
// with html/template, each with a renderer of its own (memo keeps what
// each made), and wants the same bytes. With strict, no page and no
// partial may fall back to html/template.
func checkCompiled(t *testing.T, m *status.Model, env Env, strict bool) *renderer {
	t.Helper()
	fast, slow := newRenderer(m, env), newRenderer(m, env)
	slow.interpret = true
	if err := fast.parsed(); err != nil {
		t.Fatal(err)
	}
	if err := slow.parsed(); err != nil {
		t.Fatal(err)
	}
	for _, p := range pageTemplates {
		prog := fast.progs[p]
		if prog == nil {
			t.Fatalf("%s: not compiled", p)
		}
		if c := prog.tmpls[p]; strict && (c == nil || c.run == nil) {
			t.Errorf("%s: not compiled", p)
		}
		for name, c := range prog.tmpls {
			if strict && c != nil && c.run == nil {
				t.Errorf("%s: %s not compiled: %v", p, name, c.err)
			}
		}
	}
	var want, got bytes.Buffer
	for _, j := range execJobs(fast) {
		want.Reset()
		got.Reset()
		if err := slow.pages[j.tmpl].ExecuteTemplate(&want, j.tmpl, slow.data(&j)); err != nil {
			t.Fatalf("%s: %v", j.out, err)
		}
		if !fast.progs[j.tmpl].execute(&got, j.tmpl, fast.data(&j)) {
			if strict {
				t.Errorf("%s: compiled run fell back: %s", j.out, failure(fast.progs[j.tmpl]))
			} else {
				t.Logf("%s: compiled run fell back: %.300s", j.out, failure(fast.progs[j.tmpl]))
			}
			if err := fast.make(&j, &got); err != nil {
				t.Fatalf("%s: %v", j.out, err)
			}
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: compiled templates print\n%s\nwant\n%s", j.out, got.Bytes(), want.Bytes())
			return fast
		}
	}
	if n := fast.partials.fallbacks.Load(); strict && n > 0 {
		t.Errorf("%d partials fell back: %s", n, failure(fast.partials))
	}
	return fast
}

func loadSite(t *testing.T, name string) (*status.Model, *i18n.Catalog) {
	return sitetest.LoadModel(t, os.DirFS(filepath.Join("..", "..", "testdata", "sites", name)), sitetest.Now())
}

// TestCompiledSites: the built-in theme's pages of the test sites, in
// every language, are the bytes html/template makes, with no fallback.
func TestCompiledSites(t *testing.T) {
	for _, name := range []string{"en", "ja"} {
		t.Run(name, func(t *testing.T) {
			m, text := loadSite(t, name)
			checkCompiled(t, m, Env{Theme: themes.Builtin(), Text: text}, true)
		})
	}
	t.Run("bilingual", func(t *testing.T) {
		m, text := loadSite(t, "bilingual")
		langs := m.Site.Languages
		cats := make([]*i18n.Catalog, len(langs))
		for i, lang := range langs {
			var err error
			if cats[i], err = i18n.Load(themes.Builtin(), lang); err != nil {
				t.Fatal(err)
			}
		}
		names := Languages(cats)
		checkCompiled(t, m, Env{Theme: themes.Builtin(), Text: text, Languages: names}, true)
		for i := 1; i < len(langs); i++ {
			view := m.In(langs[i], Untranslated(cats[i], langs[0], names[0].Name))
			checkCompiled(t, view, Env{Theme: themes.Builtin(), Text: cats[i], Languages: names, SharedAssets: true}, true)
		}
	})
	t.Run("synthetic", func(t *testing.T) {
		dir := t.TempDir()
		sitetest.Synthetic(t, dir, 300)
		m, text := sitetest.LoadModel(t, os.DirFS(dir), sitetest.Now())
		env := Env{Theme: themes.Builtin(), Text: text}
		checkParallel(t, checkCompiled(t, m, env, true), newRenderer(m, env))
	})
}

// checkParallel makes every page with a fresh renderer on several
// goroutines at once, as a build does, and wants the bytes r makes of
// each alone (for the race detector: the compiled closures and what they
// find on their first run are shared).
func checkParallel(t *testing.T, r, fresh *renderer) {
	jobs := execJobs(r)
	want := make([][]byte, len(jobs))
	for i := range jobs {
		var w bytes.Buffer
		if err := r.make(&jobs[i], &w); err != nil {
			t.Fatal(err)
		}
		want[i] = w.Bytes()
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			var w bytes.Buffer
			for i := g % 2; i < len(jobs); i += 2 {
				w.Reset()
				if err := fresh.make(&jobs[i], &w); err != nil || !bytes.Equal(w.Bytes(), want[i]) {
					t.Errorf("%s: made at once with others, it differs (%v)", jobs[i].out, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// ownTheme is the built-in theme with templates of a site's own over it.
func ownTheme(t *testing.T, files map[string]string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(themes.Builtin(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(themes.Builtin(), p)
		out[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		out["templates/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	return out
}

// TestCompiledOwnTheme: a site's own templates, which reach the model
// through methods, maps, interfaces and builtins the built-in theme does
// not use, print what html/template prints (falling back where the
// executor does not go).
func TestCompiledOwnTheme(t *testing.T) {
	m, text := loadSite(t, "en")
	theme := ownTheme(t, map[string]string{
		"home.html": `{{template "top" .}}<h1>{{.Site.Title}}</h1>
{{range $i, $c := .M.Components}}{{if $i}}, {{end}}<a href="{{url (printf "components/%s/" $c.ID)}}" title="{{$c.Name}}">{{$c.Name}} {{$c.Level}} {{printf "%.3f" $c.Uptime}} {{len $c.Incidents}}</a>{{end}}
{{range .M.Incidents}}{{if eq .Phase "resolved" "completed"}}<p>{{.Title}} {{.Severity}} {{.IsOngoing}} {{.Duration}} {{status .Phase}} {{.Started.Year}}</p>{{else if .IsMaintenance}}<p class="m">{{.Title}}</p>{{else}}<p>{{.Slug}}</p>{{end}}{{end}}
{{with .Incident}}x{{else with .Component}}y{{else}}none{{end}}
{{range $k, $v := .Site.Brand.Links}}{{$k}}={{$v.Name}};{{else}}no links{{end}}
{{$n := 0}}{{range .M.Incidents}}{{if gt $n 2}}{{break}}{{end}}{{$n = len .Slug}}{{if .IsOngoing}}{{continue}}{{end}}[{{$n}}]{{end}}
{{range 3}}{{.}}{{end}} {{and .Title .Path}} {{or .Title "untitled"}} {{not .Multilingual}} {{index .Feeds 1}} {{(index .Feeds 0).Title}}
{{template "js" .}}<a href="{{.Site.BaseURL}}">{{print "a" 1 2 "b"}}</a>
{{template "bottom" .}}`,
		// Escapers the executor does not have: text/template runs it.
		"js.html": `{{define "js"}}<script>var title = {{.Site.Title}}; var n = {{len .Feeds}};</script><a onclick="{{.Title}}">x</a>{{end}}`,
	})
	fast := checkCompiled(t, m, Env{Theme: theme, Text: text, OwnTemplates: true}, false)
	if c := fast.progs["home.html"].tmpls["home.html"]; c == nil || c.run == nil {
		t.Errorf("home.html not compiled: %v", c.err)
	}
}

func failure(p *program) string {
	if why := p.failure.Load(); why != nil {
		return *why
	}
	for name, c := range p.tmpls {
		if c != nil && c.err != nil {
			return name + ": " + c.err.Error()
		}
	}
	return "not compiled"
}

// TestCompiledErrors: a page whose compiled run meets an error is made
// by html/template, which gives its own error.
func TestCompiledErrors(t *testing.T) {
	m, text := loadSite(t, "en")
	env := Env{Theme: ownTheme(t, map[string]string{"home.html": `<p>{{.Site.Title}}</p><h1>{{.Incident.Title}}</h1>`}), Text: text, OwnTemplates: true}
	fast, slow := newRenderer(m, env), newRenderer(m, env)
	slow.interpret = true
	j := &job{out: "index.html", tmpl: "home.html"}
	var got, want bytes.Buffer
	wantErr, gotErr := slow.make(j, &want), fast.make(j, &got)
	if wantErr == nil || gotErr == nil || gotErr.Error() != wantErr.Error() || got.String() != want.String() {
		t.Errorf("compiled page gives %q, %v; want %q, %v", got.String(), gotErr, want.String(), wantErr)
	}
	if fast.progs["home.html"].fallbacks.Load() != 1 {
		t.Errorf("the compiled run did not fall back")
	}
}
