package source

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unsafe"
)

// TestStrs: a kept text never shares memory with the text it was cut
// from, equal texts share one copy, and the table stays bounded.
func TestStrs(t *testing.T) {
	file := "title = \"hello\""
	m := strs{}
	a := m.text(file[9:14])
	if a != "hello" || unsafe.StringData(a) == unsafe.StringData(file[9:]) {
		t.Errorf("the kept text is still cut from the file")
	}
	if b := m.text(strings.Clone("hello")); unsafe.StringData(b) != unsafe.StringData(a) {
		t.Errorf("two equal texts keep two copies")
	}
	if c := strs(nil).text(file[9:14]); c != "hello" || unsafe.StringData(c) == unsafe.StringData(file[9:]) {
		t.Errorf("without a table, the kept text is still cut from the file")
	}
	for i := range maxStrs + 10 {
		m.text(strconv.Itoa(i))
	}
	if len(m) > maxStrs {
		t.Errorf("the table holds %d texts, over %d", len(m), maxStrs)
	}
}

// TestLoadSharesTexts: files that repeat a text keep one copy of it.
func TestLoadSharesTexts(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 20 {
		fsys["content/incidents/"+strconv.Itoa(i)+".md"] = &fstest.MapFile{Data: []byte(limitsHead + "+++\n\n## 2026-11-20 10:00 investigating\n\nWe are investigating.\n")}
	}
	ins, diags := NewLoader(testOptions(t)).Load(fsys)
	if diags.HasErrors() || len(ins) != 20 {
		t.Fatalf("%d incidents, %v", len(ins), diags)
	}
	copies := map[*byte]bool{}
	for _, in := range ins {
		copies[unsafe.StringData(string(in.Updates[0].Body))] = true
		copies[unsafe.StringData(in.Title)] = true
	}
	// One copy of each text for each worker at most.
	if n := len(copies); n > 2*runtime.GOMAXPROCS(0) {
		t.Errorf("20 files with the same title and body keep %d copies", n)
	}
}
