package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
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
