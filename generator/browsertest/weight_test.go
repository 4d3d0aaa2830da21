package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// maxHomeWeight is the budget of the demo home page with everything it
// loads, uncompressed: a status page must open fast on a bad connection.
// The bilingual demo, with its brand, is about 39,800.
const maxHomeWeight = 40_000

// TestHomeWeight loads the demo home page in the browser and adds up the
// bytes of every response: the page, CSS, script and favicon.
func TestHomeWeight(t *testing.T) {
	s := sites["demo"]
	sv := serve(t, s)
	tb := newTab(t, view{now: jst(23, 10, 7)})
	tb.open(sv.url(""))
	icon := strings.TrimPrefix(tb.str(`document.querySelector("link[rel=icon]").getAttribute("href")`), s.base)
	// The favicon may be asked for after the load event.
	deadline := time.Now().Add(3 * time.Second)
	for {
		sv.mu.Lock()
		_, ok := sv.served[icon]
		sv.mu.Unlock()
		if ok || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	total, files := sv.bytesServed()
	sv.mu.Lock()
	_, asked := sv.served[icon]
	sv.mu.Unlock()
	if !asked { // count it anyway: a browser with a window asks for it
		fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(icon)))
		if err != nil {
			t.Fatal(err)
		}
		total += int(fi.Size())
		files = append(files, icon+" (not asked for here) ", itoa(fi.Size()))
	}
	t.Logf("demo home page: %d bytes\n%v", total, files)
	if total > maxHomeWeight {
		t.Errorf("demo home page weighs %d bytes with what it loads, over the budget of %d:\n%v", total, maxHomeWeight, files)
	}
	if len(files) < 4 {
		t.Errorf("expected the page, CSS, script and favicon, got %v", files)
	}
}

func itoa(n int64) string { return jsonNumber(n) }

// maxScript is the budget of the theme's script as shipped (render drops
// its comment lines and indentation): no framework and no build step.
// (5,000 until the script also read generated.json; 5,500 until it moved
// maintenance between sections and gave the uptime days tooltips.)
const maxScript = 8_000

func TestScriptSize(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sites["demo"].dir, "assets", "app.*.js"))
	if err != nil || len(files) != 1 {
		t.Fatalf("want one assets/app.*.js in the demo, got %v (%v)", files, err)
	}
	fi, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("app.js as shipped: %d bytes", fi.Size())
	if fi.Size() >= maxScript {
		t.Errorf("app.js is %d bytes as shipped, over the budget of %d", fi.Size(), maxScript)
	}
}
