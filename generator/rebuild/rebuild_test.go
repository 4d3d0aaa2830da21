package rebuild

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestEngine runs the same declarations twice and with one dependency
// changed: only the changed output is made again, a stage's prefix goes
// before its names, and under Verify a dependency left out of the
// declaration is found by name.
func TestEngine(t *testing.T) {
	var e Engine
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
		set, err := e.Run(t.Context(), "epoch", Stage{Outputs: decl(extra)}, Stage{Prefix: "en/", Outputs: decl(extra)[:1]})
		if err != nil {
			t.Fatal(err)
		}
		if got := set.Paths(); !slices.Equal(got, []string{"a", "b", "en/b"}) {
			t.Fatalf("paths %v", got)
		}
		if !slices.Equal(e.Made, want) {
			t.Errorf("made %v, want %v", e.Made, want)
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
	if _, err := e.Run(t.Context(), "epoch", Stage{Outputs: outs()}); err != nil {
		t.Fatal(err)
	}
	hidden = "y"
	_, err := e.Run(t.Context(), "epoch", Stage{Outputs: outs()})
	var stale *StaleError
	if !errors.As(err, &stale) || stale.Name != "page" {
		t.Errorf("a hidden dependency gave %v, want a StaleError for page", err)
	}
}

func TestEngineDuplicateName(t *testing.T) {
	one := Output{Name: "feed.xml", Make: func() ([]byte, error) { return nil, nil }}
	_, err := (*Engine)(nil).Run(t.Context(), "", Stage{Outputs: []Output{one}}, Stage{Outputs: []Output{one}})
	if err == nil || !strings.Contains(err.Error(), "two outputs want the path feed.xml") {
		t.Errorf("two outputs at one path: %v", err)
	}
}
