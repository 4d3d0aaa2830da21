// This file holds the rendering stage: pages, feeds and the JSON API made
// side by side into one in-memory output set.

package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/feed"
	"github.com/statuspress/statuspress/generator/hosting"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/memo"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/render"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/generator/statuspage"
)

// Render runs the line up to an in-memory output set, without
// publishing. When ctx is done it stops early and returns ctx's error.
func (b *Builder) Render(ctx context.Context) (*Result, error) {
	m, diags := b.model(ctx)
	if err := ctx.Err(); err != nil {
		return &Result{}, err
	}
	diags.Compact()
	res := &Result{Diags: diags.Warnings(), Model: m, Parsed: b.parsedCount()}
	if err := diags.Err(); err != nil {
		return res, err
	}
	theme, ownTemplates, err := b.theme(m.Site)
	if err != nil {
		return res, err
	}
	epoch, err := b.epoch(theme, m.Site)
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
	// A build stopped while the feeds or the API are being made (they run
	// to the end once begun) returns at once; the next build first waits
	// for them, since they hold its caches.
	b.pending.Wait()
	wg := &b.pending
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
	finished := make(chan struct{})
	go func() {
		wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
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

// epoch fingerprints everything site-wide that pages print: the
// settings, every theme file, the clock and the options, and the size of
// the brand's logo (pages print it; the file may change while site.toml
// does not). Pages rendered under another epoch are never reused.
func (b *Builder) epoch(theme fs.FS, site *config.Site) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00%t\x00", b.siteData, b.opts.Now.UnixNano(), b.opts.BaseURL, b.opts.Drafts)
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
