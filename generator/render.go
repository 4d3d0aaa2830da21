// This file holds the rendering stage: pages, feeds and the JSON API
// declared by their renderers, per language, and made by one
// rebuild.Engine, into memory (Render) or into the output folder's
// staging as they are made (Build, in publish.go).

package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"slices"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/feed"
	"github.com/statuspress/statuspress/generator/hosting"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/render"
	"github.com/statuspress/statuspress/generator/statuspage"
)

// Render runs the line up to an in-memory output set, without
// publishing. When ctx is done it stops early and returns ctx's error.
// A Builder that renders again starts from the set it rendered last, so
// that only what changed is made; the output folder is not looked at.
func (b *Builder) Render(ctx context.Context) (*Result, error) {
	res, epoch, stages, err := b.declare(ctx)
	if err != nil {
		return res, err
	}
	mem := &rebuild.Memory{Set: b.shown}
	if err := b.run(ctx, epoch, mem, stages); err != nil {
		return res, err // the engine and b.shown are as they were
	}
	b.published, b.unsaved = nil, nil // the engine's records no longer stand for the folder
	res.Set = mem.Site(b.engine.Names())
	res.Files = len(res.Set)
	b.shown = res.Set
	return res, nil
}

// run makes the declared site into sink.
func (b *Builder) run(ctx context.Context, epoch string, sink rebuild.Sink, stages []rebuild.Stage) error {
	err := b.engine.Run(ctx, epoch, sink, stages...)
	b.pages.Done() // the run's pages are made
	if err != nil && ctx.Err() == nil {
		err = fmt.Errorf("render: %w", err)
	}
	return err
}

// declare runs the line up to the declarations of every output, and
// returns them with their epoch.
func (b *Builder) declare(ctx context.Context) (*Result, string, []rebuild.Stage, error) {
	m, diags := b.model(ctx)
	if err := ctx.Err(); err != nil {
		return &Result{}, "", nil, err
	}
	diags.Compact()
	res := &Result{Diags: diags.Warnings(), Model: m, Parsed: b.parsedCount()}
	if err := diags.Err(); err != nil {
		return res, "", nil, err
	}
	theme, ownTemplates, err := b.theme(m.Site)
	if err != nil {
		return res, "", nil, err
	}
	epoch, err := b.epoch(theme, m.Site)
	if err != nil {
		return res, "", nil, err
	}
	langs := m.Site.Languages
	if len(langs) < 2 {
		langs = []string{m.Site.Language}
	}
	cats, err := b.catalogs(theme, epoch, langs)
	if err != nil {
		return res, "", nil, err
	}
	var names []render.Language
	if len(langs) > 1 {
		names = render.Languages(cats)
	}
	// The model is built once; each language declares the pages, feeds
	// and API of a view of it, under its code for a language other than
	// the default, and one engine makes what changed.
	var stages []rebuild.Stage
	for i, lang := range langs {
		// Only the model itself is made from the last one.
		view, prefix, keep, calendars := m, "", &b.pages, &b.calendars
		if i > 0 {
			view, prefix, keep, calendars = m.In(lang, render.Untranslated(cats[i], langs[0], names[0].Name)), lang+"/", nil, nil
		}
		pages, incidents, err := render.Declare(view, render.Env{Theme: theme, Text: cats[i], Parts: b.engine.Parts(prefix),
			OwnTemplates: ownTemplates, Languages: names, SharedAssets: i > 0, Keep: keep})
		if err != nil {
			return res, "", nil, fmt.Errorf("render: %w", err)
		}
		feeds, events := feed.Declare(view, cats[i], calendars)
		stages = append(stages,
			rebuild.Stage{Prefix: prefix, Outputs: pages},
			rebuild.Stage{Prefix: prefix, Outputs: incidents},
			rebuild.Stage{Prefix: prefix, Outputs: feeds},
			rebuild.Stage{Prefix: prefix, Outputs: events},
			rebuild.Stage{Prefix: prefix, Outputs: statuspage.Outputs(view, cats[i], b.engine.Parts(prefix))})
	}
	headers := hosting.Cloudflare(m.Site.Others()...)
	stages = append(stages, rebuild.Stage{Outputs: []rebuild.Output{{Name: hosting.HeadersFile,
		Deps: rebuild.Deps{Extra: string(headers)}, Make: rebuild.Fixed(headers)}}})
	return res, epoch, stages, nil
}

func (b *Builder) parsedCount() int { return b.parsed }

// catalogs loads the theme's text in each of langs, once for as long as
// the epoch, which covers every theme file, stays the same: a catalog
// is not changed once loaded, and loading one decodes the theme's TOML
// on every save.
func (b *Builder) catalogs(theme fs.FS, epoch string, langs []string) ([]*i18n.Catalog, error) {
	if epoch == b.catEpoch && slices.Equal(langs, b.catLangs) {
		return b.cats, nil
	}
	cats := make([]*i18n.Catalog, len(langs))
	for i, lang := range langs {
		var err error
		if cats[i], err = i18n.Load(theme, lang); err != nil {
			return nil, err
		}
	}
	b.cats, b.catLangs, b.catEpoch = cats, slices.Clone(langs), epoch
	return cats, nil
}

// epoch fingerprints everything site-wide that pages print: the
// settings, every theme file, the options, and the size of the brand's
// logo (pages print it; the file may change while site.toml does not).
// Pages rendered under another epoch are never reused. Of the clock it
// holds only what every page prints: the year (dates in it go without
// one) and the zone's name and offset in the footer. What else the clock
// changes is in the incidents' stamps, and outputs that print the time
// itself declare it.
func (b *Builder) epoch(theme fs.FS, site *config.Site) (string, error) {
	h := sha256.New()
	now := b.opts.Now.In(site.Location)
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%t\x00", b.siteData, now.Format("2006 MST -07:00"), b.opts.BaseURL, b.opts.Drafts)
	for _, a := range []*config.Asset{site.Brand.Logo, site.Brand.LogoDark, site.Brand.Favicon} {
		if a != nil {
			fmt.Fprintf(h, "%s\x00%dx%d\x00", a.Name, a.Width, a.Height)
		}
	}
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
