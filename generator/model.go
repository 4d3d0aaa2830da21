// This file holds the first stages: loading the settings and incident
// files, validating them and computing the status model.

package generator

import (
	"context"
	"io/fs"
	"path"
	"slices"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/lint"
	"github.com/statuspress/statuspress/generator/sitefs"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// Check loads and validates without rendering or writing; the list holds
// errors and warnings, sorted.
func Check(ctx context.Context, opts Options) diag.List {
	_, diags := NewBuilder(opts).model(ctx)
	diags.Compact()
	return diags
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
		opts := source.Options{
			Location:    site.Location,
			Components:  site.ComponentIDs(),
			Markdown:    b.opts.Markdown,
			StatusWords: b.statusWords(site),
			Languages:   site.Others(),
			Default:     site.Language,
			Check:       b.checkTexts,
		}
		b.siteData = siteData
		b.knownIncidents(&opts, b.languages(theme))
		b.loader = source.NewLoader(opts)
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
	b.disk.loaded(incidents, more)
	b.parsed = b.loader.Parsed
	if b.once {
		b.loader = nil // Build loads once
	}
	// The last model lets New derive again only what the changed files
	// touch; it returns the same model either way.
	m := status.New(site, incidents, status.Options{Now: b.opts.Now, Drafts: b.opts.Drafts, Prev: b.prev})
	b.prev = m
	if !diags.HasErrors() {
		timing, texts := b.timingWarnings(m), b.textWarnings(ctx, m)
		diags = slices.Grow(diags, len(timing)+len(texts))
		diags.Append(timing)
		diags.Append(texts)
	}
	return m, diags
}

// timingWarnings is lint.Timing, looking after an edit (a model made
// from the one checked last, under the same clock) only at the
// incidents that differ: an open incident's warnings depend on its file
// and the clock alone, and a large site has thousands open.
func (b *Builder) timingWarnings(m *status.Model) diag.List {
	gone, came, ok := m.Since(b.timed)
	if !ok {
		b.timedList, gone, came = nil, nil, m.Incidents
	}
	if len(gone) > 0 {
		b.timedList = slices.DeleteFunc(b.timedList, func(t timed) bool { return slices.Contains(gone, t.in) })
	}
	for _, in := range came {
		if lint.Timed(m, in) {
			b.timedList = append(b.timedList, timed{in, lint.TimingOf(m, []*status.Incident{in})})
		}
	}
	b.timed = m
	n := 0
	for _, t := range b.timedList {
		n += len(t.warnings)
	}
	out := make(diag.List, 0, n) // a site with thousands open has as many
	for _, t := range b.timedList {
		out.Append(t.warnings) // in no order: the caller sorts
	}
	return out
}

// timed is an incident lint.Timing may warn about, with its warnings.
type timed struct {
	in       *status.Incident
	warnings diag.List
}

// checkTexts scans the public text of an incident the loader has just
// parsed for internal details, keeps what it finds, and drops the text:
// it is as large as the file, and a load of a large site would
// otherwise hold the text of every file until all are parsed. It runs on
// the loader's workers.
func (b *Builder) checkTexts(in *source.Incident) {
	w := lint.Texts(in)
	in.Texts = nil
	if len(w) == 0 {
		return
	}
	b.lintMu.Lock()
	defer b.lintMu.Unlock()
	if b.lint == nil {
		b.lint = map[*source.Incident]diag.List{}
	}
	b.lint[in] = w
}

// textWarnings gives the warnings checkTexts found in the public text of
// every published incident. After an edit (a model made from the one
// gathered last) only the incidents that differ are looked at.
func (b *Builder) textWarnings(ctx context.Context, m *status.Model) diag.List {
	gone, came, ok := m.Since(b.linted)
	if !ok || b.warned == nil {
		// Every incident. The warnings of files no longer published (a
		// file since changed, a draft) are not needed again: one that
		// comes back is parsed again.
		kept := map[*source.Incident]diag.List{}
		for _, in := range m.Incidents {
			if w, ok := b.lint[in.Incident]; ok {
				kept[in.Incident] = w
			}
		}
		b.lint, b.warned = kept, map[*source.Incident]diag.List{}
		gone, came = nil, m.Incidents
	}
	for _, in := range gone {
		delete(b.lint, in.Incident)
		delete(b.warned, in.Incident)
	}
	b.linted = nil // until the warnings are complete: the next build starts over
	// Texts the loader did not check (none, as it parses every file) are
	// checked here.
	var todo []*source.Incident
	for _, in := range came {
		if in.Texts != nil {
			todo = append(todo, in.Incident)
		}
	}
	for _, in := range todo {
		if ctx.Err() != nil {
			return nil // the caller stops
		}
		b.checkTexts(in)
	}
	for _, in := range came {
		if w := b.lint[in.Incident]; len(w) > 0 {
			b.warned[in.Incident] = w
		}
	}
	b.linted = m
	n := 0
	for _, w := range b.warned {
		n += len(w)
	}
	out := make(diag.List, 0, n)
	for _, w := range b.warned {
		out.Append(w) // in no order: the caller sorts
	}
	return out
}

// statusWords gives the words the site's pages show for statuses, so that
// a heading written with one is told the name the file takes. A theme
// that cannot be read gives none: the render stage reports it.
func (b *Builder) statusWords(site *config.Site) map[string]source.Status {
	theme, _, err := b.theme(site)
	if err != nil {
		return nil
	}
	cat, err := i18n.Load(theme, site.Language)
	if err != nil {
		return nil
	}
	return source.StatusWords(cat.Status)
}

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
