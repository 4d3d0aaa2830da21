// Package render owns the HTML pages: it executes the theme's templates
// over the status model and returns the pages and fingerprinted assets as
// an output.Set.
//
// The templates are html/template's, escaped by it and made cheaper by
// fold and typed; the package runs them with an executor of its own
// (exec.go), Go closures compiled once per template set, which prints the
// bytes html/template would and leaves to html/template whatever it does
// not know.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/status"
)

// Env is what rendering needs besides the model.
type Env struct {
	Theme fs.FS // templates/, static/, i18n/
	Text  *i18n.Catalog
	// Parts, when not nil, holds the pieces that show one incident (see
	// keep) across runs.
	Parts *rebuild.Parts
	// OwnTemplates says the theme has templates of its own, which may
	// show anything: its pages are declared volatile (made on every run)
	// and no pieces are kept.
	OwnTemplates bool
	// Languages are the site's languages, the default first, for the
	// language switch and the alternate links of every page; empty for a
	// site in one language (see lang.go).
	Languages []Language
	// SharedAssets leaves the theme's static files out of the set: the
	// pages of a language other than the default use the default's.
	SharedAssets bool
	// Keep, when not nil, holds declarations from one run of a view to
	// the next (see Kept): pass the same one for models made one from
	// another (status.Options.Prev).
	Keep *Kept
}

// pageTemplates are the templates that make whole pages; every other file
// in templates/ is a partial they share.
var pageTemplates = []string{"home.html", "incident.html", "history.html", "component.html", "404.html", "embed.html"}

// renderer holds what every page shares during one render.
type renderer struct {
	m      *status.Model
	env    Env
	assets map[string]string // static name -> fingerprinted path
	// templates are the theme's, ready to run once parsed has run: made
	// for this build or kept from the last (see kept).
	*templates
	// kept, when not nil, keeps the templates from one build to the
	// next (see Kept).
	kept *Kept
	// interpret leaves every template to html/template (for the tests,
	// which compare the two).
	interpret bool
	// memo holds the partials memoize keeps, seen the keys asked for
	// once; a map under a lock costs less than a sync.Map with a key
	// of two strings in an interface.
	memoMu sync.RWMutex
	memo   map[memoKey]template.HTML
	seen   map[memoKey]bool
	parsed func() error // parses the templates, once
	// words are the words of the statuses the model's incidents can
	// have, and feeds the alternate links of a page that is not a
	// component's: the same on every page, worked out once.
	words map[string]string
	feeds []Feed
	// home and homeOlder are the incidents homeDeps found the home page
	// may show, in the model's order, once it has run (see recent).
	home, homeOlder []*status.Incident
	homeKnown       bool
	// shown are the incidents each component's days show (see
	// daysShown), by its id, worked out once; lastShown those of the
	// last run of the Kept.
	shownMu   sync.Mutex
	shown     map[string]shownDays
	lastShown map[string]shownDays
}

// job is one page to render. Its data is made only when the page is
// made: a rebuild after one edit lists every page but renders a handful.
type job struct {
	out   string // output path; the page's path is out without "index.html"
	tmpl  string
	deps  rebuild.Deps
	title string // of a page that shows no incident
	in    *status.Incident
	comp  *status.Component
	hist  int // the number of a history page, else 0
}

// Outputs declares every page of the site and the theme's static files
// (CSS and JS fingerprinted), each with what it depends on, for a
// rebuild.Engine to make.
func Outputs(m *status.Model, env Env) ([]rebuild.Output, error) {
	outs, pages, err := Declare(m, env)
	return append(outs, pages...), err
}

// Declare is Outputs in two parts: the pages of the incidents, and the
// rest. With an Env.Keep the first is the Kept's, the same slice from one
// run to the next with the declarations of the incidents that did not
// change as they were: give it to the engine as it is (not a copy of a
// hundred thousand declarations), which notes in them where it keeps
// their records.
func Declare(m *status.Model, env Env) (outs, pages []rebuild.Output, err error) {
	if env.OwnTemplates {
		env.Parts = nil
	}
	k := env.Keep
	if k == nil {
		k = new(Kept) // for this run only
	}
	r := newRenderer(m, env)
	r.kept = k
	r.lastShown, k.shown = k.shown, r.shown
	pages = k.incidentPages(r)
	jobs := r.jobs(k)
	outs = make([]rebuild.Output, 0, len(jobs)+16)
	outs, err = r.addAssets(outs)
	if err != nil {
		return nil, nil, err
	}
	gen := generated(m)
	outs = append(outs, rebuild.Output{Name: GeneratedFile, Deps: rebuild.Deps{Extra: string(gen)},
		Make: rebuild.Fixed(gen)})
	if !r.env.SharedAssets {
		outs = r.addBrandFiles(outs)
	}
	for i := range jobs {
		j := &jobs[i]
		outs = append(outs, rebuild.Output{Name: j.out, Deps: j.deps, Volatile: env.OwnTemplates,
			Make: func(w *bytes.Buffer) error { return r.make(j, w) }})
	}
	return outs, pages, nil
}

func newRenderer(m *status.Model, env Env) *renderer {
	r := &renderer{m: m, env: env, assets: map[string]string{}}
	r.memo, r.seen = map[memoKey]template.HTML{}, map[memoKey]bool{}
	r.shown = map[string]shownDays{}
	r.words = statusWords(env.Text)
	r.feeds = feeds(m.Site.Title, "")
	r.parsed = sync.OnceValue(r.parse)
	return r
}

// make renders the page of j into w.
func (r *renderer) make(j *job, w *bytes.Buffer) error {
	if err := r.parsed(); err != nil {
		return err
	}
	data := r.data(j)
	if r.progs[j.tmpl].execute(w, j.tmpl, data) {
		return nil
	}
	return r.pages[j.tmpl].ExecuteTemplate(w, j.tmpl, data)
}

// addAssets copies static/ into the output. CSS and JS get a content hash
// in their names so they can be cached forever.
func (r *renderer) addAssets(outs []rebuild.Output) ([]rebuild.Output, error) {
	err := fs.WalkDir(r.env.Theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || output.EditorFile(d.Name()) {
			return err // hidden files and an editor's leftovers are not the theme's
		}
		data, err := fs.ReadFile(r.env.Theme, p)
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		data = r.addBrand(p, data)
		name := strings.TrimPrefix(p, "static/")
		out := name
		ext := path.Ext(name)
		if ext == ".css" || ext == ".js" {
			data = Lean(data, ext == ".css")
		}
		if (ext == ".css" || ext == ".js") && name != EmbedScript {
			sum := sha256.Sum256(data)
			out = "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		}
		r.assets[name] = out
		if !r.env.SharedAssets {
			// The epoch covers every theme file: nothing else to depend on.
			outs = append(outs, rebuild.Output{Name: out, Make: rebuild.Fixed(data)})
		}
		return nil
	})
	return outs, err
}

// jobs lists every page but the incidents' own (see Kept) with what it
// shows. It runs on every rebuild: the history pages' dependencies are
// the Kept's runs of the incidents' stamps.
func (r *renderer) jobs(k *Kept) []job {
	m := r.m
	count := historyCount(len(m.Incidents))
	out := make([]job, 0, 3+len(m.Components)+count)
	stamps := k.stamps(m.Incidents)
	home := r.homeDeps(k, stamps)
	out = append(out,
		job{out: "index.html", tmpl: "home.html", deps: home},
		job{out: EmbedPage, tmpl: "embed.html", deps: home, title: r.env.Text.T("embed_title")},
		job{out: "404.html", tmpl: "404.html", title: r.env.Text.T("not_found_title"),
			deps: rebuild.Deps{Extra: m.LastChange(m.Incidents).Format(time.RFC3339)}})
	for _, c := range m.Components {
		out = append(out, job{out: "components/" + c.ID + "/index.html", tmpl: "component.html",
			deps: k.componentDeps(r, c), title: c.Name, comp: c})
	}
	// A history page shows its run of incidents, grouped by month, and
	// links to its neighbours: the count of pages is its one other fact.
	extra := itoa(count)
	for n := 1; n <= count; n++ {
		out = append(out, job{out: historyPath(n) + "index.html", tmpl: "history.html",
			deps: rebuild.Deps{Extra: extra, Stamps: stamps[n-1]}, title: r.env.Text.T("history_title"), hist: n})
	}
	return out
}

// data makes the data of a job's page.
func (r *renderer) data(j *job) *Page {
	title := j.title
	if j.in != nil {
		title = j.in.Title
	}
	p := r.page(title, strings.TrimSuffix(j.out, "index.html"), j.comp)
	p.Incident = j.in
	if j.in != nil {
		p.Item = r.pageItem(j.in)
	}
	switch {
	case j.in != nil:
		p.Changed = r.m.Changed(j.in)
		if p.Changed.IsZero() { // reported ahead of its start
			p.Changed = r.m.LastChange(nil)
		}
	case j.comp != nil:
		p.Changed = r.m.LastChange(j.comp.Incidents)
	case j.hist > 0:
		lo, hi := historyRun(j.hist, len(r.m.Incidents))
		p.History = historyPage(r.m.Incidents[lo:hi], j.hist, historyCount(len(r.m.Incidents)), r.m.Site.Location)
		p.Changed = r.m.LastChange(r.m.Incidents[lo:hi])
	default:
		p.Changed = r.m.LastChange(r.m.Incidents)
	}
	return p
}

// EmbedPage is the page other sites show in an iframe, and EmbedScript
// the script that makes that iframe for them: its address must not
// change, so it is not fingerprinted.
const (
	EmbedPage   = "embed/index.html"
	EmbedScript = "embed.js"
)

// GeneratedFile is the small file that carries the build time, for the
// page's script to say "checked 3 minutes ago": with the home page, the
// only file a rebuild with nothing new rewrites.
const GeneratedFile = "generated.json"

func generated(m *status.Model) []byte {
	return []byte(`{"generated":"` + m.Now.Format(time.RFC3339) + `"}` + "\n")
}

// homeDeps is what the home page shows: the incidents and maintenance
// that are open, planned, or touch the uptime bars or the recent list;
// component levels and bars follow from those.
func (r *renderer) homeDeps(k *Kept, stamps [][]status.Stamp) rebuild.Deps {
	m := r.m
	since := m.Now.AddDate(0, 0, -max(recentDays, m.Site.HistoryDays)-1)
	// Incidents are newest start first: those that started since come
	// first, and of the others only the open or recently ended.
	recent, _ := slices.BinarySearchFunc(m.Incidents, since, func(in *status.Incident, t time.Time) int {
		if in.Started.After(t) {
			return -1
		}
		return 1
	})
	older := k.older(since, func(in *status.Incident) bool {
		return !in.Started.After(since) && (in.End.IsZero() || in.End.After(since))
	}, m.Incidents[recent:])
	r.home, r.homeOlder, r.homeKnown = m.Incidents[:recent], older, true
	deps := rebuild.Deps{Stamps: make([]status.Stamp, recent, recent+len(older))}
	for at, p := 0, 0; at < recent; p++ {
		at += copy(deps.Stamps[at:], stamps[p])
	}
	for _, in := range older {
		deps.Stamps = append(deps.Stamps, in.Stamp())
	}
	var levels strings.Builder
	for _, c := range m.Components {
		levels.WriteString(string(c.Level))
		levels.WriteByte(',')
	}
	levels.WriteString(m.LastChange(m.Incidents).Format(time.RFC3339)) // the footer
	levels.WriteString(m.Now.Format(time.RFC3339Nano))                 // "as of"
	deps.Extra = levels.String()
	return deps
}

// componentRows is how many of a component's incidents its page lists
// (component.html's "limit .Incidents 50"), newest first.
const componentRows = 50

// componentPage is what the page of c shows, of which key is
// componentKey: the incidents of its day list (shows, see daysShown)
// and its newest componentRows, whether it has more, and its last
// change, which the footer prints. An edit to an old incident does not
// make it again.
func componentPage(m *status.Model, c *status.Component, key string, shows []*status.Incident) rebuild.Deps {
	var stamps []status.Stamp
	for i, in := range c.Incidents {
		if i >= componentRows && len(shows) == 0 {
			break // the rest are on neither list
		}
		if i < componentRows || (len(shows) > 0 && in == shows[0]) {
			stamps = append(stamps, in.Stamp())
		}
		if len(shows) > 0 && in == shows[0] {
			shows = shows[1:]
		}
	}
	extra := key + "|" + strconv.FormatBool(len(c.Incidents) > componentRows) + "|" +
		m.LastChange(c.Incidents).Format(time.RFC3339Nano)
	return rebuild.Deps{Extra: extra, Stamps: stamps}
}

// componentKey appends to b what a component's page shows besides its
// incidents: its level and its uptime, which move on with the clock (the
// window of days, today's share while an incident is open).
func componentKey(b []byte, c *status.Component) []byte {
	b = append(b, c.Level...)
	b = append(b, '|')
	b = strconv.AppendFloat(b, c.Uptime, 'g', -1, 64)
	for _, d := range c.Days {
		b = append(b, '|')
		b = d.Start.AppendFormat(b, time.DateOnly)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(d.Downtime), 10)
		b = append(b, ' ')
		b = strconv.AppendFloat(b, d.Uptime, 'g', -1, 64)
		b = append(b, ' ')
		b = append(b, d.Level...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(d.Count), 10)
	}
	return b
}

// brandPath is where a brand file of the site folder is published. It is
// not fingerprinted: pages are reused across builds while the settings
// stay the same, so a changed logo must keep its address.
func brandPath(a *config.Asset) string { return "brand/" + a.Name }

// addBrand publishes the brand's files and gives style.css the brand
// colour, so that no page needs an inline style (the CSP forbids them).
func (r *renderer) addBrand(name string, css []byte) []byte {
	b := r.m.Site.Brand
	if name == "static/style.css" && b.Color != "" {
		css = append(bytes.Clone(css), ":root { --brand: "+b.Color+"; --on-brand: "+b.OnColor+"; }\n"...)
	}
	return css
}

func (r *renderer) addBrandFiles(outs []rebuild.Output) []rebuild.Output {
	b := r.m.Site.Brand
	for _, a := range []*config.Asset{b.Logo, b.LogoDark, b.Favicon} {
		if a != nil {
			// The epoch has the logo's size, not its bytes.
			sum := sha256.Sum256(a.Data)
			outs = append(outs, rebuild.Output{Name: brandPath(a), Deps: rebuild.Deps{Extra: hex.EncodeToString(sum[:])},
				Make: rebuild.Fixed(a.Data)})
		}
	}
	return outs
}

// Lean drops what the browser does not need from the theme's CSS and JS:
// lines that are only a comment, indentation and blank lines. Comments
// in the source stay where they explain; a reader on a slow connection
// does not download them. Only whole lines go, so no code changes.
func Lean(data []byte, css bool) []byte {
	var out []byte
	inComment := false
	for line := range strings.SplitSeq(string(data), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case inComment:
			if strings.HasSuffix(t, "*/") {
				inComment = false
			}
			continue
		case t == "" || strings.HasPrefix(t, "//"):
			continue
		case strings.HasPrefix(t, "/*"):
			if !strings.Contains(t, "*/") {
				inComment = true
				continue
			}
			if strings.HasSuffix(t, "*/") {
				continue
			}
		}
		if css {
			t = cssSpaces.Replace(t)
		}
		out = append(out, t...)
		out = append(out, '\n')
	}
	return out
}

// cssSpaces drops the spaces around CSS punctuation that the source keeps
// for people. A colon keeps the space before it: "a :hover" is not "a:hover".
var cssSpaces = strings.NewReplacer(" { ", "{", " {", "{", "{ ", "{", " }", "}", "; ", ";", ": ", ":", ", ", ",")
