package sitetest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The benchmarks that need a large site all take it from one place,
// so that one command names the same site for each of them:
//
//   - STATUSPRESS_BENCH_SITE names a site folder (one with content/,
//     such as one written by ../shared/bench/gencorpus.py) to copy;
//   - otherwise gencorpus.py writes one of BENCH_INCIDENTS incidents
//     (10,000 when unset); GENCORPUS names the script when it is not
//     beside the repository, at ../shared/bench/gencorpus.py.
//
// For example, every large-site benchmark at 100,000 incidents:
//
//	python3 ../shared/bench/gencorpus.py --n 100000 --format statuspress --out /tmp/c100k
//	STATUSPRESS_BENCH_SITE=/tmp/c100k TMPDIR=/dev/shm go test -run '^$' -bench . -timeout 60m ./generator/...

// Corpus returns a fresh copy of the benchmark site, in tb's temporary
// folder, for a benchmark to edit.
func Corpus(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "site")
	if from := os.Getenv("STATUSPRESS_BENCH_SITE"); from != "" {
		must(tb, os.MkdirAll(dir, 0o755))
		if out, err := exec.Command("cp", "-r", filepath.Join(from, "content"), dir).CombinedOutput(); err != nil {
			tb.Fatalf("copying STATUSPRESS_BENCH_SITE=%s: %v\n%s", from, err, out)
		}
		return dir
	}
	n := os.Getenv("BENCH_INCIDENTS")
	if n == "" {
		n = "10000"
	}
	gen := os.Getenv("GENCORPUS")
	if gen == "" {
		_, here, _, _ := runtime.Caller(0) // generator/internal/sitetest/corpus.go
		gen = filepath.Join(filepath.Dir(here), "..", "..", "..", "..", "shared", "bench", "gencorpus.py")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		tb.Fatal("python3 is needed to run gencorpus.py (or set STATUSPRESS_BENCH_SITE to a site folder)")
	}
	if out, err := exec.Command("python3", gen, "--n", n, "--format", "statuspress", "--out", dir).CombinedOutput(); err != nil {
		tb.Fatalf("gencorpus.py (%s; set GENCORPUS to its path, or STATUSPRESS_BENCH_SITE to a site folder): %v\n%s", gen, err, out)
	}
	return dir
}

// Edits names two incident files of a benchmark site to edit: old, one
// from the middle of the list by name (so, by date), shown on its own
// page, a history page and component pages; and active, the newest
// without a resolved time, shown also on the home page and in every feed
// and API file that lists what is happening now.
func Edits(tb testing.TB, site string) (old, active string) {
	tb.Helper()
	dir := filepath.Join(site, "content", "incidents")
	entries, err := os.ReadDir(dir)
	must(tb, err)
	if len(entries) == 0 {
		tb.Fatalf("%s holds no incidents", dir)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		must(tb, err)
		if !bytes.Contains(data, []byte("\nresolved = ")) {
			active = e.Name() // names start with the date: the last is the newest
		}
	}
	if active == "" {
		tb.Fatalf("%s has no open incident", dir)
	}
	return entries[len(entries)/2].Name(), active
}

// BenchNow is the clock the large-site benchmarks build at: gencorpus.py
// writes its open incidents just before it.
func BenchNow() time.Time { return time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC) }

// TempCache points the user's cache folder of this test process, and of
// every statuspress it starts, at a new temporary folder (on Linux
// XDG_CACHE_HOME names it; elsewhere the commands take STATUSPRESS_NO_CACHE),
// so that tests never write into the cache of the person running them.
// The returned func removes the folder and restores the environment;
// TestMain calls it after m.Run.
func TempCache() (restore func()) {
	dir, err := os.MkdirTemp("", "statuspress-test-cache-")
	if err != nil {
		os.Setenv("STATUSPRESS_NO_CACHE", "1")
		return func() { os.Unsetenv("STATUSPRESS_NO_CACHE") }
	}
	// Go's own build cache lies in the same folder unless GOCACHE says
	// otherwise: the go commands the tests run keep theirs.
	oldGo, hadGo := os.LookupEnv("GOCACHE")
	if !hadGo {
		if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	old, had := os.LookupEnv("XDG_CACHE_HOME")
	os.Setenv("XDG_CACHE_HOME", dir)
	oldOff, hadOff := os.LookupEnv("STATUSPRESS_NO_CACHE")
	if runtime.GOOS != "linux" {
		os.Setenv("STATUSPRESS_NO_CACHE", "1")
	}
	return func() {
		os.RemoveAll(dir)
		restoreEnv("XDG_CACHE_HOME", old, had)
		restoreEnv("STATUSPRESS_NO_CACHE", oldOff, hadOff)
		restoreEnv("GOCACHE", oldGo, hadGo)
	}
}

func restoreEnv(key, value string, had bool) {
	if had {
		os.Setenv(key, value)
	} else {
		os.Unsetenv(key)
	}
}
