package source

import (
	"crypto/sha256"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
)

// TestLoadSumAndRacilyClean: every incident carries the sum of its file's
// bytes; a file left alone is not parsed again; a file rewritten with the
// same size and modification time close to the newest file ("racily
// clean") is read again, and parsed again only when its bytes changed.
func TestLoadSumAndRacilyClean(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	a := limitsHead + "+++\nThe first text.\n"
	b := limitsHead + "+++\nThe other text.\n"
	fsys := fstest.MapFS{
		"content/incidents/a.md":   {Data: []byte(a), ModTime: at},
		"content/incidents/old.md": {Data: []byte(a), ModTime: at.Add(-time.Hour)},
	}
	l := NewLoader(testOptions(t))
	ins, diags := l.Load(fsys)
	if diags.HasErrors() || len(ins) != 2 || l.Parsed != 2 {
		t.Fatalf("first load: %d incidents, %d parsed, %v", len(ins), l.Parsed, diags)
	}
	if ins[0].Sum != sha256.Sum256([]byte(a)) {
		t.Errorf("Sum is not the SHA-256 of the file's bytes")
	}

	ins2, _ := l.Load(fsys)
	if l.Parsed != 0 || ins2[0] != ins[0] || ins2[1] != ins[1] {
		t.Errorf("unchanged files: parsed %d, same incidents %v %v", l.Parsed, ins2[0] == ins[0], ins2[1] == ins[1])
	}

	// Same size, same time: only the content tells.
	fsys["content/incidents/a.md"] = &fstest.MapFile{Data: []byte(b), ModTime: at}
	ins3, _ := l.Load(fsys)
	if l.Parsed != 1 || ins3[0] == ins[0] || ins3[1] != ins[1] {
		t.Fatalf("racily clean edit: parsed %d, want 1 (a.md only)", l.Parsed)
	}
	if ins3[0].Sum != sha256.Sum256([]byte(b)) || ins3[0].Summary == ins[0].Summary {
		t.Errorf("racily clean edit: the new content was not read")
	}
}

// TestKeyPos: the position of each top-level key that was set, whatever
// its line (a long file has lines past what one byte can count).
func TestKeyPos(t *testing.T) {
	text := "+++\ntitle = \"x\"\nseverity = \"minor\"\nscope = [\"api\"]\n" + strings.Repeat("\n", 300) + "  started = 2026-11-20T10:00:00+09:00\n+++\n"
	in, diags := Parse("content/incidents/x.md", []byte(text), testOptions(t))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for key, want := range map[string]diag.Pos{
		"title":   {File: in.File, Line: 2, Col: 1},
		"scope":   {File: in.File, Line: 4, Col: 1},
		"started": {File: in.File, Line: 305, Col: 3},
	} {
		if got, ok := in.KeyPos(key); !ok || got != want {
			t.Errorf("KeyPos(%q) = %v, %t; want %v", key, got, ok, want)
		}
	}
	if got, ok := in.KeyPos("resolved"); ok {
		t.Errorf("KeyPos(resolved) = %v for a key not set", got)
	}
}

// TestLoadCheck: Options.Check sees each file the Loader parses, with
// its Texts, once; a file taken as it was is not seen again.
func TestLoadCheck(t *testing.T) {
	fsys := fstest.MapFS{
		"content/incidents/a.md": {Data: []byte(limitsHead + "+++\nThe first text.\n")},
		"content/incidents/b.md": {Data: []byte(limitsHead + "+++\nThe other text.\n")},
	}
	opts := testOptions(t)
	var mu sync.Mutex
	seen := map[string]int{}
	opts.Check = func(in *Incident) {
		mu.Lock()
		defer mu.Unlock()
		seen[in.File]++
		if len(in.Texts) == 0 {
			t.Errorf("%s: checked without its Texts", in.File)
		}
		in.Texts = nil
	}
	l := NewLoader(opts)
	ins, diags := l.Load(fsys)
	if diags.HasErrors() || len(ins) != 2 {
		t.Fatalf("%d incidents, %v", len(ins), diags)
	}
	l.LoadChanged(fsys, []string{"content/incidents/a.md"})
	if seen["content/incidents/a.md"] != 1 || seen["content/incidents/b.md"] != 1 {
		t.Errorf("checked %v, want each file once", seen)
	}
	for _, in := range ins {
		if in.Texts != nil {
			t.Errorf("%s: Texts kept after the check", in.File)
		}
	}
}
