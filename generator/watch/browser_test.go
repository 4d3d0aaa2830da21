package watch_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/statuspress/statuspress/generator/watch/internal/testsite"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium for one test. Without Chromium the test
// is skipped, except in CI, where it must run.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing: %v", chromiumPath, err)
		}
		t.Skipf("no %s (apt-get install chromium)", chromiumPath)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1024, 768))
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser with no deadline
		t.Fatal(err)
	}
	return ctx
}

// waitFor evaluates js until it is true. A reload in between makes some
// evaluations fail; they are retried.
func waitFor(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	limit := time.After(10 * time.Second)
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		select {
		case <-tick.C:
		case <-limit:
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
			t.Fatalf("not true within 10s: %s\npage text:\n%s", js, body)
		}
	}
}

// contrastJS computes the WCAG contrast ratio of the text of each part of
// the overlay against the first opaque background under it.
const contrastJS = `(() => {
  const parse = c => {
    const v = c.match(/rgba?\(([^)]*)\)/)[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1};
  };
  const lum = c => {
    const f = x => (x /= 255) <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.a === 1) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const out = {};
  const overlay = document.getElementById("statuspress-overlay");
  for (const part of ["h2", "pre", "p"]) {
    const el = overlay.querySelector(part);
    if (!el) continue;
    const a = lum(parse(getComputedStyle(el).color)), b = lum(background(el));
    out[part] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
})()`

// TestBrowserReloadsOnEdit serves a site with the built-in theme, opens an
// incident page in Chromium, edits the incident and sees the page reload
// with the new title; a broken save shows the error overlay over the last
// good page, and the fix reloads it away. The server sends the site's CSP,
// so the reload script is proven to work under script-src 'self'.
func TestBrowserReloadsOnEdit(t *testing.T) {
	ctx := browser(t)
	src := t.TempDir()
	file := filepath.Join(src, "content/incidents/a.md")
	testsite.Write(t, src, false, map[string]string{"a": testsite.Incident("Kettle boiling over", 0, "First report.")})
	p := startProc(t, "serve", "-source", src, "-addr", "127.0.0.1:0", "-now", testsite.Now().Format(time.RFC3339))
	url := regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/`).FindString(p.waitLine("serving"))

	var mu sync.Mutex
	var csp []string
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy") {
				mu.Lock()
				csp = append(csp, m.Text)
				mu.Unlock()
			}
		}
	}()

	if err := chromedp.Do(ctx, chromedp.Navigate(url+"incidents/a/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.innerText.includes("Kettle boiling over")`)
	// Wait until the script holds its event stream open, then mark the
	// page: a reload loses the mark.
	waitFor(t, ctx, `window.statuspressLive === true`)
	mark := `window.statuspressMark = 1; true`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](mark)); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(file, []byte(testsite.Incident("Kettle fixed at last", 0, "Resolved soon.")), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `window.statuspressMark === undefined && document.body.innerText.includes("Kettle fixed at last")`)

	waitFor(t, ctx, `window.statuspressLive === true`)
	if err := os.WriteFile(file, []byte(testsite.Invalid("Broken", false)), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `(document.getElementById("statuspress-overlay") || {innerText: ""}).innerText.includes("content/incidents/a.md:3:")`+
		` && document.body.innerText.includes("Kettle fixed at last")`)
	// The overlay's sheet is an external file too: the CSP must let it in.
	waitFor(t, ctx, `getComputedStyle(document.getElementById("statuspress-overlay")).position === "fixed"`)
	// The theme's own rules (its pre has a light background) must not
	// reach into the overlay: every text in it reads well.
	ratios, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](contrastJS))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("overlay contrast: %v", ratios)
	for _, part := range []string{"h2", "pre", "p"} {
		if r, ok := ratios[part]; !ok || r < 4.5 {
			t.Errorf("overlay %s: contrast %.2f:1, want at least 4.5:1 (WCAG AA)", part, r)
		}
	}

	waitFor(t, ctx, `window.statuspressLive === true`)
	if err := os.WriteFile(file, []byte(testsite.Incident("Kettle fixed again", 0, "Resolved.")), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.getElementById("statuspress-overlay") && document.body.innerText.includes("Kettle fixed again")`)

	mu.Lock()
	defer mu.Unlock()
	for _, m := range csp {
		t.Errorf("CSP violation: %s", m)
	}
	p.stop(os.Interrupt)
}
