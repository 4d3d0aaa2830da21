package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// TestLimitMemoryFollowsLiveHeap: once the heap holds 192 MiB live, the
// limit is at least heapHeadroom times that, never under it; once that is freed,
// Rebase lowers it; Stop removes it.
func TestLimitMemoryFollowsLiveHeap(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		t.Skip("GOMEMLIMIT or GOGC set: limitMemory leaves them")
	}
	limit := limitMemory()
	defer limit.Stop()
	live := make([]byte, 192<<20)
	want := int64(float64(len(live)) * heapHeadroom)
	deadline := time.Now().Add(10 * time.Second)
	for got := debug.SetMemoryLimit(-1); (got < want || got == math.MaxInt64) && time.Now().Before(deadline); got = debug.SetMemoryLimit(-1) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // finalizers run after the collection
	}
	if got := debug.SetMemoryLimit(-1); got < want || got == math.MaxInt64 {
		t.Errorf("limit %d MiB with 192 MiB live, want at least %d MiB", got>>20, want>>20)
	}
	runtime.KeepAlive(live)
	live = nil
	runtime.GC()
	limit.Rebase()
	if got := debug.SetMemoryLimit(-1); got >= want {
		t.Errorf("limit %d MiB after Rebase with 192 MiB freed, want under %d MiB", got>>20, want>>20)
	}
	limit.Stop()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit %d after stop, want none", got)
	}
}

// TestLimitMemoryCached: a build from the cache gets the lower floor.
func TestLimitMemoryCached(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		t.Skip("GOMEMLIMIT or GOGC set: limitMemory leaves them")
	}
	limit := limitMemory()
	defer limit.Stop()
	limit.Cached()
	deadline := time.Now().Add(10 * time.Second)
	for got := debug.SetMemoryLimit(-1); got == math.MaxInt64 && time.Now().Before(deadline); got = debug.SetMemoryLimit(-1) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got >= minMemoryLimit || got < minCachedLimit {
		t.Errorf("limit %d MiB of a cached build holding little, want %d MiB", got>>20, minCachedLimit>>20)
	}
}

// forcedCollections counts the garbage collections runtime.GC ran.
func forcedCollections() uint64 {
	sample := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// TestIdleCollector: a build is followed by one collection once builds
// pause for idleCollect, and by none when another build begins first or
// the collector is stopped.
func TestIdleCollector(t *testing.T) {
	var c idleCollector
	before, start := forcedCollections(), time.Now()
	c.built()
	deadline := time.Now().Add(10 * time.Second)
	for forcedCollections() == before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := forcedCollections() - before; got != 1 {
		t.Fatalf("%d collections after a build, want 1", got)
	}
	if waited := time.Since(start); waited < idleCollect {
		t.Errorf("collected %v after the build, before the pause of %v", waited, idleCollect)
	}

	before = forcedCollections()
	c.built()
	c.building()
	time.Sleep(3 * idleCollect)
	if got := forcedCollections() - before; got != 0 {
		t.Errorf("%d collections while a build runs, want none", got)
	}
	c.built()
	c.stop()
	c.built()
	time.Sleep(3 * idleCollect)
	if got := forcedCollections() - before; got != 0 {
		t.Errorf("%d collections after stop, want none", got)
	}
}
