package watch_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
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

	"github.com/statuspress/statuspress/generator/watch/internal/testsite"
)

// binary builds cmd/statuspress once for the tests that run it.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "statuspress-watch-test-")
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

// proc is a running statuspress whose stdout lines the test reads.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	lines  chan string
	stderr *strings.Builder
	tmp    string // its TMPDIR
	exited chan error
}

func startProc(t *testing.T, args ...string) *proc {
	t.Helper()
	bin, err := binary()
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

// stop sends sig and checks that the process ends cleanly within a
// second, leaving nothing in its temporary folder.
func (p *proc) stop(sig os.Signal) {
	p.t.Helper()
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
		p.t.Fatalf("still running a second after %v", sig)
	}
	left, _ := os.ReadDir(p.tmp)
	for _, e := range left {
		p.t.Errorf("left in TMPDIR: %s", e.Name())
	}
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
