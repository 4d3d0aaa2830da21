package rebuild

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/output"
)

// TestEngine runs the same declarations twice and with one dependency
// changed: only the changed output is made again, a stage's prefix goes
// before its names, and under Verify a dependency left out of the
// declaration is found by name.
func TestEngine(t *testing.T) {
	var e Engine
	var site output.Set
	calls := map[string]int{}
	text := map[string]string{"a": "A", "b": "B"}
	decl := func(extra string) []Output {
		var outs []Output
		for _, name := range []string{"b", "a"} {
			outs = append(outs, Output{Name: name, Deps: Deps{Extra: extra + text[name]}, Make: func() ([]byte, error) {
				calls[name]++
				return []byte(text[name] + extra), nil
			}})
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
		return []Output{{Name: "page", Make: func() ([]byte, error) { return []byte(hidden), nil }}}
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
	one := Output{Name: "feed.xml", Make: func() ([]byte, error) { return nil, nil }}
	err := (*Engine)(nil).Run(t.Context(), "", &Memory{}, Stage{Outputs: []Output{one}}, Stage{Outputs: []Output{one}})
	if err == nil || !strings.Contains(err.Error(), "two outputs want the path feed.xml") {
		t.Errorf("two outputs at one path: %v", err)
	}
}
