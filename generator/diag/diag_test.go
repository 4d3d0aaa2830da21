package diag

import (
	"bytes"
	"strings"
	"testing"
)

func TestPosString(t *testing.T) {
	for _, tc := range []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "a.md"}, "a.md"},
		{Pos{File: "a.md", Line: 3}, "a.md:3"},
		{Pos{File: "a.md", Line: 3, Col: 7}, "a.md:3:7"},
	} {
		if got := tc.pos.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.pos, got, tc.want)
		}
	}
}

func TestSortAndPrint(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "b.md", Line: 1, Col: 1}, "b")
	l.Warnf(Pos{File: "a.md", Line: 2, Col: 1}, "warn")
	l.Errorf(Pos{File: "a.md", Line: 10, Col: 1}, "ten")
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 1}, "z")
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 1}, "a")
	l.Sort()
	var got bytes.Buffer
	if err := l.WriteText(&got); err != nil {
		t.Fatal(err)
	}
	want := "a.md:2:1: a\na.md:2:1: z\na.md:2:1: warning: warn\na.md:10:1: ten\nb.md:1:1: b\n"
	if got.String() != want {
		t.Errorf("got:\n%swant:\n%s", got.String(), want)
	}
	if n := len(l.Errors()); n != 4 {
		t.Errorf("Errors() has %d entries, want 4", n)
	}
	if n := len(l.Warnings()); n != 1 {
		t.Errorf("Warnings() has %d entries, want 1", n)
	}
	if l.Err() == nil || l.Warnings().Err() != nil {
		t.Errorf("Err: want an error for errors only")
	}
}

func TestWriteJSON(t *testing.T) {
	var got bytes.Buffer
	if err := List(nil).WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	if got.String() != "[]\n" {
		t.Errorf("empty list = %q, want []", got.String())
	}
	got.Reset()
	var l List
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 3}, "bad %q", "x")
	if err := l.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	want := `[
  {
    "file": "a.md",
    "line": 2,
    "col": 3,
    "severity": "error",
    "message": "bad \"x\""
  }
]
`
	if got.String() != want {
		t.Errorf("got:\n%swant:\n%s", got.String(), want)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"title", "severity", "scope", "started", "eta", "next_update", "resolved", "impact", "workaround", "draft"}
	comps := []string{"api", "mail", "web", "group"}
	for _, tc := range []struct {
		word  string
		cands []string
		want  string
	}{
		{"sevrity", keys, "severity"},
		{"workround", keys, "workaround"},
		{"nextupdate", keys, "next_update"},
		{"stared", keys, "started"},
		{"colour", keys, ""},
		{"mial", comps, "mail"},
		{"colour", comps, ""},
		{"billing", comps, ""},
		{"ap", comps, "api"},
		{"", comps, ""},
		{"x", comps, ""},
	} {
		if got := Suggest(tc.word, tc.cands); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// TestCompact: a problem two stages both report is listed once, and
// problems that differ in place or words are all kept, sorted.
func TestCompact(t *testing.T) {
	var l List
	link := Pos{File: "content/incidents"}
	l.Errorf(link, "this is a symbolic link to %s", "/tmp/x")
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 1}, "unknown severity %q", "mjaor")
	l.Errorf(link, "this is a symbolic link to %s", "/tmp/x")
	l.Warnf(link, "this is a symbolic link to %s", "/tmp/x")
	l.Compact()
	var got []string
	for _, d := range l {
		got = append(got, d.String())
	}
	want := []string{
		`a.md:2:1: unknown severity "mjaor"`,
		"content/incidents: this is a symbolic link to /tmp/x",
		"content/incidents: warning: this is a symbolic link to /tmp/x",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
