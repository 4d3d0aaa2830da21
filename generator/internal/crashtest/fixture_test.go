//go:build unix

package crashtest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/output"
)

// incidents is the size of the test site: about 1,400 output files, a
// build of about a second on a CI machine.
const incidents = 1200

// binary is cmd/statuspress, built once for the tests that run it.
var binary = sitetest.NewBinary("statuspress-crashtest-")

func TestMain(m *testing.M) {
	restore := sitetest.TempCache()
	code := m.Run()
	restore()
	binary.Remove()
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
	bin, err := binary.Path()
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
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".statuspress-tmp-") {
				temps++ // a staged tree: not part of the site
				return fs.SkipDir
			}
			return nil
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
