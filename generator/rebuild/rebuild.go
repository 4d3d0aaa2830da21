// Package rebuild is the one rule for what a build remakes. Renderers
// (pages, feeds, the JSON API) do not write files or keep caches: they
// declare each file they would make as an Output, with what its bytes
// depend on (Deps) and how to make them. An Engine runs the declarations
// of a whole build: it makes the files whose dependencies changed since
// the last run under the same epoch (a fingerprint of everything
// site-wide: settings, theme, clock, options) and hands each to a Sink as
// it is made (the output folder's staging, or memory), then drops its
// bytes. Of every file it keeps only a small record (dependencies, a hash
// and the size of its bytes), so that a site of 100,000 pages costs a few
// megabytes between runs, not the pages themselves.
//
// Parts extends the same rule to the pieces of pages that show one
// incident (a card, a row), which a page of many incidents reuses.
package rebuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/status"
)

// Deps is what an output's bytes depend on besides the epoch: the
// incidents it shows, as stamps (see status.Stamp), and any other value
// it prints, as a string. The engine keeps an output's Deps until the
// next run, where Deps that are the same (the same array of stamps, or
// equal ones) cost no hashing: Stamps must not be changed once declared.
type Deps struct {
	Extra  string
	Stamps []status.Stamp
}

// sum is the hash of d the engine keeps and compares: a few bytes per
// output, whatever it shows, and the same in the next process.
func (d Deps) sum() Sum {
	h := sha256.New()
	var buf [24 * 86]byte
	b := binary.AppendUvarint(buf[:0], uint64(len(d.Extra)))
	h.Write(b)
	h.Write([]byte(d.Extra))
	b = buf[:0]
	for _, s := range d.Stamps {
		if len(b)+24 > len(buf) {
			h.Write(b)
			b = buf[:0]
		}
		b = s.Bytes(b)
	}
	h.Write(b)
	var out Sum
	h.Sum(out[:0])
	return out
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
	// Make writes the bytes into w, an empty buffer of the engine's that
	// it hands to the Sink and then reuses for another output: a site of
	// 100,000 pages is not 100,000 allocations of a page. The engine
	// calls it only when the file is not taken from the last run,
	// perhaps side by side with other outputs' Make, never twice in one
	// run. Bytes says it with bytes made otherwise.
	Make func(w *bytes.Buffer) error
	// rec is the engine's record of the file, noted by the engine in the
	// declaration it was given: a renderer that declares the same Output
	// value again (see render.Kept) saves the engine a look-up by name.
	rec *file
}

// Bytes is a Make for bytes that make returns (a file of the theme, a
// document marshalled whole).
func Bytes(make func() ([]byte, error)) func(w *bytes.Buffer) error {
	return func(w *bytes.Buffer) error {
		data, err := make()
		w.Write(data)
		return err
	}
}

// Fixed is a Make for bytes known when the output is declared.
func Fixed(data []byte) func(w *bytes.Buffer) error {
	return func(w *bytes.Buffer) error {
		w.Write(data)
		return nil
	}
}

// Stage is the outputs of one renderer over one view of the model. Prefix,
// when not "", is put before every name ("en/"), so that the same
// renderers run once per language or output folder.
type Stage struct {
	Prefix  string
	Outputs []Output
}

// Sum is the SHA-256 of a file's bytes.
type Sum = [sha256.Size]byte

// unknown is the Sum of a record whose bytes were not hashed (see
// file.sum): no bytes have it.
var unknown Sum

// Sink takes the files of a run. It holds the files of the runs before
// (an output folder, a site in memory): the engine hands it only the
// files whose bytes are new, and asks it about the others. A Sink is
// called from several goroutines at once.
type Sink interface {
	// Has reports whether the sink holds name with bytes of this hash
	// and size: the engine asks before it takes a file from its last run
	// (a sink that answers false has it made again) and before it hands
	// over bytes equal to those of its last run. The sum of bytes the
	// engine did not hash is zero, which a sink that checks hashes holds
	// for no file.
	Has(name string, sum Sum, size int64) bool
	// Put takes the bytes of name for this run. data is the engine's
	// buffer, which it reuses once Put returns: a sink that keeps the
	// bytes keeps a copy.
	Put(name string, data []byte) error
}

// Engine keeps a record of every file of its last run for the next. The
// zero value is ready; an Engine is not safe for concurrent use. A nil
// *Engine keeps nothing: every output is made on every run.
type Engine struct {
	epoch string
	gen   uint32
	files map[string]*file
	names []string // of files, sorted
	parts partStore
	// free holds the buffers of the last run for the next, one per core
	// at most: an edit that remakes a file of megabytes (the JSON API of
	// a site's open incidents) would otherwise allocate it again, and
	// the garbage collector runs as often as a build allocates.
	free []*bytes.Buffer
	// check is the list of a run's outputs taken from the last run, kept
	// for the next: after an edit it holds nearly every output of the
	// site, a few megabytes that a watch would otherwise allocate anew
	// on every save.
	check []checked
	// Verify makes every output even when its dependencies are equal and
	// fails the run when the bytes differ from those of the last run: a
	// declaration that misses a dependency shows up at once, by name
	// (tests).
	Verify bool
	// Reused counts the outputs of the last run taken from the run
	// before; Made names those it made anew, sorted (when it made every
	// output, it is the slice Names returns: neither may be changed).
	Reused int
	Made   []string
}

// file is the record of one output: what its bytes depend on, their hash
// and size. A site has one per file, so it is kept small (128 bytes).
type file struct {
	deps Sum // of its Deps
	// sum is the hash of the bytes, unknown (zero) for those a run made
	// in place of bytes of another size: only a sink that reads its
	// files back needs it, which then finds that it does not hold them,
	// and the next run that makes bytes of the same size as these finds
	// them new, and hands them over again.
	sum  Sum
	size int64
	name string
	// extra and stamps are the Deps of the last run that declared it,
	// when known (not loaded), as the data and length of each: equal Deps
	// are not hashed again (see dep).
	extra           *byte
	stamps          *status.Stamp
	nextra, nstamps uint32
	gen             uint32 // the run that last declared it
	known           bool
	// of is the engine whose files hold this record, nil once dropped.
	of *Engine
}

// dep returns the Deps of the last run that declared f, when known.
func (f *file) dep() Deps {
	return Deps{Extra: unsafe.String(f.extra, f.nextra), Stamps: unsafe.Slice(f.stamps, f.nstamps)}
}

// setDep notes d as the Deps of f's last run.
func (f *file) setDep(d Deps) {
	f.extra, f.nextra = unsafe.StringData(d.Extra), uint32(len(d.Extra))
	f.stamps, f.nstamps = unsafe.SliceData(d.Stamps), uint32(len(d.Stamps))
	f.known = true
}

// sameDep reports whether d is the Deps of f's last run, the same values
// (not only equal ones).
func (f *file) sameDep(d Deps) bool {
	return f.known && uint32(len(d.Extra)) == f.nextra && unsafe.StringData(d.Extra) == f.extra &&
		uint32(len(d.Stamps)) == f.nstamps && unsafe.SliceData(d.Stamps) == f.stamps
}

// depsSum returns the hash of d, that of the record's last Deps when d
// equals them.
func (f *file) depsSum(d Deps) Sum {
	if f.known {
		if last := f.dep(); d.Extra == last.Extra && sameStamps(d.Stamps, last.Stamps) {
			return f.deps
		}
	}
	return d.sum()
}

// sameStamps reports whether a and b hold the same stamps, at once when
// they are the same array.
func sameStamps(a, b []status.Stamp) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return slices.Equal(a, b)
}

// drop empties files, whose records the declarations of callers may
// still point to.
func drop(files map[string]*file) {
	for _, f := range files {
		f.of = nil
	}
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
		var w bytes.Buffer
		if err := o.Make(&w); err != nil {
			return err
		}
		set.Add(o.Name, w.Bytes())
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

// Names returns the paths of every file of the last run that succeeded,
// sorted. The slice is the engine's: a run that adds or removes a path
// makes a new one, so a caller may keep an old one, but not change it.
func (e *Engine) Names() []string { return e.names }

// task is one output of a run that the engine must make or ask the sink
// about. It is small: on a cold build there is one per file of the site.
type task struct {
	// f is the record of the last run, or a new one (fresh) made for this
	// run, filled in as the output is made and kept once the run is good.
	f          *file
	stage, idx int32 // where the output was declared
	fresh      bool
	made       bool    // made (not taken from the last run)
	up         *update // for a record of the last run: what this run found
}

// checked is an output of a run that the engine takes from the last run
// once the sink says it holds it.
type checked struct {
	stage, out int32
	f          *file
}

// update is what a run found of an output with a record of the last
// run, set in the record once the run is good.
type update struct {
	deps, sum Sum
	size      int64
}

// Run makes the site of stages under epoch into sink. Names must be
// unique across all stages. When ctx is done, or an output fails, it
// stops and returns the error; the records of the last run are then kept
// as they were, and what the sink was given in this run is to be
// discarded.
//
// A run costs a look-up per output plus the work of the outputs it makes:
// after one edit to a site of 100,000 incidents it makes a handful.
func (e *Engine) Run(ctx context.Context, epoch string, sink Sink, stages ...Stage) error {
	note := e != nil // whether records are noted in the declarations
	if e == nil {
		e = &Engine{} // keeps this run's files only, to find duplicates
	}
	// Under a new epoch no record of the last run stands; they are
	// dropped only once this run is good, and stay the engine's until
	// then: a run that fails leaves the engine as it was.
	files, names := e.files, e.names
	renewed := epoch != e.epoch || e.files == nil
	if renewed {
		files, names = map[string]*file{}, nil
	}
	e.gen++
	e.parts.begin(epoch, len(files))
	n := 0
	for _, st := range stages {
		n += len(st.Outputs)
	}
	// todo lists the outputs to make; check those to take from the last
	// run once the sink says it holds them (kept small: after an edit it
	// holds nearly every output of the site).
	var todo []task
	check := e.check[:0]
	if len(files) > 0 && cap(check) < min(n, len(files)) {
		check = make([]checked, 0, min(n, len(files)))
	}
	defer func() {
		clear(check) // of records, which a later run may drop
		e.check = check[:0]
	}()
	// The records of the outputs new to this run, in blocks: a cold build
	// has one per file of the site.
	var block []file
	record := func(name string) *file {
		if len(block) == cap(block) {
			block = make([]file, 0, max(n-len(files), 16))
		}
		block = append(block, file{name: name})
		return &block[len(block)-1]
	}
	for si, st := range stages {
		for oi := range st.Outputs {
			o := &st.Outputs[oi]
			name := o.Name
			if st.Prefix != "" {
				name = st.Prefix + name
			}
			f := o.rec
			if renewed || f == nil || f.of != e || f.name != name {
				f = files[name]
				if note && f != nil {
					o.rec = f
				}
			}
			if f == nil {
				todo = append(todo, task{f: record(name), stage: int32(si), idx: int32(oi), fresh: true})
				continue
			}
			if f.gen == e.gen {
				return fmt.Errorf("two outputs want the path %s", name)
			}
			f.gen = e.gen
			d := f.depsSum(o.Deps)
			if !o.Volatile && !e.Verify && f.deps == d {
				if !f.sameDep(o.Deps) { // stored only when new: a store costs the collector
					f.setDep(o.Deps) // equal to those of its hash
				}
				check = append(check, checked{int32(si), int32(oi), f})
			} else {
				todo = append(todo, task{f: f, stage: int32(si), idx: int32(oi), up: &update{deps: d}})
			}
		}
	}
	if len(check) > 0 {
		// Asked in batches: a sink that trusts its folder answers at once,
		// one that reads files back needs every core.
		const batch = 512
		var mu sync.Mutex
		if err := parallel(ctx, (len(check)+batch-1)/batch, func(k int) error {
			var missing []task
			for _, r := range check[k*batch : min((k+1)*batch, len(check))] {
				if !sink.Has(r.f.name, r.f.sum, r.f.size) {
					missing = append(missing, task{f: r.f, stage: r.stage, idx: r.out, up: &update{deps: r.f.deps}})
				}
			}
			mu.Lock()
			todo = append(todo, missing...)
			mu.Unlock()
			return nil
		}); err != nil {
			return err
		}
	}
	// Made in name order, so that the first error is always the same.
	slices.SortFunc(todo, func(a, b task) int { return strings.Compare(a.f.name, b.f.name) })
	for k := 1; k < len(todo); k++ {
		if todo[k].fresh && todo[k-1].fresh && todo[k].f.name == todo[k-1].f.name {
			return fmt.Errorf("two outputs want the path %s", todo[k].f.name)
		}
	}
	var freeMu sync.Mutex // e.free, shared by the workers
	if err := parallel(ctx, len(todo), func(k int) error {
		t := &todo[k]
		o := &stages[t.stage].Outputs[t.idx]
		name := t.f.name
		freeMu.Lock()
		w := new(bytes.Buffer)
		if n := len(e.free); n > 0 {
			w, e.free = e.free[n-1], e.free[:n-1]
		}
		freeMu.Unlock()
		defer func() {
			freeMu.Lock()
			e.free = append(e.free, w)
			freeMu.Unlock()
		}()
		w.Reset()
		if err := o.Make(w); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		data := w.Bytes()
		size := int64(len(data))
		if t.fresh {
			t.f.deps, t.f.sum, t.f.size = o.Deps.sum(), sha256.Sum256(data), size
			t.made = true
			return sink.Put(name, data)
		}
		f := t.f
		// Bytes of another size are new: they are not hashed (see
		// file.sum), and a watch's save that remakes the JSON API of a
		// thousand open incidents saves hashing 9 MB.
		var sum Sum
		if size == f.size || e.Verify {
			sum = sha256.Sum256(data)
		}
		t.up.sum, t.up.size = sum, size
		same := f.sum == sum && f.size == size && sum != unknown
		if e.Verify && !o.Volatile && f.deps == t.up.deps && f.sum != unknown {
			if !same {
				return &StaleError{Name: name}
			}
		} else {
			t.made = true
		}
		if same && sink.Has(name, sum, size) {
			return nil
		}
		return sink.Put(name, data)
	}); err != nil {
		return err
	}
	// The run is good: only now do the records change.
	if renewed {
		drop(e.files)
		e.files, e.epoch = files, epoch
	}
	reused := n
	var made, added []string
	for k := range todo {
		t := &todo[k]
		o := &stages[t.stage].Outputs[t.idx]
		f := t.f
		if t.made {
			reused--
			made = append(made, f.name)
		}
		if t.fresh {
			f.gen, f.of = e.gen, e
			f.setDep(o.Deps)
			files[f.name] = f
			added = append(added, f.name)
			if note {
				o.rec = f
			}
		} else {
			f.deps, f.sum, f.size = t.up.deps, t.up.sum, t.up.size
			f.setDep(o.Deps)
		}
	}
	var removed []string
	if len(files) > n {
		for name, f := range files {
			if f.gen != e.gen {
				f.of = nil
				delete(files, name)
				removed = append(removed, name)
			}
		}
	}
	switch {
	case len(names) == 0 && len(removed) == 0:
		names = added // a first run: every name is new (and sorted)
	case len(added) > 0 || len(removed) > 0:
		names = renamed(names, added, removed)
	}
	e.names = names
	if len(made) == len(e.names) {
		made = e.names // every output made: the same names, in one slice
	}
	e.Reused, e.Made = reused, made
	return nil
}

// renamed returns the sorted paths of names without removed and with
// added (sorted), in a new slice.
func renamed(names, added, removed []string) []string {
	gone := make(map[string]bool, len(removed))
	for _, r := range removed {
		gone[r] = true
	}
	out := make([]string, 0, len(names)+len(added)-len(removed))
	i := 0
	for _, name := range names {
		if gone[name] {
			continue
		}
		for ; i < len(added) && added[i] < name; i++ {
			out = append(out, added[i])
		}
		out = append(out, name)
	}
	return append(out, added[i:]...)
}

// parallel calls do for 0..n-1 on every core and returns the first error
// by index (a broken template fails thousands of pages alike), or ctx's.
// Once one fails no more are started: the run fails anyway.
func parallel(ctx context.Context, n int, do func(int) error) error {
	var mu sync.Mutex
	first, firstErr := n, error(nil) // the failure of the least index
	next := make(chan int)
	failed := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for k := range next {
				if err := do(k); err != nil {
					mu.Lock()
					if k < first {
						first, firstErr = k, err
					}
					mu.Unlock()
					once.Do(func() { close(failed) })
				}
			}
		})
	}
feed:
	for k := range n {
		select {
		case next <- k:
		case <-ctx.Done():
			break feed
		case <-failed:
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return firstErr
}
