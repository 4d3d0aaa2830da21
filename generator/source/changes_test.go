package source

import (
	"fmt"
	"strings"
	"testing"
)

// A file of generated [[changes]] is refused past MaxUpdates entries,
// where it says so, and reading it stays quick.
func TestTooManyChanges(t *testing.T) {
	var b strings.Builder
	b.WriteString("+++\ntitle = \"x\"\nseverity = \"minor\"\nscope = [\"api\"]\nstarted = 2026-11-20T09:00:00+09:00\n")
	for i := range MaxUpdates + 5 {
		fmt.Fprintf(&b, "\n[[changes]]\nat = 2026-11-20T09:20:00+09:00\nimpact = \"i%d\"\n", i)
	}
	b.WriteString("+++\n\n## 2026-11-20 09:20 investigating\n")
	in, diags := Parse("content/incidents/x.md", []byte(b.String()), testOptions(t))
	if len(diags) != 1 || !strings.Contains(diags[0].Message, fmt.Sprintf("more than %d [[changes]] entries", MaxUpdates)) {
		t.Fatalf("want one error about the number of changes, got %v", diags)
	}
	if line := 6 + 4*MaxUpdates + 1; diags[0].Pos.Line != line {
		t.Errorf("error at line %d, want %d (the first entry over the limit)", diags[0].Pos.Line, line)
	}
	if len(in.Changes) != MaxUpdates || in.Impact != fmt.Sprintf("i%d", MaxUpdates-1) {
		t.Errorf("%d changes read, impact %q", len(in.Changes), in.Impact)
	}
}
