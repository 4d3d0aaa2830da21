package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// heapHeadroom is how far the process may grow beyond the most the heap
// has held live (the site's parsed files, model and the pages under way)
// before the garbage collector runs: 1.5 times it, where the runtime's
// default (GOGC=100) lets the heap double every cycle, whatever the site.
// The limit counts all the runtime's memory, so the heap itself gets a
// little less. A multiple, not a fixed amount above the live heap: the
// collector's work is the live heap times the number of collections, so
// a fixed headroom costs more the larger the site. Measured side by side
// on cold builds of 100,000 incidents (about 175 MB live at the peak):
// 1.75 peaks at 320–330 MB resident; 1.6 at 284–302 MB, for a quarter
// more marking (5.2 GB of live heap marked in all against 4.1, about
// 7 % more CPU); 1.5 at 278–283 MB, for about 3 % more CPU than 1.6,
// the margin under 300 MB that 1.6 did not always keep. Fixed headrooms
// of 64 to 128 MiB cost 25–65 % more CPU on the same site when it held
// 285 MB live. Under the 256 MiB floor (10,000 incidents) nothing
// changes.
const heapHeadroom = 1.5

// minMemoryLimit is the least limit set: a site that needs less than
// that (10,000 incidents peak at about 120 MB) collects as the runtime
// would by default, as fast as it can; the limit would cost it a third
// more CPU there for memory no one misses.
const minMemoryLimit = 256 << 20

// minCachedLimit is the least limit of a build that takes its work from
// the on-disk cache (see generator.Cached). Such a build parses nothing
// and makes few outputs: it allocates little more than it keeps (100,000
// cached incidents: about 365 MB allocated for 170 MB live, where a cold
// build allocates gigabytes), so heapHeadroom times its live heap costs
// it few collections, and the 256 MiB floor only let it grow past that
// (to 290 MB resident, 268 MB with this floor, for the same CPU time). A
// floor of 128 MiB cost it two more collections while its heap fills
// (some 0.3 s of CPU time, 5-10 %). A small site's cached build keeps so
// little that the runtime's default collects before either floor.
const minCachedLimit = 192 << 20

// memoryLimit is the soft memory limit of a build or watch (see
// limitMemory).
type memoryLimit struct {
	stopped atomic.Bool
	peak    atomic.Uint64 // the largest live heap measured, in bytes
	floor   atomic.Int64  // the least limit set
}

// limitMemory sets a soft memory limit for a build or watch and keeps it
// at heapHeadroom times the largest live heap measured after a garbage
// collection. It follows the live heap up, never under what the site
// needs, so the collector does not run without end. Stop removes it.
// GOMEMLIMIT or GOGC set in the environment replace it: they are left as
// they are, and the limit is nil.
func limitMemory() *memoryLimit {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return nil
	}
	l := &memoryLimit{}
	l.floor.Store(minMemoryLimit)
	// Each garbage collection runs the finalizer of a sentinel made
	// after the last one.
	type sentinel struct{ _ *int }
	var arm func()
	arm = func() {
		runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
			if l.stopped.Load() {
				return
			}
			if live := liveHeap(); live > l.peak.Load() {
				l.set(live)
			}
			arm()
		})
	}
	arm()
	return l
}

// Cached lowers the least limit to minCachedLimit, for a build that
// takes its work from the cache. A nil limit does nothing.
func (l *memoryLimit) Cached() {
	if l != nil {
		l.floor.Store(minCachedLimit)
	}
}

// Rebase makes the live heap now the largest measured: a watch calls it
// after its first build, whose pages under way it no longer holds, so
// that its edits get the limit of what it keeps between builds. A nil
// limit does nothing.
func (l *memoryLimit) Rebase() {
	if l != nil && !l.stopped.Load() {
		l.set(liveHeap())
	}
}

// Stop removes the limit. A nil limit does nothing.
func (l *memoryLimit) Stop() {
	if l != nil {
		l.stopped.Store(true)
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

func (l *memoryLimit) set(live uint64) {
	l.peak.Store(live)
	debug.SetMemoryLimit(max(l.floor.Load(), int64(float64(live)*heapHeadroom)))
}

// liveHeap returns the bytes the heap held live at the end of the last
// garbage collection.
func liveHeap() uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return sample[0].Value.Uint64()
}

// idleCollect is how long a watch or serve waits after a build, with no
// other begun, before it collects the garbage its builds left. A large
// site's edit leaves tens of megabytes, and its heap (200 MB live at
// 100,000 incidents) is collected when the limit is near: left to the
// runtime, the collection comes in the middle of some later save, which
// it slows by half or more, where done while the person reads the page
// it costs no one a wait. A save seldom follows the page it made by less
// than this; the saves of a burst (a checkout, an editor's write and
// rename) are one build anyway.
const idleCollect = 250 * time.Millisecond

// idleCollector runs a garbage collection once builds pause for
// idleCollect. The zero value is ready.
type idleCollector struct {
	// before, when not nil, runs before each collection: a watch writes
	// its cache then.
	before func()
	mu     sync.Mutex
	timer  *time.Timer
	done   bool
}

// idle is what the collector does once builds pause.
func (c *idleCollector) idle() {
	if c.before != nil {
		c.before()
	}
	runtime.GC()
}

// building cancels the collection due: a build begins, which would share
// the processor with it.
func (c *idleCollector) building() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
	}
}

// built schedules a collection idleCollect from now, in place of any
// scheduled before.
func (c *idleCollector) built() {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.done:
	case c.timer == nil:
		c.timer = time.AfterFunc(idleCollect, c.idle)
	default:
		c.timer.Reset(idleCollect)
	}
}

// stop cancels the collection due and any later one.
func (c *idleCollector) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done = true
	if c.timer != nil {
		c.timer.Stop()
	}
}
