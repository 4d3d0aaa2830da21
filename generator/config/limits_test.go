package config

import (
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
)

// TestDepthIgnoresStringsAndComments: brackets in strings, multi-line
// strings and comments are text, not nesting, and lines after a
// multi-line string are still counted right.
func TestDepthIgnoresStringsAndComments(t *testing.T) {
	deep := strings.Repeat("[", 40)
	text := "a = \"" + deep + "\"\n" +
		"b = '" + deep + "'\n" +
		"c = \"\"\"\n" + deep + "\n\\\"\"\" \n\"\"\"\n" +
		"d = '''\n" + deep + "\n'''\n" +
		"# " + deep + "\n" +
		"e = \"\\\"" + deep + "\"\n" +
		"f = [[1, 2], {x = [3]}]\n"
	var diags diag.List
	if tab := Decode("f.toml", text, 1, &diags); tab == nil || len(diags) != 0 {
		t.Fatalf("refused a flat document: %v", diags)
	}
	text += "g = " + strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1) + "\n"
	Decode("f.toml", text, 1, &diags)
	want := "f.toml:13:21"
	if len(diags) != 1 || diags[0].Pos.String() != want {
		t.Fatalf("got %v, want one error at %s", diags, want)
	}
}

// TestDeepNestingRefusedFast is the report's case: 100 KB of 20,000
// nested inline tables took the TOML library 73 s and 15 GB. It is now
// refused at the 17th brace, before the library runs.
func TestDeepNestingRefusedFast(t *testing.T) {
	n := 20000
	text := "x = " + strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) + "\n"
	var diags diag.List
	start := time.Now()
	if Decode("f.toml", text, 2, &diags) != nil || !diags.HasErrors() {
		t.Fatal("deep nesting was decoded")
	}
	if got := diags[0].Pos.String(); got != "f.toml:2:53" {
		t.Errorf("error at %s, want f.toml:2:53", got)
	}
	t.Logf("refused in %v", time.Since(start))
}
