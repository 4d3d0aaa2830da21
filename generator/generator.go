// Package generator runs the straight line from a source folder to a
// published site: load the settings and incident files, validate, compute
// the status model, render pages, feeds and JSON into memory, and publish
// only what changed. Check is the same line cut after the model.
package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/feed"
	"github.com/statuspress/statuspress/generator/hosting"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/lint"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/memo"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/overlay"
	"github.com/statuspress/statuspress/generator/render"
	"github.com/statuspress/statuspress/generator/sitefs"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/generator/statuspage"
)

// Options say what to build. The zero value builds the current folder
// into ./public with the built-in theme, at the zero time (callers set
// Now).
type Options struct {
	// Source is the site folder holding content/ and optionally themes/.
	Source string
	// Dest is the output folder; "" means public/ inside Source.
	Dest string
	// Now is the build's notion of the current time.
	Now time.Time
	// Drafts includes incidents marked draft = true.
	Drafts bool
	// Theme is the built-in theme; a site's themes/<name>/ lies over it.
	Theme fs.FS
	// BaseURL, when set, replaces site.toml's base_url (serve uses the
	// local address so links work there).
	BaseURL string
	// Markdown is the converter; nil makes one.
	Markdown *markdown.Converter
}

// DestDir returns the output folder the options name.
func (o Options) DestDir() string {
	if o.Dest != "" {
		return o.Dest
	}
	return filepath.Join(o.sourceDir(), "public")
}

func (o Options) sourceDir() string {
	if o.Source == "" {
		return "."
	}
	return o.Source
}

// CheckFolders reports, before any build, a source folder that is not
// there and an output folder that would mix with the sources: a watch
// would otherwise fail on every change, or never see one.
func (o Options) CheckFolders() error {
	if st, err := os.Stat(o.sourceDir()); err != nil || !st.IsDir() {
		return fmt.Errorf("the site folder %s is not there: pass -source with the folder that holds content/", o.sourceDir())
	}
	return checkDest(o.sourceDir(), o.DestDir())
}

// Result is what a build produced.
type Result struct {
	Set   output.Set
	Model *status.Model
	// Diags holds warnings (a build with errors returns them as the error).
	Diags diag.List
	Stats output.Stats
	// Parsed is how many incident files were parsed (not taken from cache).
	Parsed int
}

// Builder builds a site again and again, keeping parsed files and the
// last published set so that a rebuild after a small edit re-parses only
// the changed file and writes only the changed outputs. A Builder is not
// safe for concurrent use.
type Builder struct {
	opts     Options
	siteData []byte
	loader   *source.Loader
	last     output.Set
	// marks are the output folder's manifest and generated file as the
	// last publish left them: when one has changed, last no longer stands
	// for the folder. Another build writes the manifest when paths came or
	// went and the generated file when its clock differs.
	marks []fs.FileInfo
	// lint keeps each parsed file's text warnings; the loader hands back
	// the same *source.Incident for a file that did not change.
	lint map[*source.Incident]diag.List
	// pages, feeds and api keep what each stage made for the next build
	// (one each: the stages run side by side); parts keeps the pieces of
	// pages that show one incident.
	pages, feeds, api *memo.Cache
	parts             *memo.Parts
	// langs keeps the same for each language other than the default.
	langs map[string]stageCaches
	// site reads the source folder for the build under way (opened
	// again by each build, so a folder replaced meanwhile is seen).
	site *sitefs.FS
	// changed is the hint given by Changed for the next build; rescan
	// ignores hints until a load completes (one was stopped midway).
	changed []string
	rescan  bool
}

// Changed tells the Builder which files changed since its last build
// (slash paths relative to the source folder, as a file watcher reports
// them), so that the next build does not even stat the other incident
// files. Without a call, or after one with nil, every file is checked.
func (b *Builder) Changed(paths []string) {
	if !b.rescan {
		b.changed = loaderHint(paths)
	}
}

// loaderHint keeps the changed incident files; any other change that
// could add or remove files unseen (a folder, lost events) makes the hint
// unknown.
func loaderHint(paths []string) []string {
	if paths == nil {
		return nil
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		rest, inDir := strings.CutPrefix(p, source.Dir+"/")
		switch {
		case inDir && rest != "" && !strings.Contains(rest, "/"):
			out = append(out, p)
		case p == config.File || strings.HasPrefix(p, "themes/"):
			// Settings and theme are read on every build.
		default:
			return nil
		}
	}
	return out
}

// NewBuilder returns a Builder for opts.
func NewBuilder(opts Options) *Builder {
	if opts.Markdown == nil {
		opts.Markdown = markdown.New()
	}
	return &Builder{opts: opts, pages: memo.New(), feeds: memo.New(), api: memo.New(), parts: memo.NewParts()}
}

// Build runs the whole line once. On content errors it returns a
// diag.ListError and writes nothing.
func Build(opts Options) (*Result, error) { return NewBuilder(opts).Build() }

// Check loads and validates without rendering or writing; the list holds
// errors and warnings, sorted.
func Check(opts Options) diag.List {
	_, diags := NewBuilder(opts).model(context.Background())
	diags.Sort()
	return diags
}

// Build renders the site and publishes the difference to the output folder.
func (b *Builder) Build() (*Result, error) { return b.BuildContext(context.Background()) }

// BuildContext is Build stopping early when ctx is done (a watch being
// ended during the first build of a large site): it then returns ctx's
// error. Every file in the output folder is then whole, old or new, and
// the next build finishes the job.
func (b *Builder) BuildContext(ctx context.Context) (*Result, error) {
	res, err := b.RenderContext(ctx)
	if err != nil {
		return res, err
	}
	if err := checkDest(b.opts.sourceDir(), b.opts.DestDir()); err != nil {
		return res, err
	}
	dest := b.opts.DestDir()
	marks := []string{filepath.Join(dest, output.Manifest), filepath.Join(dest, render.GeneratedFile)}
	if b.last != nil {
		// The last set stands for the folder only while nothing else
		// wrote there: a folder removed (rm -rf, git clean) or built into
		// by another process has lost or rewritten a mark.
		for i, p := range marks {
			if st, err := os.Stat(p); err != nil || !os.SameFile(st, b.marks[i]) || !st.ModTime().Equal(b.marks[i].ModTime()) {
				b.last = nil
				break
			}
		}
	}
	st, err := output.PublishContext(ctx, dest, res.Set, b.last)
	res.Stats = st
	if err != nil {
		b.last = nil // the disk is in an unknown state: compare against it next time
		return res, err
	}
	b.last = res.Set
	b.marks = b.marks[:0]
	for _, p := range marks {
		st, err := os.Stat(p)
		if err != nil {
			b.last = nil
			break
		}
		b.marks = append(b.marks, st)
	}
	return res, nil
}

// Render runs the line up to an in-memory output set, without publishing.
func (b *Builder) Render() (*Result, error) { return b.RenderContext(context.Background()) }

// RenderContext is Render stopping early when ctx is done; it then
// returns ctx's error.
func (b *Builder) RenderContext(ctx context.Context) (*Result, error) {
	m, diags := b.model(ctx)
	if err := ctx.Err(); err != nil {
		return &Result{}, err
	}
	diags.Sort()
	res := &Result{Diags: diags.Warnings(), Model: m, Parsed: b.parsedCount()}
	if err := diags.Err(); err != nil {
		return res, err
	}
	theme, ownTemplates, err := b.theme(m.Site)
	if err != nil {
		return res, err
	}
	epoch, err := b.epoch(theme)
	if err != nil {
		return res, err
	}
	langs := m.Site.Languages
	if len(langs) < 2 {
		langs = []string{m.Site.Language}
	}
	cats := make([]*i18n.Catalog, len(langs))
	for i, lang := range langs {
		if cats[i], err = i18n.Load(theme, lang); err != nil {
			return res, err
		}
	}
	var names []render.Language
	if len(langs) > 1 {
		names = render.Languages(cats)
	}
	// The model is built once; each language renders a view of it, under
	// its code for a language other than the default.
	var pages output.Set
	var used []*memo.Cache
	for i, lang := range langs {
		c := b.caches(i, lang)
		if ownTemplates {
			c.pages, c.parts = nil, nil // its pages may show anything: render them all
		}
		view := m
		if i > 0 {
			view = m.In(lang, render.Untranslated(cats[i], langs[0], names[0].Name))
		}
		c.parts.Begin(epoch, len(m.Incidents))
		for _, cache := range []*memo.Cache{c.pages, c.feeds, c.api} {
			cache.Begin(epoch)
			used = append(used, cache)
		}
		set, err := b.stages(ctx, view, render.Env{Theme: theme, Text: cats[i], Cache: c.pages, Parts: c.parts, Languages: names, SharedAssets: i > 0}, c)
		if err != nil {
			return res, err
		}
		if i == 0 {
			pages = set
			continue
		}
		for name, data := range set {
			name = lang + "/" + name
			if _, dup := pages[name]; dup {
				return res, fmt.Errorf("two outputs want the path %s", name)
			}
			pages[name] = data
		}
	}
	if _, dup := pages[hosting.HeadersFile]; dup {
		return res, fmt.Errorf("two outputs want the path %s", hosting.HeadersFile)
	}
	pages[hosting.HeadersFile] = hosting.Cloudflare(m.Site.Others()...)
	for _, c := range used {
		c.End()
	}
	res.Set = pages
	return res, nil
}

// stageCaches are what the stages keep between builds for one language.
type stageCaches struct {
	pages, feeds, api *memo.Cache
	parts             *memo.Parts
}

// caches returns the caches of the ith language of the site: the
// Builder's own for the default, one set more for each other.
func (b *Builder) caches(i int, lang string) stageCaches {
	if i == 0 {
		return stageCaches{pages: b.pages, feeds: b.feeds, api: b.api, parts: b.parts}
	}
	if b.langs == nil {
		b.langs = map[string]stageCaches{}
	}
	c, ok := b.langs[lang]
	if !ok {
		c = stageCaches{pages: memo.New(), feeds: memo.New(), api: memo.New(), parts: memo.NewParts()}
		b.langs[lang] = c
	}
	return c
}

// stages renders the pages, feeds and JSON API of one language's view
// of the model. They only read the model: they are made side by side,
// each into its own set (and cache), then merged.
func (b *Builder) stages(ctx context.Context, m *status.Model, env render.Env, c stageCaches) (output.Set, error) {
	var pages, feeds, api output.Set
	var errs [3]error
	var wg sync.WaitGroup
	wg.Go(func() {
		pages, errs[0] = render.Site(ctx, m, env)
	})
	wg.Go(func() {
		feeds = output.Set{}
		if err := feed.Add(feeds, m, env.Text, c.feeds); err != nil {
			errs[1] = fmt.Errorf("feeds: %w", err)
		}
	})
	wg.Go(func() {
		api = output.Set{}
		if err := statuspage.Add(api, m, env.Text, c.api); err != nil {
			errs[2] = fmt.Errorf("status API: %w", err)
		}
	})
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if errs[0] != nil {
		return nil, fmt.Errorf("render: %w", errs[0])
	}
	if err := errors.Join(errs[1], errs[2]); err != nil {
		return nil, err
	}
	for _, part := range []output.Set{feeds, api} {
		for name, data := range part {
			if _, dup := pages[name]; dup {
				return nil, fmt.Errorf("two outputs want the path %s", name)
			}
			pages[name] = data
		}
	}
	return pages, nil
}

func (b *Builder) parsedCount() int {
	if b.loader == nil {
		return 0
	}
	return b.loader.Parsed
}

// model loads and validates the content and computes the status model.
// When ctx is done it returns early with nothing the caller may use.
func (b *Builder) model(ctx context.Context) (*status.Model, diag.List) {
	if b.site != nil {
		b.site.Close()
	}
	src, err := sitefs.Open(b.opts.sourceDir())
	if err != nil {
		var diags diag.List
		diags.Errorf(diag.Pos{File: b.opts.sourceDir()}, "cannot read the site folder: %v", err)
		site, _ := config.Load(emptyFS{}, config.Options{}) // the defaults
		return status.New(site, nil, status.Options{Now: b.opts.Now}), diags
	}
	b.site = src
	theme := b.opts.Theme
	if theme == nil {
		theme = emptyFS{}
	}
	siteData, _ := fs.ReadFile(src, config.File)
	site, diags := config.Load(src, config.Options{Languages: b.languages(theme)})
	diags.Append(sitefs.Diags(src.Check("themes")))
	diags.Append(sitefs.Diags(src.Check("content", source.Dir)))
	if b.opts.BaseURL != "" {
		site.BaseURL = b.opts.BaseURL
		site.BasePath = "/"
	}
	if b.loader == nil || string(siteData) != string(b.siteData) {
		b.loader = source.NewLoader(source.Options{
			Location:   site.Location,
			Components: site.ComponentIDs(),
			Markdown:   b.opts.Markdown,
			Languages:  site.Others(),
			Default:    site.Language,
		})
		b.siteData = siteData
	}
	if diags.HasErrors() && len(site.Components) == 0 {
		// The settings could not be read: checking incidents against
		// defaults (no components, UTC) would only bury the real error
		// under made-up ones.
		b.changed = nil
		return status.New(site, nil, status.Options{Now: b.opts.Now}), diags
	}
	incidents, more, err := b.loader.LoadContext(ctx, src, b.changed)
	b.changed = nil
	b.rescan = err != nil // the changes this load missed are not in the next hint
	if err != nil {
		return nil, nil
	}
	diags.Append(more)
	m := status.New(site, incidents, status.Options{Now: b.opts.Now, Drafts: b.opts.Drafts})
	if !diags.HasErrors() {
		diags.Append(lint.Timing(m))
		diags.Append(b.textWarnings(ctx, m))
	}
	return m, diags
}

// theme returns the site's own theme folder over the built-in theme, and
// whether that folder has templates of its own.
func (b *Builder) theme(site *config.Site) (fs.FS, bool, error) {
	dir := path.Join("themes", site.Theme)
	layers := overlay.FS{}
	own := false
	if st, err := b.site.Stat(dir); err == nil && st.IsDir() {
		sub, err := fs.Sub(b.site, dir)
		if err != nil {
			return nil, false, err
		}
		layers = append(layers, sub)
		_, err = fs.Stat(sub, "templates")
		own = err == nil
	} else if site.Theme != "default" {
		return nil, false, fmt.Errorf("%s: theme %q not found: create %s or set theme = \"default\"", config.File, site.Theme, path.Join("themes", site.Theme))
	}
	if b.opts.Theme != nil {
		layers = append(layers, b.opts.Theme)
	}
	if len(layers) == 0 {
		return nil, false, errors.New("no theme: Options.Theme is nil and the site has no themes/ folder")
	}
	return layers, own, nil
}

type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// textWarnings scans the public text of every published incident for
// internal details, reusing the results for files that did not change.
func (b *Builder) textWarnings(ctx context.Context, m *status.Model) diag.List {
	next := make(map[*source.Incident]diag.List, len(m.Incidents))
	todo := make([]*source.Incident, 0)
	for _, in := range m.Incidents {
		if w, ok := b.lint[in.Incident]; ok {
			next[in.Incident] = w
		} else {
			todo = append(todo, in.Incident)
		}
	}
	results := make([]diag.List, len(todo))
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(todo) && ctx.Err() == nil; i += workers {
				results[i] = lint.Texts(todo[i])
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil // the caller stops; b.lint stays as it was
	}
	for i, in := range todo {
		next[in] = results[i]
	}
	b.lint = next
	var out diag.List
	for _, in := range m.Incidents {
		out.Append(next[in.Incident])
	}
	return out
}

// epoch fingerprints everything site-wide that pages print: the
// settings, every theme file, the clock and the options. Pages rendered
// under another epoch are never reused.
func (b *Builder) epoch(theme fs.FS) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00%t\x00", b.siteData, b.opts.Now.UnixNano(), b.opts.BaseURL, b.opts.Drafts)
	err := fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || output.EditorFile(d.Name()) {
			return err
		}
		data, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("theme: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkDest refuses an output folder that holds the sources or lies
// inside them, where a build would mix its pages with the content (and a
// watch would rebuild on its own writes).
func checkDest(source, dest string) error {
	src, err1 := filepath.Abs(source)
	dst, err2 := filepath.Abs(dest)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	within := func(inner, outer string) bool {
		rel, err := filepath.Rel(outer, inner)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	for _, sub := range []string{"content", "themes"} {
		if within(dst, filepath.Join(src, sub)) {
			return fmt.Errorf("the output folder %s is inside the site's %s/ folder: choose another -dest, such as %s", dest, sub, filepath.Join(source, "public"))
		}
	}
	if within(src, dst) {
		return fmt.Errorf("the output folder %s holds the site's sources: choose another -dest, such as %s", dest, filepath.Join(source, "public"))
	}
	return nil
}

// languages lists the languages the built-in theme and the site's own
// themes have strings for: adding a language is adding a file.
func (b *Builder) languages(builtin fs.FS) []string {
	langs := i18n.Languages(builtin)
	themes, _ := fs.ReadDir(b.site, "themes")
	for _, t := range themes {
		if sub, err := fs.Sub(b.site, path.Join("themes", t.Name())); err == nil && t.IsDir() {
			langs = append(langs, i18n.Languages(sub)...)
		}
	}
	slices.Sort(langs)
	return slices.Compact(langs)
}
