package rebuild

import (
	"testing"

	"github.com/statuspress/statuspress/generator/status"
)

// TestPartsKeepsWhatIsAskedTwice: a piece asked for once is made again
// when asked a second time, and kept from then on, across runs of the
// same epoch; a new epoch drops it.
func TestPartsKeepsWhatIsAskedTwice(t *testing.T) {
	e := &Engine{}
	made := 0
	get := func(name string) {
		t.Helper()
		v, err := e.Parts("en/").Get(name, status.Stamp{}, func() (string, error) { made++; return "<li>" + name, nil })
		if err != nil || v != "<li>"+name {
			t.Fatalf("Get(%q) = %q, %v", name, v, err)
		}
	}
	e.parts.begin("a", 10)
	get("row")
	get("card")
	if made != 2 {
		t.Fatalf("made %d pieces, want 2", made)
	}
	if len(e.parts.m) != 0 {
		t.Errorf("kept %d pieces asked for once, want none", len(e.parts.m))
	}
	get("row") // second time: made again, and kept
	get("row")
	e.parts.begin("a", 10)
	get("row")
	if made != 3 {
		t.Errorf("made %d pieces, want 3 (row twice, card once)", made)
	}
	if got := len(e.parts.m); got != 1 {
		t.Errorf("kept %d pieces, want 1", got)
	}
	e.parts.begin("b", 10)
	get("row")
	if made != 4 {
		t.Errorf("made %d pieces after a new epoch, want 4", made)
	}
}
