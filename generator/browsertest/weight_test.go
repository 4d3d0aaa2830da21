package browsertest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// maxHomeWeight is the budget of the demo home page with everything it
// loads, uncompressed: a status page must open fast on a bad connection.
// (40,000 until the demo became bilingual: the language switch, the
// alternate links of each language and their style are about 700 bytes.)
const maxHomeWeight = 41_000

// TestHomeWeight loads the demo home page in the browser and adds up the
// bytes of every response: the page, CSS, script and favicon.
func TestHomeWeight(t *testing.T) {
	s := sites["demo"]
	sv := serve(t, s)
	tb := newTab(t, view{now: jst(23, 10, 7)})
	tb.open(sv.url(""))
	// The favicon may be asked for after the load event.
	deadline := time.Now().Add(3 * time.Second)
	for {
		sv.mu.Lock()
		_, ok := sv.served["favicon.svg"]
		sv.mu.Unlock()
		if ok || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	total, files := sv.bytesServed()
	sv.mu.Lock()
	_, asked := sv.served["favicon.svg"]
	sv.mu.Unlock()
	if !asked { // count it anyway: a browser with a window asks for it
		fi, err := os.Stat(filepath.Join(s.dir, "favicon.svg"))
		if err != nil {
			t.Fatal(err)
		}
		total += int(fi.Size())
		files = append(files, "favicon.svg (not asked for here) ", itoa(fi.Size()))
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

// maxScript is the budget of the theme's script as shipped: no framework
// and no build step, so the file is what the browser gets. (5,000 until
// the script also read generated.json to say when the site was checked.)
const maxScript = 5_500

func TestScriptSize(t *testing.T) {
	fi, err := os.Stat(filepath.Join(repoRoot, "themes", "default", "static", "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() >= maxScript {
		t.Errorf("app.js is %d bytes, over the budget of %d", fi.Size(), maxScript)
	}
}
