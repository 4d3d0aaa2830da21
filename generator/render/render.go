// Package render owns the HTML pages: it executes the theme's templates
// over the status model and returns the pages and fingerprinted assets as
// an output.Set.
package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/memo"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/status"
)

// Env is what rendering needs besides the model.
type Env struct {
	Theme fs.FS // templates/, static/, i18n/
	Text  *i18n.Catalog
	// Cache, when not nil, holds the pages of the last render under the
	// same epoch (see memo); the caller begins and ends it. Pages are
	// keyed on what the built-in templates show: a theme with templates
	// of its own may show anything, so it is rendered without one.
	Cache *memo.Cache
	// Parts, when not nil, holds the pieces that show one incident (see
	// keep), under the same rule.
	Parts *memo.Parts
	// Languages are the site's languages, the default first, for the
	// language switch and the alternate links of every page; empty for a
	// site in one language (see lang.go).
	Languages []Language
	// SharedAssets leaves the theme's static files out of the set: the
	// pages of a language other than the default use the default's.
	SharedAssets bool
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

// job is one page to render. Its data is made only when the page is not
// reused from the cache: a rebuild after one edit lists every page but
// renders a handful.
type job struct {
	out   string // output path
	tmpl  string
	key   memo.Key
	title string
	path  string
	in    *status.Incident
	comp  *status.Component
	hist  *HistoryPage
}

// Site renders every page of the site and copies the theme's static
// files, fingerprinting CSS and JS. When ctx is done it stops and returns
// ctx's error.
func Site(ctx context.Context, m *status.Model, env Env) (output.Set, error) {
	r := &renderer{m: m, env: env, assets: map[string]string{}}
	jobs := r.jobs()
	set := make(output.Set, len(jobs)+16)
	if err := r.addAssets(set); err != nil {
		return nil, err
	}
	set.Add(GeneratedFile, generated(m))
	var todo []int
	for i := range jobs {
		if data, ok := env.Cache.Get(jobs[i].out, jobs[i].key); ok {
			set.Add(jobs[i].out, data)
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) > 0 {
		if err := r.parse(); err != nil {
			return nil, err
		}
	}
	results := make([][]byte, len(todo))
	errs := make([]error, len(todo))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			var buf bytes.Buffer
			for k := range next {
				j := &jobs[todo[k]]
				buf.Reset()
				if err := r.pages[j.tmpl].ExecuteTemplate(&buf, j.tmpl, r.data(j)); err != nil {
					errs[k] = fmt.Errorf("%s: %w", j.out, err)
					continue
				}
				results[k] = bytes.Clone(buf.Bytes())
			}
		})
	}
feed:
	for k := range todo {
		select {
		case next <- k:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err // the first: a broken template fails thousands of pages alike
		}
	}
	for k, i := range todo {
		set.Add(jobs[i].out, results[k])
		env.Cache.Put(jobs[i].out, jobs[i].key, results[k])
	}
	return set, nil
}

// addAssets copies static/ into the output. CSS and JS get a content hash
// in their names so they can be cached forever.
func (r *renderer) addAssets(set output.Set) error {
	return fs.WalkDir(r.env.Theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || output.EditorFile(d.Name()) {
			return err // hidden files and an editor's leftovers are not the theme's
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
		if !r.env.SharedAssets {
			set.Add(out, data)
		}
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

// jobs lists every page with the key of what it shows.
func (r *renderer) jobs() []job {
	m := r.m
	hist := historyPages(m.Incidents, m.Site.Location)
	out := make([]job, 0, 2+len(m.Incidents)+len(m.Components)+len(hist))
	out = append(out,
		job{out: "index.html", tmpl: "home.html", key: r.homeKey()},
		job{out: "404.html", tmpl: "404.html", title: r.env.Text.T("not_found_title"), path: "404.html",
			key: memo.Key{Extra: m.LastChange(m.Incidents).Format(time.RFC3339)}})
	// One backing array holds the stamps of every incident page.
	stamps := make([]status.Stamp, len(m.Incidents))
	for i, in := range m.Incidents {
		stamps[i] = in.Stamp()
		p := "incidents/" + in.Slug + "/"
		out = append(out, job{out: p + "index.html", tmpl: "incident.html", key: memo.Key{Stamps: stamps[i : i+1 : i+1]},
			title: in.Title, path: p, in: in})
	}
	for _, c := range m.Components {
		p := "components/" + c.ID + "/"
		out = append(out, job{out: p + "index.html", tmpl: "component.html", key: memo.Key{Extra: string(c.Level), Stamps: status.Stamps(c.Incidents)},
			title: c.Name, path: p, comp: c})
	}
	for _, hp := range hist {
		key := memo.Key{Extra: hp.Path + "|" + itoa(hp.Count)}
		for _, month := range hp.Months {
			key.Stamps = append(key.Stamps, status.Stamps(month.Incidents)...)
		}
		out = append(out, job{out: hp.Path + "index.html", tmpl: "history.html", key: key,
			title: r.env.Text.T("history_title"), path: hp.Path, hist: hp})
	}
	return out
}

// data makes the data of a job's page.
func (r *renderer) data(j *job) *Page {
	p := r.page(j.title, j.path, j.comp)
	p.Incident, p.History = j.in, j.hist
	switch {
	case j.in != nil:
		p.Changed = r.m.Changed(j.in)
		if p.Changed.IsZero() { // reported ahead of its start
			p.Changed = r.m.LastChange(nil)
		}
	case j.comp != nil:
		p.Changed = r.m.LastChange(j.comp.Incidents)
	case j.hist != nil:
		var list []*status.Incident
		for _, month := range j.hist.Months {
			list = append(list, month.Incidents...)
		}
		p.Changed = r.m.LastChange(list)
	default:
		p.Changed = r.m.LastChange(r.m.Incidents)
	}
	return p
}

// GeneratedFile is the small file that carries the build time, for the
// page's script to say "checked 3 minutes ago": with the home page, the
// only file a rebuild with nothing new rewrites.
const GeneratedFile = "generated.json"

func generated(m *status.Model) []byte {
	return []byte(`{"generated":"` + m.Now.Format(time.RFC3339) + `"}` + "\n")
}

// homeKey is what the home page shows: the incidents and maintenance
// that are open, planned, or touch the uptime bars or the recent list;
// component levels and bars follow from those.
func (r *renderer) homeKey() memo.Key {
	m := r.m
	since := m.Now.AddDate(0, 0, -max(recentDays, m.Site.HistoryDays)-1)
	var key memo.Key
	for _, in := range m.Incidents {
		if in.End.IsZero() || in.End.After(since) || in.Started.After(since) {
			key.Stamps = append(key.Stamps, in.Stamp())
		}
	}
	var levels strings.Builder
	for _, c := range m.Components {
		levels.WriteString(string(c.Level))
		levels.WriteByte(',')
	}
	levels.WriteString(m.LastChange(m.Incidents).Format(time.RFC3339)) // the footer
	key.Extra = levels.String()
	return key
}
