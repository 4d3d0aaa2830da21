package watch_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
)

// readingPause is how long BenchmarkSaveToPage waits after a page shows
// an edit before the next save, as a person reads what they published.
const readingPause = time.Second

// BenchmarkSaveToPage measures save → page as a person sees it under
// statuspress watch itself, built from this tree: its own memory limit,
// collections and cache (in the test's cache folder, see TestMain and
// sitetest.TempCache), a pause after each page
// is written (readingPause), then the next save, on the benchmarks'
// corpus (see sitetest.Corpus). BenchmarkEditToOutput saves again as
// soon as the page is written, in this process under the runtime's
// default collector. It reports the median and slowest save → page,
// and the watch's resident size: its peak in the first build, once it is
// watching, and its peak over the edits.
//
//	STATUSPRESS_BENCH_SITE=/tmp/scale_c100k TMPDIR=/dev/shm go test -run '^$' -bench SaveToPage -benchtime 20x -timeout 30m ./generator/watch
func BenchmarkSaveToPage(b *testing.B) {
	src := sitetest.Corpus(b)
	old, active := sitetest.Edits(b, src)
	bin, err := binary.Path()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("old", func(b *testing.B) { benchmarkSave(b, bin, src, old) })
	b.Run("active", func(b *testing.B) { benchmarkSave(b, bin, src, active) })
}

func benchmarkSave(b *testing.B, bin, src, name string) {
	dest := filepath.Join(b.TempDir(), "public")
	rel := "content/incidents/" + name
	file := filepath.Join(src, filepath.FromSlash(rel))
	page := filepath.Join(dest, "incidents", strings.TrimSuffix(name, ".md"), "index.html")
	original, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(file, original, 0o644)
	cmd := exec.Command(bin, "watch", "-source", src, "-dest", dest, "-now", sitetest.BenchNow().Format(time.RFC3339))
	cmd.Stderr = nil // the warnings of a large site
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	watching := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "watching ") {
				watching <- true
			}
		}
		close(watching)
	}()
	if !<-watching {
		b.Fatal("statuspress watch ended before its first build")
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	firstPeak, afterFirst := procMB(pid, "VmHWM"), procMB(pid, "VmRSS")
	// From here on, the peak is that of the watch after its first build.
	if err := os.WriteFile("/proc/"+pid+"/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset the peak resident size: %v", err)
	}

	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		time.Sleep(readingPause)
		marker := fmt.Sprintf("Edit number %d.", i)
		edited := append(bytes.Clone(original), "\n"+marker+"\n"...)
		b.StartTimer()
		start := time.Now()
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			if got, err := os.ReadFile(page); err == nil && bytes.Contains(got, []byte(marker)) {
				break
			}
			if time.Since(start) > time.Minute {
				b.Fatalf("%s does not show the edit after a minute", page)
			}
			time.Sleep(time.Millisecond)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms-max")
	b.ReportMetric(firstPeak, "MB-peak-rss-first-build")
	b.ReportMetric(afterFirst, "MB-rss-after-first")
	b.ReportMetric(procMB(pid, "VmHWM"), "MB-peak-rss-edits")
}
