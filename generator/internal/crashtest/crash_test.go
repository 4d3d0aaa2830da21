//go:build unix

package crashtest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

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
