package rebuild

import (
	"bytes"
	"runtime"
	"slices"
	"testing"
)

// TestSaveLoad: an engine loaded from another's saved records makes only
// the outputs whose dependencies changed since, and data cut short or
// changed is refused, leaving the engine as it was.
func TestSaveLoad(t *testing.T) {
	decl := func(extra map[string]string) Stage {
		var outs []Output
		for _, name := range []string{"c", "a", "b/index.html"} {
			outs = append(outs, Output{Name: name, Deps: Deps{Extra: extra[name]}, Make: Bytes(func() ([]byte, error) {
				return []byte(name + extra[name]), nil
			})})
		}
		return Stage{Outputs: outs}
	}
	deps := map[string]string{"a": "1", "b/index.html": "1", "c": "1"}
	var first Engine
	mem := &Memory{}
	if err := first.Run(t.Context(), "epoch", mem, decl(deps)); err != nil {
		t.Fatal(err)
	}
	site := mem.Site(first.Names())
	var saved bytes.Buffer
	if err := first.Save(&saved); err != nil {
		t.Fatal(err)
	}

	var next Engine
	if err := next.Load(bytes.NewReader(saved.Bytes())); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(next.Names(), first.Names()) {
		t.Errorf("loaded names %v, saved %v", next.Names(), first.Names())
	}
	deps["b/index.html"] = "2"
	mem = &Memory{Set: site}
	if err := next.Run(t.Context(), "epoch", mem, decl(deps)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(next.Made, []string{"b/index.html"}) {
		t.Errorf("a loaded engine made %v, want only b/index.html", next.Made)
	}
	if got := mem.Site(next.Names()); string(got["b/index.html"]) != "b/index.html2" || string(got["a"]) != "a1" {
		t.Errorf("site after the loaded run: %q", got)
	}

	for _, bad := range [][]byte{saved.Bytes()[:saved.Len()-1], saved.Bytes()[:saved.Len()/2], {}, {0xff, 0xff, 0xff}} {
		var e Engine
		if err := e.Load(bytes.NewReader(bad)); err == nil {
			t.Errorf("%d bytes of %d were loaded", len(bad), saved.Len())
		}
		if e.Names() != nil || e.files != nil {
			t.Errorf("a refused load left records")
		}
	}
}

// TestReadUse: records read with Read are the engine's only once it
// Uses them, and a count that data cut short or changed makes huge
// allocates for the records the data holds, not for the count.
func TestReadUse(t *testing.T) {
	var first Engine
	outs := []Output{{Name: "a", Make: Fixed([]byte("a"))}, {Name: "b", Make: Fixed([]byte("b"))}}
	if err := first.Run(t.Context(), "epoch", &Memory{}, Stage{Outputs: outs}); err != nil {
		t.Fatal(err)
	}
	var saved bytes.Buffer
	if err := first.Save(&saved); err != nil {
		t.Fatal(err)
	}
	s, err := Read(bytes.NewReader(saved.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var next Engine
	if next.Names() != nil {
		t.Fatal("records before Use")
	}
	next.Use(s)
	if !slices.Equal(next.Names(), []string{"a", "b"}) || next.files["a"].of != &next {
		t.Errorf("after Use: names %v", next.Names())
	}
	if err := next.Run(t.Context(), "epoch", &Memory{Set: map[string][]byte{"a": []byte("a"), "b": []byte("b")}}, Stage{Outputs: outs}); err != nil {
		t.Fatal(err)
	}
	if len(next.Made) != 0 {
		t.Errorf("an engine that used the records made %v", next.Made)
	}

	huge := []byte{0, 0x80, 0x80, 0x80, 0x20, 1, 'a'} // no epoch, 1<<26 records, a cut one
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	if _, err := Read(bytes.NewReader(huge)); err == nil {
		t.Error("a count of 1<<26 with one record cut short was read")
	}
	runtime.ReadMemStats(&ms)
	if got := ms.TotalAlloc - before; got > 64<<20 {
		t.Errorf("reading a huge count with no records allocated %d MB", got>>20)
	}
}
