// Package generator runs the straight line from a source folder to a
// published site: load the settings and incident files, validate, compute
// the status model, render pages, feeds and JSON, and publish only what
// changed, each file staged in the output folder as it is made and all
// put in place once every one is made. Check is the same line cut after
// the model; Render stops before the output folder, with the site in
// memory (serve, tests).
//
// It owns the order of the stages and what a Builder keeps between builds,
// not the stages themselves. One file per stage: this one holds the options,
// the folders they name and the Builder; model.go loads and validates;
// render.go declares the outputs and makes them into memory; publish.go
// picks the theme and makes them into the output folder. Every call that
// can take long takes a context first and stops when it is done.
package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/feed"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/render"
	"github.com/statuspress/statuspress/generator/sitefs"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
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
	// Force publishes a build that would remove most of the published
	// incident pages, which is otherwise refused.
	Force bool
	// LockWait is how long a build waits for another build or watch that
	// is building into the same output folder (it holds the folder from
	// its first page made to its last rename): 0 means DefaultLockWait,
	// a negative value fails at once.
	LockWait time.Duration
	// Waiting, when not nil, is called once when the build has to wait for
	// another process, with what that process wrote in the lock
	// ("PID 4242 (statuspress)").
	Waiting func(holder string)
	// Cache, when not "", is the root of the on-disk cache (see package
	// cache and cache.Root): a build in a new process then re-parses only
	// the incident files that changed since the last one, and remakes only
	// the outputs whose dependencies changed. "" caches nothing on disk.
	Cache string
	// SaveLater leaves writing the cache after a Build to SaveCache, for
	// a watch, which writes it once its builds pause rather than after
	// every save: the engine's records of a site of 100,000 incidents
	// are 10 MB.
	SaveLater bool
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
	// Set is the site Render made, every file in memory; nil after Build,
	// which published it as it was made (read the output folder).
	Set output.Set
	// Files counts the files of the site.
	Files int
	Model *status.Model
	// Diags holds warnings (a build with errors returns them as the error).
	Diags diag.List
	Stats output.Stats
	// Parsed is how many incident files were parsed (not taken from cache).
	Parsed int
	// Stale, when not "", says that the last build into the output folder
	// was killed before it ended (what its lock said, "PID 4242
	// (statuspress)"): this build completed the folder.
	Stale string
}

// Builder builds a site again and again, keeping parsed files and a
// record of every output of its last build (rebuild.Engine) so that a
// rebuild after a small edit re-parses only the changed file and makes
// and writes only the changed outputs. A Builder is not safe for
// concurrent use.
type Builder struct {
	opts     Options
	siteData []byte
	loader   *source.Loader
	// published lists the files of the engine's last run while the
	// output folder holds exactly them (the last Build published them):
	// then the next publish reads nothing back. nil when unknown.
	published []string
	// marks are the output folder and its generated file as the last
	// publish left them: when one has changed, published no longer stands
	// for the folder. Another build changes the folder's time when it
	// changes anything and the generated file when its clock differs.
	marks []fs.FileInfo
	// shown is the site of the last Render, which the engine's records
	// stand for, or nil: the next Render starts from it.
	shown output.Set
	// lint holds the text warnings of the parsed files that have any:
	// the loader checks the texts of each file as it parses it (see
	// checkTexts) and they are dropped, and it hands back the same
	// *source.Incident for a file that did not change. A file without an
	// entry has none. lintMu guards it while a load runs.
	lintMu sync.Mutex
	lint   map[*source.Incident]diag.List
	// warned holds the entries of lint of the incidents of linted, the
	// model they were last gathered for.
	warned map[*source.Incident]diag.List
	linted *status.Model
	// timedList holds the incidents of the model timed that lint.Timing
	// may warn about, with their warnings.
	timed     *status.Model
	timedList []timed
	// prev is the last model, for the next to start from; pages and
	// calendars keep the declarations of its pages and calendars.
	prev      *status.Model
	pages     render.Kept
	calendars feed.Kept
	// engine keeps what the last build made, and decides what the next
	// one remakes.
	engine *rebuild.Engine
	// cats are the theme's text in each of catLangs, loaded under the
	// epoch catEpoch (see catalogs).
	cats     []*i18n.Catalog
	catLangs []string
	catEpoch string
	// site reads the source folder for the build under way (opened
	// again by each build, so a folder replaced meanwhile is seen).
	site *sitefs.FS
	// changed is the hint given by Changed for the next build; rescan
	// ignores hints until a load completes (one was stopped midway).
	changed []string
	rescan  bool
	// disk is what the Builder keeps in Options.Cache (see cached.go);
	// unsaved are the output folder's marks after the last good Build,
	// when what it left for the cache is not written yet (SaveLater).
	disk    diskCache
	unsaved []fs.FileInfo
	// once is set in a Builder that builds once (Build): the loader, kept
	// for the next build's load (a record of every file), is dropped as
	// soon as the model is made, before the pages are. parsed counts the
	// files the last load parsed.
	once   bool
	parsed int
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
	return &Builder{opts: opts, engine: &rebuild.Engine{}}
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
