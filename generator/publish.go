// This file holds the last stage: the theme a build uses and publishing
// into the output folder.

package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/overlay"
	"github.com/statuspress/statuspress/generator/render"
)

// Build runs the whole line once. On content errors it returns a
// diag.ListError and writes nothing. When ctx is done it stops, publishes
// nothing and returns ctx's error.
func Build(ctx context.Context, opts Options) (*Result, error) {
	b := NewBuilder(opts)
	b.once = true
	return b.Build(ctx)
}

// incidentPages are the pages a build may not mostly remove without
// Options.Force: losing them is more often a mistake (a wrong -source, a
// checkout of an old branch) than the intent.
const incidentPages = "incidents/*/index.html"

// DefaultLockWait is how long a build waits for another one into the same
// output folder when Options.LockWait is 0.
const DefaultLockWait = 30 * time.Second

// Build renders the site and publishes it to the output folder, holding
// the folder's lock while it does (see Options.LockWait). Pages are
// staged in the folder as they are made, and put in place only once all
// are made: a build that fails, or is stopped, leaves the folder as it
// was, and no build holds its whole site in memory. When ctx is done
// (Ctrl-C, a watch being ended during the first build of a large site) it
// stops early and returns ctx's error; the output folder then holds the
// old site or the new one.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	res, epoch, stages, err := b.declare(ctx)
	if err != nil {
		return res, err
	}
	if err := checkDest(b.opts.sourceDir(), b.opts.DestDir()); err != nil {
		return res, err
	}
	dest := b.opts.DestDir()
	wait := b.opts.LockWait
	if wait == 0 {
		wait = DefaultLockWait
	}
	lock, err := output.LockDir(ctx, dest, output.LockOptions{Wait: max(wait, 0), Waiting: b.opts.Waiting, Holder: "statuspress"})
	if err != nil {
		return res, err
	}
	published := false
	defer func() {
		if published {
			lock.Unlock()
		} else {
			lock.Abandon()
		}
	}()
	res.Stale = lock.Stale
	// The folder itself is a mark: a publish that changes anything adds
	// and removes its journal there, which moves the folder's time.
	marks := []string{dest, filepath.Join(dest, render.GeneratedFile)}
	b.loadEngine(marks)
	if b.published != nil {
		// The last publish stands for the folder only while nothing else
		// wrote there: a folder removed (rm -rf, git clean) or built into
		// by another process has lost or moved a mark.
		for i, p := range marks {
			if st, err := os.Stat(p); err != nil || !os.SameFile(st, b.marks[i]) || !st.ModTime().Equal(b.marks[i].ModTime()) {
				b.published = nil
				break
			}
		}
	}
	staging, err := output.Stage(ctx, dest, output.Options{Published: b.published, Protect: incidentPages, Force: b.opts.Force})
	if err != nil {
		b.published = nil
		return res, err
	}
	if err := b.run(ctx, epoch, staging, stages); err != nil {
		// The engine's records are those of its last run, which the folder
		// still holds.
		staging.Discard()
		return res, err
	}
	// Until the folder holds this run: the records no longer stand for
	// what a last good build left unsaved either.
	b.shown, b.published, b.unsaved = nil, nil, nil
	names := b.engine.Names()
	res.Files = len(names)
	st, err := staging.Commit(ctx, names)
	res.Stats = st
	published = err == nil
	var removal *output.RemovalError
	if errors.As(err, &removal) {
		err = fmt.Errorf("%w: if those incidents were removed on purpose, build again with -force; otherwise check content/incidents/", err)
	}
	if err != nil {
		return res, err // the next build compares with the disk
	}
	infos := statMarks(marks)
	if infos == nil {
		return res, nil
	}
	b.marks, b.published = infos, names
	b.unsaved = infos
	if !b.opts.SaveLater {
		b.SaveCache()
	}
	return res, nil
}

// SaveCache writes into Options.Cache what the last good Build left for
// it: the incidents it parsed and the engine's records, with the output
// folder's marks as that build left them (a folder changed since by
// another process no longer matches them, and the records are then not
// used). It does nothing when that is written already, or without a
// cache.
func (b *Builder) SaveCache() {
	if b.unsaved == nil {
		return
	}
	b.saveIncidents()
	b.saveEngine(b.unsaved)
	b.unsaved = nil
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
