package sitetest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
