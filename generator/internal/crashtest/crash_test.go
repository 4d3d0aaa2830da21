package crashtest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/output"
)

// incidents is the size of the test site: about 1,400 output files, a
// build of about a second on a CI machine.
const incidents = 1200

// binary builds cmd/statuspress once for all the tests here.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "statuspress-crashtest-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "statuspress")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/statuspress/statuspress/cmd/statuspress").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if bin, err := binary(); err == nil {
		os.RemoveAll(filepath.Dir(bin))
	}
	os.Exit(code)
}

// version is one of the two sites the tests build into one folder in
// turn: B has a later clock than A (every page changes) and lacks some of
// A's incidents (their pages go).
type version struct {
	name, src, now string
	clean          map[string]string // what a clean build makes
}

type fixture struct {
	t     *testing.T
	bin   string
	a, b  *version
	build time.Duration // how long a full build takes
}

// scratch returns a new folder in /dev/shm when there is one (tmpfs: the
// builds are then limited by the CPU, as on a CI machine, not by a shared
// disk), else in the test's temporary folder.
func scratch(t *testing.T) string {
	t.Helper()
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		dir, err := os.MkdirTemp("/dev/shm", "statuspress-crashtest-")
		if err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

func newFixture(t *testing.T) *fixture {
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, bin: bin}
	f.a = &version{name: "A", src: t.TempDir(), now: "2026-11-20T12:00:00+09:00"}
	f.b = &version{name: "B", src: t.TempDir(), now: "2026-11-20T13:30:00+09:00"}
	sitetest.Synthetic(t, f.a.src, incidents)
	sitetest.Synthetic(t, f.b.src, incidents)
	files, err := filepath.Glob(filepath.Join(f.b.src, "content", "incidents", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, file := range files {
		if i%50 == 7 {
			must(t, os.Remove(file))
		}
	}
	for _, v := range []*version{f.a, f.b} {
		dest := filepath.Join(scratch(t), "public")
		start := time.Now()
		if code, _, stderr := f.run(v, dest); code != 0 {
			t.Fatalf("clean build %s: exit %d\n%s", v.name, code, stderr)
		}
		f.build = max(f.build, time.Since(start))
		v.clean, _, _ = readTree(t, dest)
	}
	t.Logf("%d incidents, %d files; a clean build takes %s", incidents, len(f.a.clean), f.build.Round(time.Millisecond))
	return f
}

func (f *fixture) cmd(v *version, dest string, extra ...string) *exec.Cmd {
	args := append([]string{"build", "-source", v.src, "-dest", dest, "-now", v.now}, extra...)
	cmd := exec.Command(f.bin, args...)
	cmd.Stdout = new(bytes.Buffer)
	cmd.Stderr = new(bytes.Buffer)
	return cmd
}

// run builds v into dest to the end and returns the exit code and what
// the build printed.
func (f *fixture) run(v *version, dest string, extra ...string) (int, string, string) {
	cmd := f.cmd(v, dest, extra...)
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		f.t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), cmd.Stdout.(*bytes.Buffer).String(), cmd.Stderr.(*bytes.Buffer).String()
}

// readTree returns the published files under dir (statuspress's own
// bookkeeping files aside), how many temporary files there are, and
// whether a journal is there.
func readTree(t *testing.T, dir string) (files map[string]string, temps int, journal bool) {
	t.Helper()
	files = map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasPrefix(d.Name(), ".statuspress-tmp-"):
			temps++
			return nil
		case rel == ".statuspress-journal":
			journal = true
			return nil
		case output.Own(rel):
			return nil
		}
		data, err := os.ReadFile(p)
		files[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, temps, journal
}

// same reports whether two trees hold the same files, and the first
// difference.
func same(got, want map[string]string) (bool, string) {
	for name, data := range want {
		g, ok := got[name]
		switch {
		case !ok:
			return false, name + " is missing"
		case g != data:
			return false, name + " differs"
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			return false, name + " is extra"
		}
	}
	return true, ""
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// waitLocked waits until the build cmd holds the output folder's lock,
// which it takes when its publish begins. It returns false when the build
// ended first.
func waitLocked(t *testing.T, cmd *exec.Cmd, dest string, done <-chan struct{}) bool {
	t.Helper()
	for {
		data, _ := os.ReadFile(filepath.Join(dest, output.LockFile))
		if bytes.Contains(data, fmt.Appendf(nil, "PID %d", cmd.Process.Pid)) {
			return true
		}
		select {
		case <-done:
			return false
		case <-time.After(time.Millisecond):
		}
	}
}

// waitJournal waits until a build has written its journal, which it does
// just before its first rename. It returns false when the build ended
// first.
func waitJournal(dest string, done <-chan struct{}) bool {
	for {
		if _, err := os.Stat(filepath.Join(dest, ".statuspress-journal")); err == nil {
			return true
		}
		select {
		case <-done:
			return false
		case <-time.After(200 * time.Microsecond):
		}
	}
}

// start starts cmd and returns a channel closed when it has ended.
func start(t *testing.T, cmd *exec.Cmd) <-chan struct{} {
	t.Helper()
	must(t, cmd.Start())
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	return done
}

func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the statuspress binary: not with -short")
	}
	f := newFixture(t)
	t.Run("signals", f.signals)
	t.Run("kill", f.kill)
	t.Run("lock", f.lock)
}

// signals stops builds with SIGTERM and SIGINT at points spread over a
// whole build: each ends within a second of the signal, and either
// finished (the folder is then exactly the new site) or published nothing
// (exactly the old one, without a temporary file).
func (f *fixture) signals(t *testing.T) {
	dest := filepath.Join(scratch(t), "public")
	if code, _, stderr := f.run(f.a, dest); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	stopped := 0
	cur, next := f.a, f.b
	for i, frac := range []float64{0.1, 0.4, 0.7, 0.9} {
		sig := []os.Signal{syscall.SIGTERM, os.Interrupt}[i%2]
		cmd := f.cmd(next, dest)
		done := start(t, cmd)
		time.Sleep(time.Duration(frac * float64(f.build)))
		sent := time.Now()
		_ = cmd.Process.Signal(sig)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		took := time.Since(sent)
		if took > time.Second {
			t.Errorf("%s at %.0f%% of a build: the build ended %s after it", sig, 100*frac, took.Round(time.Millisecond))
		}
		tree, temps, journal := readTree(t, dest)
		if temps > 0 || journal {
			t.Errorf("%s at %.0f%%: %d temporary files and journal %v left", sig, 100*frac, temps, journal)
		}
		stderr := cmd.Stderr.(*bytes.Buffer).String()
		if cmd.ProcessState.ExitCode() == 0 {
			// The signal came after the renames began: they finish.
			if ok, diff := same(tree, next.clean); !ok {
				t.Errorf("%s at %.0f%%: the build finished but the folder is not the new site: %s", sig, 100*frac, diff)
			}
			cur, next = next, cur
			continue
		}
		stopped++
		// A signal before the program set up its handler ends it at
		// once, before it wrote anything; after, the build says so.
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ws.Signaled() && !strings.Contains(stderr, "nothing was published") {
			t.Errorf("%s at %.0f%%: the build said\n%s\nwant it to say nothing was published", sig, 100*frac, stderr)
		}
		if ok, diff := same(tree, cur.clean); !ok {
			t.Errorf("%s at %.0f%%: a stopped build changed the folder: %s", sig, 100*frac, diff)
		}
		t.Logf("%s at %.0f%% of a build: ended %s later, nothing published", sig, 100*frac, took.Round(time.Millisecond))
	}
	if stopped == 0 {
		t.Error("no signal stopped a build: every build finished first")
	}
}

// kill ends builds with kill -9 at random points, a third of them while
// they stage their files and a third while they rename them, in a bounded
// number of trials. After each kill every file
// is whole (the old or the new site's bytes) and, without a journal, the
// folder is all old or all new; with one, the next build completes it and
// the folder is then byte-identical to a clean build.
func (f *fixture) kill(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, 1))
	dest := filepath.Join(scratch(t), "public")
	if code, _, stderr := f.run(f.a, dest); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	cur, next := f.a, f.b
	var counts struct{ old, new, mixed, completed int }
	deadline := time.Now().Add(25 * time.Second)
	const trials = 20
	trial := 0
	for ; trial < trials && time.Now().Before(deadline); trial++ {
		cmd := f.cmd(next, dest)
		done := start(t, cmd)
		switch {
		case trial%3 == 0:
			// Anywhere in the build.
			time.Sleep(time.Duration(rnd.Float64() * 1.2 * float64(f.build)))
		case trial%3 == 1 && waitLocked(t, cmd, dest, done):
			// While it stages its files.
			time.Sleep(time.Duration(rnd.IntN(200)) * time.Millisecond)
		case trial%3 == 2 && waitJournal(dest, done):
			// While it renames them.
			time.Sleep(time.Duration(rnd.IntN(20_000)) * time.Microsecond)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
		tree, _, journal := readTree(t, dest)
		for name, data := range tree {
			if data != f.a.clean[name] && data != f.b.clean[name] {
				t.Fatalf("trial %d: %s is neither the old nor the new file", trial, name)
			}
		}
		if !journal {
			oldOK, _ := same(tree, cur.clean)
			newOK, _ := same(tree, next.clean)
			switch {
			case oldOK:
				counts.old++
			case newOK:
				counts.new++
				cur, next = next, cur
			default:
				t.Fatalf("trial %d: no journal, yet the folder is neither all old nor all new", trial)
			}
			continue
		}
		counts.mixed++
		// The next build (of the same site) completes the folder.
		code, _, stderr := f.run(next, dest)
		if code != 0 {
			t.Fatalf("trial %d: the build after the kill: exit %d\n%s", trial, code, stderr)
		}
		if !strings.Contains(stderr, "was stopped before it ended") {
			t.Errorf("trial %d: the build after a kill during publish did not say so:\n%s", trial, stderr)
		}
		tree, temps, journal := readTree(t, dest)
		if ok, diff := same(tree, next.clean); !ok || temps > 0 || journal {
			t.Fatalf("trial %d: after the next build: %s, %d temporary files, journal %v", trial, diff, temps, journal)
		}
		counts.completed++
		cur, next = next, cur
	}
	// However the last trial ended, one more build leaves a clean folder.
	if code, _, stderr := f.run(next, dest); code != 0 {
		t.Fatalf("the last build: exit %d\n%s", code, stderr)
	}
	tree, temps, journal := readTree(t, dest)
	if ok, diff := same(tree, next.clean); !ok || temps > 0 || journal {
		t.Fatalf("after the last build: %s, %d temporary files, journal %v", diff, temps, journal)
	}
	t.Logf("%d kills: %d left the old site, %d the new one, %d a journal that the next build completed", trial, counts.old, counts.new, counts.mixed)
}

// lock holds a build stopped (SIGSTOP) while it publishes: a second
// build fails at once with -wait 0, naming the first one's PID, or waits
// for it and then runs; a build killed while it holds the lock does not
// block the next one, which says the last build was stopped and
// completes the folder.
func (f *fixture) lock(t *testing.T) {
	dest := filepath.Join(scratch(t), "public")
	if code, _, stderr := f.run(f.a, dest); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	// holdLocked starts a build of v and stops it once it holds the lock.
	holdLocked := func(v *version) (*exec.Cmd, <-chan struct{}) {
		for range 5 {
			cmd := f.cmd(v, dest)
			done := start(t, cmd)
			if waitLocked(t, cmd, dest, done) {
				must(t, cmd.Process.Signal(syscall.SIGSTOP))
				return cmd, done
			}
			<-done // too quick: it published before the lock was seen
			v = map[*version]*version{f.a: f.b, f.b: f.a}[v]
		}
		t.Fatal("no build was seen holding the lock")
		return nil, nil
	}
	first, firstDone := holdLocked(f.b)
	pid := fmt.Sprintf("PID %d", first.Process.Pid)
	code, _, stderr := f.run(f.a, dest, "-wait", "0")
	if code == 0 || !strings.Contains(stderr, pid) || !strings.Contains(stderr, "in use") {
		t.Errorf("a second build with -wait 0: exit %d, said\n%s\nwant a failure naming %s", code, stderr, pid)
	}
	second := f.cmd(f.a, dest, "-wait", "30s")
	secondDone := start(t, second)
	for !strings.Contains(second.Stderr.(*bytes.Buffer).String(), "waiting") {
		select {
		case <-secondDone:
			t.Fatalf("the waiting build ended: %s", second.Stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if said := second.Stderr.(*bytes.Buffer).String(); !strings.Contains(said, pid) {
		t.Errorf("the waiting build said %q, want it to name %s", said, pid)
	}
	must(t, first.Process.Signal(syscall.SIGCONT))
	<-firstDone
	<-secondDone
	if first.ProcessState.ExitCode() != 0 || second.ProcessState.ExitCode() != 0 {
		t.Fatalf("exit %d and %d:\n%s\n%s", first.ProcessState.ExitCode(), second.ProcessState.ExitCode(), first.Stderr, second.Stderr)
	}
	tree, _, _ := readTree(t, dest)
	if ok, diff := same(tree, f.a.clean); !ok {
		t.Errorf("after the build that waited: %s", diff)
	}

	// Killed while holding the lock.
	killed, killedDone := holdLocked(f.b)
	must(t, killed.Process.Signal(syscall.SIGKILL))
	<-killedDone
	begin := time.Now()
	code, _, stderr = f.run(f.b, dest, "-wait", "0")
	if code != 0 {
		t.Fatalf("the build after a killed one: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "was stopped before it ended") || !strings.Contains(stderr, fmt.Sprintf("PID %d", killed.Process.Pid)) {
		t.Errorf("the build after a killed one said\n%s\nwant it to name the stopped build", stderr)
	}
	tree, temps, journal := readTree(t, dest)
	if ok, diff := same(tree, f.b.clean); !ok || temps > 0 || journal {
		t.Errorf("after the build that followed a killed one: %s, %d temporary files, journal %v", diff, temps, journal)
	}
	t.Logf("the build after a killed one took %s", time.Since(begin).Round(time.Millisecond))
}
