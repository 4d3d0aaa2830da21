// Package render owns the HTML pages: it executes the theme's templates
// over the status model and returns the pages and fingerprinted assets as
// an output.Set.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/status"
)

// Env is what rendering needs besides the model.
type Env struct {
	Theme fs.FS // templates/, static/, i18n/
	Text  *i18n.Catalog
	// Cache, when not nil, keeps pages for the next render.
	Cache *Cache
	// Epoch fingerprints everything site-wide that pages print (settings,
	// theme, clock, options); cached pages are reused only within one.
	Epoch string
}

// pageTemplates are the templates that make whole pages; every other file
// in templates/ is a partial they share.
var pageTemplates = []string{"home.html", "incident.html", "history.html", "component.html", "404.html"}

// renderer holds what every page shares during one render.
type renderer struct {
	m      *status.Model
	env    Env
	assets map[string]string // static name -> fingerprinted path
	pages  map[string]*template.Template
	base   *template.Template // the partials, for memo
	memo   sync.Map           // memo key -> template.HTML
}

// job is one page to render.
type job struct {
	out  string // output path
	tmpl string
	data *Page
	key  *pageKey // nil: always rendered
}

// Site renders every page of the site and copies the theme's static
// files, fingerprinting CSS and JS.
func Site(m *status.Model, env Env) (output.Set, error) {
	r := &renderer{m: m, env: env, assets: map[string]string{}}
	set := output.Set{}
	if err := r.addAssets(set); err != nil {
		return nil, err
	}
	if err := r.parse(); err != nil {
		return nil, err
	}
	jobs := r.jobs()
	results := make([][]byte, len(jobs))
	errs := make([]error, len(jobs))
	var todo []int
	for i, j := range jobs {
		if data, ok := env.Cache.lookup(env.Epoch, j.out, j.key); ok {
			results[i] = data
		} else {
			todo = append(todo, i)
		}
	}
	if env.Cache != nil {
		env.Cache.Reused, env.Cache.Rendered = len(jobs)-len(todo), len(todo)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := range next {
				buf.Reset()
				if err := r.pages[jobs[i].tmpl].ExecuteTemplate(&buf, jobs[i].tmpl, jobs[i].data); err != nil {
					errs[i] = fmt.Errorf("%s: %w", jobs[i].out, err)
					continue
				}
				results[i] = bytes.Clone(buf.Bytes())
			}
		})
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		set.Add(j.out, results[i])
	}
	env.Cache.replace(env.Epoch, jobs, results)
	return set, nil
}

// addAssets copies static/ into the output. CSS and JS get a content hash
// in their names so they can be cached forever.
func (r *renderer) addAssets(set output.Set) error {
	return fs.WalkDir(r.env.Theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := fs.ReadFile(r.env.Theme, p)
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		name := strings.TrimPrefix(p, "static/")
		out := name
		if ext := path.Ext(name); ext == ".css" || ext == ".js" {
			sum := sha256.Sum256(data)
			out = "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		}
		r.assets[name] = out
		set.Add(out, data)
		return nil
	})
}

// parse loads the partials once, then each page template over a clone.
func (r *renderer) parse() error {
	base := template.New("").Funcs(r.funcs())
	entries, err := fs.ReadDir(r.env.Theme, "templates")
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	isPage := map[string]bool{}
	for _, p := range pageTemplates {
		isPage[p] = true
	}
	for _, e := range entries {
		if e.IsDir() || isPage[e.Name()] || !strings.HasSuffix(e.Name(), ".html") {
			continue
		}
		if err := parseFile(base, r.env.Theme, e.Name()); err != nil {
			return err
		}
	}
	r.pages = map[string]*template.Template{}
	memoBase, err := base.Clone()
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	r.base = memoBase
	for _, p := range pageTemplates {
		t, err := base.Clone()
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		if err := parseFile(t, r.env.Theme, p); err != nil {
			return err
		}
		r.pages[p] = t
	}
	return nil
}

func parseFile(t *template.Template, theme fs.FS, name string) error {
	data, err := fs.ReadFile(theme, "templates/"+name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if _, err := t.New(name).Parse(string(data)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

// jobs lists every page, in a fixed order.
func (r *renderer) jobs() []job {
	m := r.m
	var out []job
	out = append(out, job{"index.html", "home.html", r.page("", "", nil), nil})
	out = append(out, job{"404.html", "404.html", r.page(r.env.Text.T("not_found_title"), "404.html", nil), &pageKey{}})
	for _, in := range m.Incidents {
		p := r.page(in.Title, "incidents/"+in.Slug+"/", nil)
		p.Incident = in
		key := &pageKey{stamps: []stamp{stampOf(in)}}
		out = append(out, job{"incidents/" + in.Slug + "/index.html", "incident.html", p, key})
	}
	for _, c := range m.Components {
		p := r.page(c.Name, "components/"+c.ID+"/", c)
		key := &pageKey{extra: string(c.Level), stamps: stampsOf(c.Incidents)}
		out = append(out, job{"components/" + c.ID + "/index.html", "component.html", p, key})
	}
	for _, hp := range historyPages(m.Incidents, m.Site.Location) {
		p := r.page(r.env.Text.T("history_title"), hp.Path, nil)
		p.History = hp
		key := &pageKey{extra: hp.Path + "|" + itoa(hp.Count)}
		for _, month := range hp.Months {
			key.stamps = append(key.stamps, stampsOf(month.Incidents)...)
		}
		out = append(out, job{hp.Path + "index.html", "history.html", p, key})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].out < out[j].out })
	return out
}
