// Package rebuild is the one rule for what a build remakes. Renderers
// (pages, feeds, the JSON API) do not write files or keep caches: they
// declare each file they would make as an Output, with what its bytes
// depend on (Deps) and how to make them. An Engine runs the declarations
// of a whole build: it makes the files whose dependencies changed since
// the last run under the same epoch (a fingerprint of everything
// site-wide: settings, theme, clock, options), takes the others from the
// last run, and returns them all in one set, made side by side but merged
// in name order, so the result never depends on scheduling.
//
// Parts extends the same rule to the pieces of pages that show one
// incident (a card, a row), which a page of many incidents reuses.
package rebuild

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/status"
)

// Deps is what an output's bytes depend on besides the epoch: the
// incidents it shows, as stamps (see status.Stamp), and any other value
// it prints, as a string.
type Deps struct {
	Extra  string
	Stamps []status.Stamp
}

func (d Deps) equal(o Deps) bool {
	return d.Extra == o.Extra && slices.Equal(d.Stamps, o.Stamps)
}

// Output is one file a renderer declares.
type Output struct {
	// Name is the file's slash path in the output folder.
	Name string
	// Deps is what Make's bytes depend on besides the epoch. Two runs
	// under the same epoch with equal Deps must make the same bytes.
	Deps Deps
	// Volatile outputs are made on every run: what they show is not
	// known (a site's own templates may print anything).
	Volatile bool
	// Make makes the bytes. The engine calls it only when the file is
	// not taken from the last run, perhaps side by side with other
	// outputs' Make, never twice in one run.
	Make func() ([]byte, error)
}

// Stage is the outputs of one renderer over one view of the model. Prefix,
// when not "", is put before every name ("en/"), so that the same
// renderers run once per language or output folder.
type Stage struct {
	Prefix  string
	Outputs []Output
}

// Engine keeps the files of its last run for the next. The zero value is
// ready; an Engine is not safe for concurrent use. A nil *Engine keeps
// nothing: every output is made on every run.
type Engine struct {
	epoch string
	gen   uint64
	files map[string]*file
	parts partStore
	// Verify makes every output even when its dependencies are equal and
	// fails the run when the bytes differ from those kept: a declaration
	// that misses a dependency shows up at once, by name (tests).
	Verify bool
	// Reused counts the outputs of the last run taken from the run
	// before; Made names those it made anew, sorted.
	Reused int
	Made   []string
}

type file struct {
	deps Deps
	data []byte
	gen  uint64 // the run that last declared it
}

// StaleError is a run under Verify that found an output whose
// dependencies were equal but whose bytes were not.
type StaleError struct{ Name string }

func (e *StaleError) Error() string {
	return "rebuild: " + e.Name + " changed though its declared dependencies did not (a dependency is missing)"
}

// MakeAll makes every one of outs into set, one after another and
// outside any engine, for callers that want a stage's files once.
func MakeAll(set output.Set, outs []Output) error {
	for _, o := range outs {
		data, err := o.Make()
		if err != nil {
			return err
		}
		set.Add(o.Name, data)
	}
	return nil
}

// Parts returns the engine's store of pieces for one view of the model:
// scope tells apart the pieces of the same incident in two views (a
// language's prefix, "en/"). It is nil for a nil Engine.
func (e *Engine) Parts(scope string) *Parts {
	if e == nil {
		return nil
	}
	return &Parts{store: &e.parts, scope: scope}
}

// Run makes the site of stages under epoch. Names must be unique across
// all stages. When ctx is done it stops and returns ctx's error; the
// files of the last run are then kept as they were.
//
// A run costs a look-up per output plus the work of the outputs it makes:
// after one edit to a site of 100,000 incidents it makes a handful.
func (e *Engine) Run(ctx context.Context, epoch string, stages ...Stage) (output.Set, error) {
	if e == nil {
		e = &Engine{} // keeps this run's files only, to find duplicates
	}
	if epoch != e.epoch || e.files == nil {
		e.files = map[string]*file{}
		e.epoch = epoch
	}
	e.gen++
	e.parts.begin(epoch, len(e.files))
	n := 0
	for _, st := range stages {
		n += len(st.Outputs)
	}
	set := make(output.Set, n)
	// todo lists the outputs to make; the others are taken as they were.
	var todo []Output
	for _, st := range stages {
		for _, o := range st.Outputs {
			o.Name = st.Prefix + o.Name
			f := e.files[o.Name]
			if _, dup := set[o.Name]; dup || (f != nil && f.gen == e.gen) {
				return nil, fmt.Errorf("two outputs want the path %s", o.Name)
			}
			if f != nil && !o.Volatile && !e.Verify && f.deps.equal(o.Deps) {
				f.gen = e.gen
				set[o.Name] = f.data
				continue
			}
			if f != nil {
				f.gen = e.gen // made again below, or the run fails
			}
			set[o.Name] = nil
			todo = append(todo, o)
		}
	}
	// Made in name order, so that the first error is always the same.
	slices.SortFunc(todo, func(a, b Output) int { return strings.Compare(a.Name, b.Name) })
	made := make([][]byte, len(todo))
	if err := parallel(ctx, len(todo), func(k int) error {
		o := &todo[k]
		data, err := o.Make()
		if err != nil {
			return fmt.Errorf("%s: %w", o.Name, err)
		}
		made[k] = data
		return nil
	}); err != nil {
		// Every kept entry still pairs its deps with its bytes: the next
		// run can use them.
		return nil, err
	}
	reused := n - len(todo)
	var names []string
	for k := range todo {
		o := &todo[k]
		f := e.files[o.Name]
		if f != nil && e.Verify && !o.Volatile && f.deps.equal(o.Deps) {
			if !bytes.Equal(f.data, made[k]) {
				return nil, &StaleError{Name: o.Name}
			}
			reused++
			set[o.Name] = f.data
			continue
		}
		set[o.Name] = made[k]
		names = append(names, o.Name)
		if f == nil {
			e.files[o.Name] = &file{deps: o.Deps, data: made[k], gen: e.gen}
		} else {
			f.deps, f.data = o.Deps, made[k]
		}
	}
	if len(e.files) > len(set) {
		for name, f := range e.files {
			if f.gen != e.gen {
				delete(e.files, name)
			}
		}
	}
	e.Reused, e.Made = reused, names
	return set, nil
}

// parallel calls do for 0..n-1 on every core and returns the first error
// by index (a broken template fails thousands of pages alike), or ctx's.
func parallel(ctx context.Context, n int, do func(int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for k := range next {
				errs[k] = do(k)
			}
		})
	}
feed:
	for k := range n {
		select {
		case next <- k:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Parts keeps the pieces of pages that show one incident (a card, a row)
// across runs: a page lists dozens of incidents, and after an edit only
// one of them differs. A piece depends on its incident alone, so it is
// reused while the epoch is the same and the incident's stamp is equal.
// Parts is safe for concurrent use; a nil *Parts keeps nothing.
type Parts struct {
	store *partStore
	scope string
}

type partStore struct {
	mu    sync.Mutex
	epoch string
	m     map[partKey]string
}

type partKey struct {
	scope, name string
	stamp       status.Stamp
}

// begin starts a run under epoch for a site of n outputs: pieces of
// another epoch are dropped, and so is everything once stale pieces (of
// incidents since edited) outnumber the live ones.
func (p *partStore) begin(epoch string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil || epoch != p.epoch || len(p.m) > 4*n+64 {
		p.m = map[partKey]string{}
		p.epoch = epoch
	}
}

// Get returns the piece name of an incident with stamp s, making it with
// make when it is not kept.
func (p *Parts) Get(name string, s status.Stamp, make func() (string, error)) (string, error) {
	if p == nil {
		return make()
	}
	k := partKey{p.scope, name, s}
	p.store.mu.Lock()
	v, ok := p.store.m[k]
	p.store.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := make()
	if err != nil {
		return "", err
	}
	p.store.mu.Lock()
	p.store.m[k] = v
	p.store.mu.Unlock()
	return v, nil
}
