package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// server serves one built site under its base path the way a static host
// does: the site's CSP on every response, index.html for a folder,
// 404.html with status 404 for anything missing. It counts the bytes of
// each response and can replace a file's body.
type server struct {
	*httptest.Server
	site *site

	mu       sync.Mutex
	override map[string][]byte // path in the site -> body
	served   map[string]int    // path in the site -> bytes sent
}

func serve(t *testing.T, s *site) *server {
	t.Helper()
	sv := &server{site: s, override: map[string][]byte{}, served: map[string]int{}}
	sv.Server = httptest.NewServer(http.HandlerFunc(sv.handle))
	t.Cleanup(sv.Close)
	return sv
}

// url returns the address of p, a path relative to the site's base.
func (sv *server) url(p string) string { return sv.URL + sv.site.base + p }

func (sv *server) set(p string, body []byte) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	sv.override[p] = body
}

func (sv *server) bytesServed() (total int, files []string) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	for p, n := range sv.served {
		total += n
		files = append(files, fmt.Sprintf("%s %d", p, n))
	}
	sort.Strings(files)
	return total, files
}

func (sv *server) handle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", csp)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	rel, ok := strings.CutPrefix(r.URL.Path, sv.site.base)
	if !ok {
		http.NotFound(w, r)
		return
	}
	cw := &countingWriter{ResponseWriter: w}
	defer func() {
		sv.mu.Lock()
		sv.served[rel] += cw.n
		sv.mu.Unlock()
	}()
	sv.mu.Lock()
	body, ok := sv.override[rel]
	sv.mu.Unlock()
	if ok {
		http.ServeContent(cw, r, path.Base(rel), time.Time{}, strings.NewReader(string(body)))
		return
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, err := os.ReadFile(filepath.Join(sv.site.dir, filepath.FromSlash(name)))
	if err != nil {
		data, _ = os.ReadFile(filepath.Join(sv.site.dir, "404.html"))
		cw.Header().Set("Content-Type", "text/html; charset=utf-8")
		cw.WriteHeader(http.StatusNotFound)
		cw.Write(data)
		return
	}
	http.ServeContent(cw, r, path.Base(name), time.Time{}, strings.NewReader(string(data)))
}

type countingWriter struct {
	http.ResponseWriter
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += n
	return n, err
}

// pagePaths lists every HTML page of a site as a path under its base
// ("", "history/", "404.html").
func pagePaths(t *testing.T, s *site) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(s.dir, p)
		rel = filepath.ToSlash(rel)
		out = append(out, strings.TrimSuffix(rel, "index.html"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// view says how a tab sees the pages.
type view struct {
	now    time.Time // the reader's clock; zero for the real one
	zone   string    // the reader's IANA time zone
	width  int64     // viewport; 0 for 1280x800
	height int64
	dark   bool
}

// A tab is one browser tab of a test, recording console errors, uncaught
// exceptions and failed requests.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

// clockJS replaces Date with one that starts at the chosen time and runs
// on from there, before any page script runs, and records the callbacks
// given to setInterval so that a test can run a tick at once.
const clockJS = `(() => {
  const D = Date;
  let shift = %d - D.now();
  class FakeDate extends D {
    constructor(...a) { if (a.length) super(...a); else super(D.now() + shift); }
    static now() { return D.now() + shift; }
  }
  window.Date = FakeDate;
  window.__setClock = ms => { shift = ms - D.now(); };
  const ticks = [], si = window.setInterval;
  window.setInterval = (f, ms, ...a) => { ticks.push(f); return si(f, ms, ...a); };
  window.__tick = () => ticks.forEach(f => f());
})();`

func newTab(t *testing.T, v view) *tab {
	t.Helper()
	needTool(t, "Chromium", browserErr)
	tb := &tab{t: t}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)
	tb.ctx = ctx
	if v.width == 0 {
		v.width, v.height = 1280, 800
	}
	if v.zone == "" {
		v.zone = "Asia/Tokyo"
	}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(v.width, v.height),
		call(emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: v.zone}),
	}
	if !v.now.IsZero() {
		steps = append(steps, call(page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(clockJS, v.now.UnixMilli())}))
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	tb.scheme(v.dark)
	return tb
}

// call makes an action of one protocol command.
func call[P, R any](cmd cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cmd, params)
		return err
	})
}

// listen runs in the tab's event loop, in order, so every event that came
// before the reply to a later command has been seen when that command
// returns.
func (tb *tab) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		p = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			p += " " + ev.ExceptionDetails.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
			p = fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventLoadingFailed:
		p = fmt.Sprintf("request failed: %s %s", ev.ErrorText, ev.BlockedReason)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			p = fmt.Sprintf("HTTP %d: %s", ev.Response.Status, ev.Response.URL)
		}
	}
	if p != "" {
		tb.mu.Lock()
		tb.problems = append(tb.problems, p)
		tb.mu.Unlock()
	}
}

// takeProblems returns what went wrong since the last call; the command it
// sends first makes sure every earlier event has been seen.
func (tb *tab) takeProblems() []string {
	tb.eval(`true`)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.t.Fatal(err)
	}
}

func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(url))
}

func (tb *tab) eval(js string) json.RawMessage {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (tb *tab) str(js string) string {
	tb.t.Helper()
	var s string
	if err := json.Unmarshal(tb.eval(js), &s); err != nil {
		tb.t.Fatalf("%s: %v", js, err)
	}
	return s
}

func (tb *tab) scheme(dark bool) {
	tb.t.Helper()
	value := "light"
	if dark {
		value = "dark"
	}
	tb.do(call(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}},
	}))
	// A logo with a dark variant loads it now: wait, so that leaving the
	// page does not abort the request.
	tb.eval(`new Promise(r => requestAnimationFrame(() => setTimeout(r, 50))).then(() =>
		Promise.all([...document.images].map(i => i.complete || new Promise(r => { i.onload = i.onerror = r; })))).then(() => true)`)
}

// screenshot writes the page (the viewport, or the whole page when full)
// to name.png, under outDir unless name is absolute.
func (tb *tab) screenshot(name string, full bool) {
	tb.t.Helper()
	var act chromedp.Action[[]byte] = chromedp.CaptureScreenshot()
	if full {
		act = chromedp.FullScreenshot(100)
	}
	buf, err := chromedp.Run(tb.ctx, act)
	if err != nil {
		tb.t.Fatal(err)
	}
	file := name + ".png"
	if !filepath.IsAbs(name) {
		file = filepath.Join(outDir, file)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}
