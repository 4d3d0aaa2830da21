// Package watch owns the rebuild loop: it watches a site's content/ and
// themes/ folders with fsnotify, drops the noise editors and the build
// itself make, coalesces a burst of changes into one batch, and calls a
// build callback for it, never two at once. One goroutine owns all of its
// state.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/statuspress/statuspress/generator/output"
)

// siteFolders returns the folders of a site that are watched, relative to
// its source folder.
func siteFolders() []string { return []string{"content", "themes"} }

// Options say what to watch and what to do on a change.
type Options struct {
	// Source is the site folder holding content/ and themes/; "" means the
	// current folder.
	Source string
	// Dest is the output folder; events under it are dropped so that a
	// build never triggers another.
	Dest string
	// Debounce is the quiet time after the last event before a build
	// starts; 0 means 20ms, long enough to join the writes and renames of
	// one editor save. It grows by a millisecond for every path the batch
	// already holds beyond the first: a tool writing thousands of files
	// (git checkout, cp -r, unzip) that a busy machine pauses for a moment
	// is still one build, and the wait is small next to the build of that
	// many files.
	Debounce time.Duration
	// MaxWait bounds how long a steady stream of events can delay a build;
	// 0 means 2s. A tool that writes many files without pausing for the
	// debounce time (git checkout, rsync, unzip) is one build if it ends
	// within MaxWait; a shorter bound would publish a half-switched site
	// first. A git checkout of 3,000 incident files takes about 0.8s on
	// the development machine, so 2s keeps a checkout of several thousand
	// files one build, and an edit saved during an endless stream of
	// changes still shows within 2s.
	MaxWait time.Duration
	// GitWait bounds how long a batch is held while git holds the index
	// lock (index.lock in the git folder of the repository Source is in,
	// found as git finds it): git takes the lock before a checkout, merge
	// or stash writes the first file and drops it after the last, so a
	// branch switch of any size and pace is one build. The bound, counted
	// from when the lock appeared, is for a lock left behind by a git that
	// crashed or held while a commit message is edited; 0 means 5s.
	GitWait time.Duration
	// Build is called with the changed paths (sorted, relative to Source,
	// slash-separated) on a goroutine of its own, never while an earlier
	// call is running. Its error goes to Report.
	Build func(changed []string) error
	// Report, when not nil, is told the result of every build and every
	// watcher error (with an empty batch). It runs on the loop goroutine.
	Report func(Result)
	// Ready, when not nil, is called once the folders are watched.
	Ready func()
}

// Result is what one build of a batch gave.
type Result struct {
	Changed []string
	Err     error
}

// The waits Run takes for Options left 0.
const (
	DefaultDebounce = 20 * time.Millisecond
	DefaultMaxWait  = 2 * time.Second
	DefaultGitWait  = 5 * time.Second
)

// Run watches until ctx is done, then waits for a running build to end and
// returns nil. It returns an error only when the watcher cannot start.
func Run(ctx context.Context, opts Options) error {
	if opts.Build == nil {
		return errors.New("watch: Options.Build is nil")
	}
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = DefaultMaxWait
	}
	if opts.GitWait <= 0 {
		opts.GitWait = DefaultGitWait
	}
	if opts.Source == "" {
		opts.Source = "."
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer fw.Close()
	l := &loop{opts: opts, fw: fw, watched: map[string]bool{}, pending: map[string]bool{}}
	if err := l.start(); err != nil {
		return err
	}
	if opts.Ready != nil {
		opts.Ready()
	}
	return l.run(ctx)
}

// loop is the state of one watch, owned by the goroutine in run.
type loop struct {
	opts    Options
	fw      *fsnotify.Watcher
	src     string // cleaned source folder
	dest    string // cleaned absolute output folder, "" if unknown
	watched map[string]bool
	pending map[string]bool // changed paths not yet built
	lock    string          // git's index.lock, "" outside a repository
	locked  bool            // lock exists and is younger than GitWait
}

func (l *loop) start() error {
	l.src = filepath.Clean(l.opts.Source)
	if l.opts.Dest != "" {
		if abs, err := filepath.Abs(l.opts.Dest); err == nil {
			l.dest = abs
		}
	}
	// The source folder itself is watched so that content/ or themes/
	// vanishing and coming back (a branch switch) is seen.
	if err := l.add(l.src); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	for _, f := range siteFolders() {
		l.addTree(filepath.Join(l.src, f))
	}
	l.watchGit()
	return nil
}

func (l *loop) run(ctx context.Context) error {
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	longest := time.NewTimer(time.Hour)
	longest.Stop()
	stale := time.NewTimer(time.Hour) // the git lock has been held GitWait
	stale.Stop()
	if l.locked {
		stale.Reset(l.opts.GitWait)
	}
	waiting := false // a batch is gathering: the timers run
	held := false    // a batch is due but waits for git's lock
	var done chan error
	var building []string
	due := false // the timers fired while a build ran
	arm := func() {
		quiet.Reset(l.opts.Debounce + time.Duration(max(len(l.pending)-1, 0))*time.Millisecond)
		if !waiting {
			waiting = true
			longest.Reset(l.opts.MaxWait)
		}
	}
	startBuild := func() {
		building = sortedKeys(l.pending)
		l.pending = map[string]bool{}
		done = make(chan error, 1)
		batch := building
		go func() { done <- l.opts.Build(batch) }()
	}
	fire := func() {
		quiet.Stop()
		longest.Stop()
		waiting = false
		switch {
		case done != nil:
			due = true
		case l.locked:
			held = true
		default:
			startBuild()
		}
	}
	// unlocked starts the batch held for the lock: the changes git made
	// last are still in the event queue, so it waits the debounce time.
	unlocked := func() {
		stale.Stop()
		if held {
			held = false
			arm()
		}
	}
	for {
		select {
		case <-ctx.Done():
			if done != nil {
				<-done
			}
			return nil
		case ev, ok := <-l.fw.Events:
			if !ok {
				return nil
			}
			if l.lock != "" && filepath.Clean(ev.Name) == l.lock {
				switch {
				case ev.Has(fsnotify.Create):
					l.locked = true
					stale.Reset(l.opts.GitWait)
				case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
					l.locked = false
					unlocked()
				}
				continue
			}
			if !l.event(ev) {
				continue
			}
			arm()
		case err, ok := <-l.fw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: rescan the folders and rebuild.
				for _, f := range siteFolders() {
					l.addTree(filepath.Join(l.src, f))
				}
				if l.locked && !l.lockExists() {
					l.locked = false
					unlocked()
				}
				l.pending["*"] = true
				arm()
			}
			l.report(Result{Err: fmt.Errorf("watch: %w", err)})
		case <-quiet.C:
			fire()
		case <-longest.C:
			fire()
		case <-stale.C:
			l.locked = false
			if held {
				held = false
				fire()
			}
		case err := <-done:
			done = nil
			l.report(Result{Changed: building, Err: err})
			if due && len(l.pending) > 0 {
				due = false
				fire()
			}
		}
	}
}

func (l *loop) report(r Result) {
	if l.opts.Report != nil {
		l.opts.Report(r)
	}
}

// event updates the watched folders for ev and records it; it reports
// whether ev is a change a build must see.
func (l *loop) event(ev fsnotify.Event) bool {
	name := filepath.Clean(ev.Name)
	rel, ok := l.relevant(name)
	if !ok {
		return false
	}
	if ev.Op == fsnotify.Chmod {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(name); err == nil && st.IsDir() {
			// Files made in the new folder before it was watched raise no
			// event of their own; the build reads the whole tree anyway.
			l.addTree(name)
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		l.forget(name)
	}
	if output.EditorFile(filepath.Base(name)) {
		return false
	}
	if ext := path.Ext(rel); strings.HasPrefix(rel, "content/") && ext != "" && ext != ".md" && ext != ".toml" {
		// Content is Markdown and TOML: a "x.md.tmp" written before a
		// rename into place is a safe save in progress, not a change, and
		// a build for it would come before the rename (after an fsync).
		return false
	}
	l.pending[rel] = true
	return true
}

// relevant reports whether name lies in a watched site folder and not in
// the output folder, and returns its path relative to the source.
func (l *loop) relevant(name string) (string, bool) {
	rel, err := filepath.Rel(l.src, name)
	if err != nil || rel == "." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || rel == ".." {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	known := false
	for _, f := range siteFolders() {
		known = known || top == f
	}
	if !known {
		return "", false
	}
	if l.dest != "" {
		if abs, err := filepath.Abs(name); err == nil && (abs == l.dest || strings.HasPrefix(abs, l.dest+string(filepath.Separator))) {
			return "", false
		}
	}
	return rel, true
}

// addTree watches dir and every folder under it. A folder that vanishes
// meanwhile is skipped: its removal raises its own event.
func (l *loop) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if _, ok := l.relevant(p); !ok {
			return filepath.SkipDir
		}
		_ = l.add(p)
		return nil
	})
}

func (l *loop) add(dir string) error {
	if l.watched[dir] {
		return nil
	}
	if err := l.fw.Add(dir); err != nil {
		return err
	}
	l.watched[dir] = true
	return nil
}

// forget drops the watches of name and everything under it: a removed
// or renamed folder must be watched again by its new name when it comes
// back.
func (l *loop) forget(name string) {
	prefix := name + string(filepath.Separator)
	for dir := range l.watched {
		if dir == name || strings.HasPrefix(dir, prefix) {
			_ = l.fw.Remove(dir)
			delete(l.watched, dir)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
