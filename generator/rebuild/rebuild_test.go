package rebuild

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/status"
)

// TestEngine runs the same declarations twice and with one dependency
// changed: only the changed output is made again, a stage's prefix goes
// before its names, and under Verify a dependency left out of the
// declaration is found by name.
func TestEngine(t *testing.T) {
	var e Engine
	var site output.Set
	text := map[string]string{"a": "A", "b": "B"}
	decl := func(extra string) []Output {
		var outs []Output
		for _, name := range []string{"b", "a"} {
			outs = append(outs, Output{Name: name, Deps: Deps{Extra: extra + text[name]}, Make: Bytes(func() ([]byte, error) {
				return []byte(text[name] + extra), nil
			})})
		}
		return outs
	}
	run := func(extra string, want ...string) {
		t.Helper()
		mem := &Memory{Set: site}
		if err := e.Run(t.Context(), "epoch", mem, Stage{Outputs: decl(extra)}, Stage{Prefix: "en/", Outputs: decl(extra)[:1]}); err != nil {
			t.Fatal(err)
		}
		site = mem.Site(e.Names())
		if got := site.Paths(); !slices.Equal(got, []string{"a", "b", "en/b"}) {
			t.Fatalf("paths %v", got)
		}
		if !slices.Equal(e.Made, want) {
			t.Errorf("made %v, want %v", e.Made, want)
		}
		for name, data := range site {
			if w := text[strings.TrimPrefix(name, "en/")] + extra; string(data) != w {
				t.Errorf("%s = %q, want %q", name, data, w)
			}
		}
	}
	run("1", "a", "b", "en/b")
	run("1")
	text["a"] = "A2"
	run("1", "a")
	run("2", "a", "b", "en/b")

	// A declaration that leaves out what it prints: under Verify the
	// engine says which output is stale.
	e.Verify = true
	hidden := "x"
	outs := func() []Output {
		return []Output{{Name: "page", Make: Fixed([]byte(hidden))}}
	}
	if err := e.Run(t.Context(), "epoch", &Memory{}, Stage{Outputs: outs()}); err != nil {
		t.Fatal(err)
	}
	hidden = "y"
	err := e.Run(t.Context(), "epoch", &Memory{}, Stage{Outputs: outs()})
	var stale *StaleError
	if !errors.As(err, &stale) || stale.Name != "page" {
		t.Errorf("a hidden dependency gave %v, want a StaleError for page", err)
	}
}

func TestEngineDuplicateName(t *testing.T) {
	one := Output{Name: "feed.xml", Make: Fixed(nil)}
	err := (*Engine)(nil).Run(t.Context(), "", &Memory{}, Stage{Outputs: []Output{one}}, Stage{Outputs: []Output{one}})
	if err == nil || !strings.Contains(err.Error(), "two outputs want the path feed.xml") {
		t.Errorf("two outputs at one path: %v", err)
	}
}

// counted is a Memory that counts what it is handed.
type counted struct {
	Memory
	mu   sync.Mutex
	puts []string
}

func (c *counted) Put(name string, data []byte) error {
	c.mu.Lock()
	c.puts = append(c.puts, name)
	c.mu.Unlock()
	return c.Memory.Put(name, data)
}

// TestEngineSink: the engine hands a sink only bytes it does not hold. A
// file whose bytes are the same as in the last run is not handed over
// again, even when made again (volatile); a sink that lacks a file of the
// last run gets it made; a failed run keeps the records of the one before.
func TestEngineSink(t *testing.T) {
	var e Engine
	text := "v1"
	fail := false
	outs := func() []Output {
		return []Output{
			{Name: "page", Deps: Deps{Extra: text}, Make: Fixed([]byte("page " + text))},
			{Name: "clock", Volatile: true, Make: Fixed([]byte("same"))},
			{Name: "broken", Volatile: true, Make: func(w *bytes.Buffer) error {
				if fail {
					return errors.New("broken template")
				}
				w.WriteString("fine")
				return nil
			}},
		}
	}
	run := func(site output.Set, wantPuts ...string) (output.Set, error) {
		t.Helper()
		c := &counted{Memory: Memory{Set: site}}
		if err := e.Run(t.Context(), "epoch", c, Stage{Outputs: outs()}); err != nil {
			return nil, err
		}
		slices.Sort(c.puts)
		if !slices.Equal(c.puts, wantPuts) {
			t.Errorf("put %v, want %v", c.puts, wantPuts)
		}
		return c.Site(e.Names()), nil
	}
	site, err := run(nil, "broken", "clock", "page")
	if err != nil {
		t.Fatal(err)
	}
	if site, err = run(site); err != nil { // clock is made, but its bytes are the same
		t.Fatal(err)
	}
	if !slices.Equal(e.Made, []string{"broken", "clock"}) {
		t.Errorf("made %v, want only the volatile outputs", e.Made)
	}
	// A sink that lost the page (an output folder emptied meanwhile).
	lost := maps.Clone(site)
	delete(lost, "page")
	if site, err = run(lost, "page"); err != nil {
		t.Fatal(err)
	}
	if string(site["page"]) != "page v1" || len(site) != 3 {
		t.Errorf("site %q after the sink lost page", site)
	}
	// A failed run changes no record: the next is as if it never ran.
	text, fail = "v2", true
	if _, err := run(site); err == nil || !strings.Contains(err.Error(), "broken: broken template") {
		t.Fatalf("a failing output gave %v", err)
	}
	fail = false
	if site, err = run(site, "page"); err != nil {
		t.Fatal(err)
	}
	if string(site["page"]) != "page v2" {
		t.Errorf("page = %q after the failed run", site["page"])
	}
}

// TestEngineKeptDeclarations: a renderer that declares the same slice of
// outputs from run to run (render.Kept) gets what one that declares anew
// gets: an output whose stamps are new but equal is not made, one whose
// stamps differ is, one removed and declared again is made again, and
// another engine or another epoch does not take the records the engine
// noted in the declarations.
func TestEngineKeptDeclarations(t *testing.T) {
	s1 := make([]status.Stamp, 2)
	text := map[string]string{"a": "A", "b": "B"}
	outs := []Output{}
	for _, name := range []string{"a", "b"} {
		outs = append(outs, Output{Name: name, Deps: Deps{Extra: text[name], Stamps: s1},
			Make: Bytes(func() ([]byte, error) { return []byte(text[name]), nil })})
	}
	var e Engine
	site := output.Set{}
	run := func(e *Engine, epoch string, outs []Output, want ...string) {
		t.Helper()
		mem := &Memory{Set: site}
		if err := e.Run(t.Context(), epoch, mem, Stage{Outputs: outs}); err != nil {
			t.Fatal(err)
		}
		site = mem.Site(e.Names())
		if !slices.Equal(e.Made, want) {
			t.Errorf("made %v, want %v", e.Made, want)
		}
		for _, o := range outs {
			if string(site[o.Name]) != text[o.Name] {
				t.Errorf("%s = %q, want %q", o.Name, site[o.Name], text[o.Name])
			}
		}
	}
	run(&e, "1", outs, "a", "b")
	if outs[0].rec == nil || outs[1].rec == nil {
		t.Fatal("the engine noted no record in the declarations")
	}
	run(&e, "1", outs)
	outs[1].Deps.Extra = strings.Clone(text["b"]) // equal, not the same string
	outs[1].Deps.Stamps = make([]status.Stamp, 2) // equal, not the same array
	run(&e, "1", outs)
	outs[1].Deps.Stamps = outs[1].Deps.Stamps[:1]
	run(&e, "1", outs, "b")
	text["b"], outs[1].Deps.Extra = "B2", "B2"
	run(&e, "1", outs, "b")
	run(&e, "1", outs[:1])
	if got := e.Names(); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("names %v after b was left out", got)
	}
	run(&e, "1", outs, "b")
	if got := e.Names(); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("names %v after b came back", got)
	}
	var other Engine
	site = output.Set{}
	run(&other, "1", outs, "a", "b")
	run(&e, "1", outs)
	run(&e, "2", outs, "a", "b")
	run(&e, "2", outs)
}

// sizes is a Sink that keeps only the size of each file.
type sizes map[string]int

func (s sizes) Has(string, Sum, int64) bool { return false }
func (s sizes) Put(name string, data []byte) error {
	s[name] = len(data)
	return nil
}

// TestBuffersKept runs an engine again and again over one output of a
// megabyte that changes every time: the buffer it is made in is the
// engine's from one run to the next, not a new megabyte each run.
func TestBuffersKept(t *testing.T) {
	var e Engine
	big := bytes.Repeat([]byte("x"), 1<<20)
	run := func(i int) {
		big[0] = byte('a' + i%26)
		out := Output{Name: "big", Deps: Deps{Extra: string(big[:1])}, Make: func(w *bytes.Buffer) error {
			w.Write(big)
			return nil
		}}
		sink := sizes{}
		if err := e.Run(t.Context(), "epoch", sink, Stage{Outputs: []Output{out}}); err != nil {
			t.Fatal(err)
		}
		if sink["big"] != len(big) || !slices.Equal(e.Made, []string{"big"}) {
			t.Fatalf("run %d made %v, put %v", i, e.Made, sink)
		}
	}
	run(0)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	run(100)
	runtime.ReadMemStats(&after)
	if grown := after.TotalAlloc - before.TotalAlloc; grown > uint64(len(big))/4 {
		t.Errorf("a run allocated %d bytes for an output of %d", grown, len(big))
	}
}

// hashed is a Sink that holds the hash of each file it was given, and
// holds a file only with those bytes, as a folder read back does.
type hashed map[string]Sum

func (h hashed) Has(name string, sum Sum, size int64) bool {
	s, ok := h[name]
	return ok && s == sum
}

func (h hashed) Put(name string, data []byte) error {
	h[name] = sha256.Sum256(data)
	return nil
}

// TestUnhashed: bytes of a new size are not hashed, and a sink that
// checks hashes then does not hold them: the next run makes them again,
// and hands over bytes of the same size that it cannot tell from the
// last.
func TestUnhashed(t *testing.T) {
	var e Engine
	sink := hashed{}
	text := "one"
	run := func(want ...string) {
		t.Helper()
		out := Output{Name: "a", Deps: Deps{Extra: text}, Make: Fixed([]byte(text))}
		if err := e.Run(t.Context(), "epoch", sink, Stage{Outputs: []Output{out}}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(e.Made, want) {
			t.Errorf("made %v, want %v", e.Made, want)
		}
		if sink["a"] != sha256.Sum256([]byte(text)) {
			t.Errorf("the sink holds other bytes than %q", text)
		}
	}
	run("a")
	run()
	text = "three" // another size: not hashed
	run("a")
	if e.files["a"].sum != unknown {
		t.Error("bytes of a new size were hashed")
	}
	run("a") // the sink cannot say it holds them
	if e.files["a"].sum == unknown {
		t.Error("bytes of the same size were not hashed")
	}
	run()
	text = "eerht" // the same size: hashed, told apart
	run("a")
}

// TestVerifyUnhashed: a record whose bytes were not hashed cannot be
// told stale; under Verify it is made and handed over, not reported.
func TestVerifyUnhashed(t *testing.T) {
	var e Engine
	sink := hashed{}
	text := "one"
	run := func() error {
		out := Output{Name: "a", Deps: Deps{Extra: text}, Make: Fixed([]byte(text))}
		return e.Run(t.Context(), "epoch", sink, Stage{Outputs: []Output{out}})
	}
	must(t, run())
	text = "three" // another size: not hashed
	must(t, run())
	e.Verify = true
	if err := run(); err != nil {
		t.Errorf("nothing changed, yet under Verify: %v", err)
	}
}

// TestFailedRunKeepsRecords: a run under a new epoch that fails leaves
// the records of the last good run, which the next run under the old
// epoch takes from as before.
func TestFailedRunKeepsRecords(t *testing.T) {
	var e Engine
	sink := hashed{}
	outs := func(fail bool) []Output {
		return []Output{
			{Name: "a", Make: Fixed([]byte("A"))},
			{Name: "b", Make: func(w *bytes.Buffer) error {
				if fail {
					return errors.New("broken")
				}
				w.WriteString("B")
				return nil
			}},
		}
	}
	must(t, e.Run(t.Context(), "one", sink, Stage{Outputs: outs(false)}))
	if err := e.Run(t.Context(), "two", sink, Stage{Outputs: outs(true)}); err == nil {
		t.Fatal("a failing output did not fail the run")
	}
	if got := e.Names(); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("after a failed run the engine names %v", got)
	}
	must(t, e.Run(t.Context(), "one", sink, Stage{Outputs: outs(false)}))
	if len(e.Made) != 0 {
		t.Errorf("after a failed run under another epoch, the old epoch's run made %v", e.Made)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
