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
	"github.com/statuspress/statuspress/generator/statuspage"
)

// Render runs the line up to an in-memory output set, without
// publishing. When ctx is done it stops early and returns ctx's error.
func (b *Builder) Render(ctx context.Context) (*Result, error) {
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
	pageCache, parts := b.pages, b.parts
	if ownTemplates {
		pageCache, parts = nil, nil // its pages may show anything: render them all
	}
	cat, err := i18n.Load(theme, m.Site.Language)
	if err != nil {
		return res, err
	}
	epoch, err := b.epoch(theme, m.Site)
	if err != nil {
		return res, err
	}
	parts.Begin(epoch, len(m.Incidents))
	caches := []*memo.Cache{pageCache, b.feeds, b.api}
	for _, c := range caches {
		c.Begin(epoch)
	}
	// Pages, feeds and the JSON API only read the model: they are made
	// side by side, each into its own set (and cache), then merged.
	var pages, feeds, api output.Set
	var errs [3]error
	// A build stopped while the feeds or the API are being made (they run
	// to the end once begun) returns at once; the next build first waits
	// for them, since they hold its caches.
	b.pending.Wait()
	wg := &b.pending
	wg.Go(func() {
		pages, errs[0] = render.Site(ctx, m, render.Env{Theme: theme, Text: cat, Cache: pageCache, Parts: parts})
	})
	wg.Go(func() {
		feeds = output.Set{}
		if err := feed.Add(feeds, m, cat, b.feeds); err != nil {
			errs[1] = fmt.Errorf("feeds: %w", err)
		}
	})
	wg.Go(func() {
		api = output.Set{}
		if err := statuspage.Add(api, m, cat, b.api); err != nil {
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
		return res, ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if errs[0] != nil {
		return res, fmt.Errorf("render: %w", errs[0])
	}
	if err := errors.Join(errs[1], errs[2]); err != nil {
		return res, err
	}
	for _, part := range []output.Set{feeds, api} {
		for name, data := range part {
			if _, dup := pages[name]; dup {
				return res, fmt.Errorf("two outputs want the path %s", name)
			}
			pages[name] = data
		}
	}
	if _, dup := pages[hosting.HeadersFile]; dup {
		return res, fmt.Errorf("two outputs want the path %s", hosting.HeadersFile)
	}
	pages[hosting.HeadersFile] = hosting.Cloudflare()
	for _, c := range caches {
		c.End()
	}
	res.Set = pages
	return res, nil
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
