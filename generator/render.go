// This file holds the rendering stage: pages, feeds and the JSON API
// declared by their renderers and made by one rebuild.Engine into one
// in-memory output set.

package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"

	"github.com/statuspress/statuspress/generator/feed"
	"github.com/statuspress/statuspress/generator/hosting"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/rebuild"
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
	diags.Sort()
	res := &Result{Diags: diags.Warnings(), Model: m, Parsed: b.parsedCount()}
	if err := diags.Err(); err != nil {
		return res, err
	}
	theme, ownTemplates, err := b.theme(m.Site)
	if err != nil {
		return res, err
	}
	cat, err := i18n.Load(theme, m.Site.Language)
	if err != nil {
		return res, err
	}
	epoch, err := b.epoch(theme)
	if err != nil {
		return res, err
	}
	set, err := b.run(ctx, epoch, m, theme, cat, ownTemplates)
	if err != nil {
		return res, err
	}
	res.Set = set
	return res, nil
}

// run declares every output of the site (pages, feeds, the JSON API and
// the hosting headers) and lets the engine make what changed.
func (b *Builder) run(ctx context.Context, epoch string, m *status.Model, theme fs.FS, cat *i18n.Catalog, ownTemplates bool) (output.Set, error) {
	pages, err := render.Outputs(m, render.Env{Theme: theme, Text: cat, Parts: b.engine.Parts(""), OwnTemplates: ownTemplates})
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	headers := hosting.Cloudflare()
	site := []rebuild.Output{{Name: hosting.HeadersFile, Make: func() ([]byte, error) { return headers, nil }}}
	set, err := b.engine.Run(ctx, epoch,
		rebuild.Stage{Outputs: pages},
		rebuild.Stage{Outputs: feed.Outputs(m, cat)},
		rebuild.Stage{Outputs: statuspage.Outputs(m, cat)},
		rebuild.Stage{Outputs: site})
	if err != nil && ctx.Err() == nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return set, err
}

func (b *Builder) parsedCount() int {
	if b.loader == nil {
		return 0
	}
	return b.loader.Parsed
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
