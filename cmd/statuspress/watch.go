package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/watch"
	"github.com/statuspress/statuspress/themes"
)

func runWatch(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("watch", e.stderr)
	source := fs.String("source", ".", "site folder holding content/")
	dest := fs.String("dest", "", "output folder (default: public inside -source)")
	force := fs.Bool("force", false, "publish even when most published incident pages would be removed")
	wait := fs.Duration("wait", generator.DefaultLockWait, "how long each build waits for another build into the same -dest")
	var now timeFlag
	fs.Var(&now, "now", "the build's current time, RFC 3339 (default: the clock at start)")
	lang := langFlag(fs)
	noCache := cacheFlag(fs)
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err != nil {
		return usageError(e.stderr, "watch", err)
	}
	cat := e.messages(*lang, *source)
	opts := generator.Options{Source: *source, Dest: *dest, Now: now.nowOr(e.now), Theme: themes.Builtin(),
		Force: *force, LockWait: lockWait(*wait), Waiting: waiting(e.stderr, cat, *dest, *source, *wait),
		Cache: e.cacheRoot(*noCache), SaveLater: true}
	if err := opts.CheckFolders(); err != nil {
		fmt.Fprintf(e.stderr, "statuspress watch: %v\n", err)
		return exitUsage
	}
	b := generator.NewBuilder(opts)
	report := &results{w: e.stderr, cat: cat}
	// The cache is written once builds pause, with the collection, not
	// after every save (nor when the watch is stopped, which it would
	// hold up: the next start parses the files of the last builds
	// again); mu keeps that from a build under way.
	var mu sync.Mutex
	save := func() {
		mu.Lock()
		defer mu.Unlock()
		b.SaveCache()
	}
	idle := idleCollector{before: save}
	defer idle.stop()
	build := func(changed []string) error {
		idle.building()
		defer idle.built()
		mu.Lock()
		defer mu.Unlock()
		start := time.Now()
		b.Changed(changed)
		res, err := b.Build(ctx)
		if ctx.Err() != nil {
			return nil // stopping: the next run finishes the job
		}
		if res != nil {
			reportStale(e.stderr, cat, res.Stale)
		}
		if err == nil {
			fmt.Fprintf(e.stdout, "%s in %s: %d written, %d removed\n", rebuiltWhat(changed), elapsed(start), res.Stats.Written, res.Stats.Removed)
		}
		report.print(res, err)
		return err
	}
	limit := limitMemory()
	defer limit.Stop()
	err = watch.Run(ctx, watch.Options{
		Source: *source,
		Dest:   opts.DestDir(),
		Build:  build,
		Report: reportWatchError(e.stderr),
		Ready: func() {
			if _ = build(nil); ctx.Err() != nil {
				return
			}
			save() // while the first build's memory is still held
			// The first build of a large site needs far more memory than
			// a watch keeps between builds: give it back now rather than
			// over the next minutes, and hold the edits to a limit set
			// from what it keeps.
			debug.FreeOSMemory()
			limit.Rebase()
			fmt.Fprintf(e.stdout, "watching %s for changes into %s (Ctrl-C to stop)\n", watchedFolders(*source), opts.DestDir())
		},
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "statuspress: %v\n", err)
		return exitContent
	}
	return exitOK
}

// rebuiltWhat names a build for the terminal: the first build, or the
// rebuild after some files changed.
func rebuiltWhat(changed []string) string {
	switch len(changed) {
	case 0:
		return "built"
	case 1:
		return "rebuilt after " + changed[0]
	}
	return fmt.Sprintf("rebuilt after %s and %d more", changed[0], len(changed)-1)
}

// elapsed rounds the time since start for the terminal.
func elapsed(start time.Time) time.Duration {
	d := time.Since(start)
	if d > 10*time.Millisecond {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}

// results prints what each build of a watch or serve found: every
// warning of the first build, then only the warnings a rebuild adds, so
// that an error is not lost in a screen of warnings seen before.
type results struct {
	w    io.Writer
	cat  *diag.Catalog   // the language of the messages
	seen map[string]bool // the warnings of the last good build
}

// print prints the new warnings of a build and, when it failed, every
// error one a line, saying the last good site is kept.
func (p *results) print(res *generator.Result, err error) {
	if res != nil {
		p.warnings(res.Diags, err == nil)
	}
	if err == nil {
		return
	}
	for _, line := range errorLines(p.cat, err) {
		fmt.Fprintln(p.w, line)
	}
	fmt.Fprintln(p.w, p.cat.Sprintf("build failed; the last good site is kept"))
}

// warnings prints those of list not printed before, and counts the
// others. A failed build checks less (no timing or text warnings), so
// only a good one says which warnings are current.
func (p *results) warnings(list diag.List, good bool) {
	current := make(map[string]bool, len(list))
	repeated := 0
	for _, d := range list {
		line := p.cat.Line(d)
		current[line] = true
		if p.seen[line] {
			repeated++
			continue
		}
		fmt.Fprintln(p.w, line)
	}
	if repeated > 0 {
		fmt.Fprintln(p.w, p.cat.Sprintf("(and %d warnings shown before; statuspress check lists them all)", repeated))
	}
	if good {
		p.seen = current
	}
}

// errorLines splits a build error into lines in cat's language: one per
// content problem (path:line:col: message), or the error itself.
func errorLines(cat *diag.Catalog, err error) []string {
	var list diag.ListError
	if errors.As(err, &list) {
		out := make([]string, len(list))
		for i, d := range list {
			out[i] = cat.Line(d)
		}
		return out
	}
	return []string{"statuspress: " + err.Error()}
}

// reportWatchError prints what the watcher itself reports (lost events,
// folders it cannot watch); build results are printed by the build.
func reportWatchError(w io.Writer) func(watch.Result) {
	return func(r watch.Result) {
		if r.Changed == nil && r.Err != nil {
			fmt.Fprintf(w, "statuspress: %v\n", r.Err)
		}
	}
}

func watchedFolders(source string) string {
	if source == "." || source == "" {
		return "content/ and themes/"
	}
	return strings.TrimSuffix(source, "/") + "/content/ and themes/"
}
