package watch_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/cache"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/watch/internal/testsite"
)

// binary is cmd/statuspress, built once for the tests that run it.
var binary = sitetest.NewBinary("statuspress-watch-test-")

func TestMain(m *testing.M) {
	restore := sitetest.TempCache()
	code := m.Run()
	restore()
	binary.Remove()
	os.Exit(code)
}

// proc is a running statuspress whose stdout lines the test reads.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	lines  chan string
	stderr *strings.Builder
	tmp    string // its TMPDIR
	// out, when set, is a folder it writes (its -dest or -source), where
	// no temporary file of a publish may be left after it stops.
	out    string
	exited chan error
}

func startProc(t *testing.T, args ...string) *proc {
	t.Helper()
	bin, err := binary.Path()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, lines: make(chan string, 100), stderr: &strings.Builder{}, tmp: t.TempDir(), exited: make(chan error, 1)}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = append(os.Environ(), "TMPDIR="+p.tmp)
	p.cmd.Stderr = &lockedWriter{w: p.stderr}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
		p.exited <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
		}
	})
	return p
}

// waitLine returns the first line of stdout that contains s.
func (p *proc) waitLine(s string) string {
	p.t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				p.t.Fatalf("exited before printing %q; stderr:\n%s", s, p.stderr.String())
			}
			if strings.Contains(line, s) {
				return line
			}
		case <-timeout:
			p.t.Fatalf("no line with %q within 20s; stderr:\n%s", s, p.stderr.String())
		}
	}
}

// stop sends sig and checks that the process ends with status 0 within a
// second, leaving nothing in its temporary folder and no temporary file
// of a publish (.statuspress-tmp-*) in the folder it writes. It returns
// how long the process took to end.
func (p *proc) stop(sig os.Signal) time.Duration {
	p.t.Helper()
	start := time.Now()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
	limit := time.NewTimer(time.Second)
	defer limit.Stop()
	go func() {
		for range p.lines {
		}
	}()
	select {
	case err := <-p.exited:
		if err != nil {
			p.t.Errorf("exit after %v: %v; stderr:\n%s", sig, err, p.stderr.String())
		}
	case <-limit.C:
		// Go prints every goroutine's stack on SIGQUIT: show where the
		// build would not stop.
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-p.exited:
		case <-time.After(5 * time.Second):
		}
		var frames []string
		for line := range strings.Lines(p.stderr.String()) {
			if strings.Contains(line, "statuspress/generator") {
				frames = append(frames, strings.TrimSpace(line))
			}
		}
		p.t.Fatalf("still running a second after %v; its generator frames then:\n%s", sig, strings.Join(frames, "\n"))
	}
	took := time.Since(start)
	left, _ := os.ReadDir(p.tmp)
	for _, e := range left {
		p.t.Errorf("left in TMPDIR: %s", e.Name())
	}
	if p.out != "" {
		err := filepath.WalkDir(p.out, func(path string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasPrefix(d.Name(), ".statuspress-tmp-") {
				p.t.Errorf("left in the output folder: %s", path)
			}
			return err
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			p.t.Error(err)
		}
	}
	return took
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func TestWatchCommandRebuildsAndStops(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			src := t.TempDir()
			testsite.Write(t, src, true, map[string]string{"a": testsite.Incident("Alpha", 1, "One.")})
			dest := filepath.Join(t.TempDir(), "out")
			p := startProc(t, "watch", "-source", src, "-dest", dest, "-now", testsite.Now().Format(time.RFC3339))
			p.out = dest
			p.waitLine("watching")
			if err := os.WriteFile(filepath.Join(src, "content/incidents/a.md"), []byte(testsite.Incident("Alpha two", 1, "Two.")), 0o644); err != nil {
				t.Fatal(err)
			}
			if line := p.waitLine("rebuilt after content/incidents/a.md"); !regexp.MustCompile(`in [0-9.]+[µm]?s: [1-9][0-9]* written, 0 removed$`).MatchString(line) {
				t.Errorf("rebuild line = %q", line)
			}
			page, err := os.ReadFile(filepath.Join(dest, "incidents/a/index.html"))
			if err != nil || !strings.Contains(string(page), "Alpha two") {
				t.Errorf("edit not published: %v", err)
			}
			p.stop(sig)
		})
	}
}

func TestServeCommandStopsWithOpenStreams(t *testing.T) {
	src := t.TempDir()
	testsite.Write(t, src, true, map[string]string{"a": testsite.Incident("Alpha", 1, "One.")})
	p := startProc(t, "serve", "-source", src, "-addr", "127.0.0.1:0", "-now", testsite.Now().Format(time.RFC3339))
	p.out = src
	line := p.waitLine("serving")
	url := regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/`).FindString(line)
	if url == "" {
		t.Fatalf("no address in %q", line)
	}
	res, err := http.Get(url + "incidents/a/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"Alpha", `src="/_statuspress/reload.js"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "public")); err == nil {
		t.Error("serve wrote public/")
	}
	// A page of another site that reached the preview through a name of
	// its own (DNS rebinding) is refused; localhost is the same computer.
	for host, want := range map[string]int{"attacker.example": http.StatusMisdirectedRequest, "localhost": http.StatusOK} {
		req, _ := http.NewRequest("GET", url+"incidents/a/", nil)
		req.Host = strings.Replace(req.URL.Host, "127.0.0.1", host, 1)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %s: status %d, want %d", req.Host, res.StatusCode, want)
		}
	}
	// An open event stream, as a browser tab keeps, must not delay the exit.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"_statuspress/events", nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	p.stop(os.Interrupt)
}

// TestStopDuringFirstBuild interrupts watch and serve while their first
// build of a 5,000 incident site runs. On the development machine that
// build takes 2.5-3.5 s under watch (reading and checking the files until
// about 1.7 s, then making pages, then publishing from about 2.6 s) and
// about 2 s under serve, which only renders; the signal goes at points
// across it. When a process does not stop, the failure shows where its
// goroutines were. Each process must end within a second of the signal, with
// status 0 and no temporary file left. A point the build has already
// passed on a faster machine is skipped.
func TestStopDuringFirstBuild(t *testing.T) {
	src := t.TempDir()
	testsite.WriteMany(t, src, 5000)
	now := testsite.Now().Format(time.RFC3339)
	for _, tc := range []struct {
		cmd   string
		after time.Duration
	}{
		{"watch", 300 * time.Millisecond},
		{"watch", 900 * time.Millisecond},
		{"watch", 1500 * time.Millisecond},
		{"watch", 2100 * time.Millisecond},
		{"watch", 2700 * time.Millisecond},
		{"serve", 300 * time.Millisecond},
		{"serve", 1000 * time.Millisecond},
		{"serve", 1600 * time.Millisecond},
	} {
		t.Run(fmt.Sprintf("%s after %v", tc.cmd, tc.after), func(t *testing.T) {
			args, out := []string{tc.cmd, "-source", src, "-now", now}, src
			if tc.cmd == "watch" {
				out = filepath.Join(t.TempDir(), "public")
				args = append(args, "-dest", out)
			} else {
				args = append(args, "-addr", "127.0.0.1:0")
			}
			p := startProc(t, args...)
			p.out = out
			time.Sleep(tc.after) // a point in the build, not a wait for it
			select {
			case line := <-p.lines:
				if tc.after > 300*time.Millisecond {
					p.stop(os.Interrupt)
					t.Skipf("the first build ended within %v (%q)", tc.after, line)
				}
				t.Fatalf("the first build ended within %v (%q): the site is too small to stop it midway", tc.after, line)
			default:
			}
			t.Logf("ended %v after SIGINT", p.stop(os.Interrupt).Round(time.Millisecond))
		})
	}
}

// TestWatchSavesCacheOncePaused: statuspress watch writes its cache
// after its first build, and after a save once its builds pause (not
// with every build), so that the next start takes the edit from it.
func TestWatchSavesCacheOncePaused(t *testing.T) {
	src := t.TempDir()
	testsite.Write(t, src, true, map[string]string{"a": testsite.Incident("Alpha", 1, "One."), "b": testsite.Incident("Beta", 2, "Two.")})
	dest := filepath.Join(t.TempDir(), "out")
	root, err := cache.Root()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := cache.Open(root, src, dest)
	if err != nil {
		t.Fatal(err)
	}
	engine := filepath.Join(dir.Path(), "engine")
	now := testsite.Now().Format(time.RFC3339)
	p := startProc(t, "watch", "-source", src, "-dest", dest, "-now", now)
	p.out = dest
	p.waitLine("watching")
	first, err := os.Stat(engine)
	if err != nil {
		t.Fatalf("no cache after the first build: %v", err)
	}
	if err := os.WriteFile(filepath.Join(src, "content/incidents/a.md"), []byte(testsite.Incident("Alpha two", 1, "Two.")), 0o644); err != nil {
		t.Fatal(err)
	}
	p.waitLine("rebuilt after content/incidents/a.md")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if st, err := os.Stat(engine); err == nil && (!os.SameFile(st, first) || !st.ModTime().Equal(first.ModTime())) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cache was not written again within 10 s of the rebuild")
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.stop(os.Interrupt)
}
