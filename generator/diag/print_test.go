package diag

import (
	"bytes"
	"errors"
	"testing"
)

type status string // stands for source.Status: a named string type

func testCatalog() *Catalog {
	english := map[string]string{
		"unknown-component": "unknown component %q (known: %s)",
		"newest":            "the newest update says %q",
		"for-kind":          "invalid status %q for %s",
		"order":             "this one (%s) is newer than line %d",
		"warning":           "warning: %s",
		"untranslated":      "only in English %d",
	}
	ja := map[string]string{
		"unknown-component": "%q というコンポーネントはありません（あるもの: %s）",
		"newest":            "最新の報告は %qです",
		"for-kind":          "%[2]sの状態に %[1]q は使えません",
		"order":             "この報告（%[1]s）は %[2]d 行目より新しい",
		"warning":           "警告: %s",
	}
	words := map[string]string{"status_investigating": "調査中", "incidents": "障害", "mail": "メール"}
	return NewCatalog("ja", english, ja, words)
}

func TestCatalogSprintf(t *testing.T) {
	c := testCatalog()
	for _, tc := range []struct {
		format string
		args   []any
		want   string
	}{
		// Plain strings are what the person wrote: never translated,
		// even when they happen to be a word of the catalog.
		{"unknown component %q (known: %s)", []any{"mail", "api, web"}, `"mail" というコンポーネントはありません（あるもの: api, web）`},
		// A status is shown as written, with its meaning.
		{"the newest update says %q", []any{status("investigating")}, `最新の報告は "investigating"（調査中）です`},
		// A Word is the tool's own and is translated; %[n] reorders.
		{"invalid status %q for %s", []any{"investigatin", Word("incidents")}, `障害の状態に "investigatin" は使えません`},
		{"this one (%s) is newer than line %d", []any{"10:05", 7}, "この報告（10:05）は 7 行目より新しい"},
		// No Japanese yet: English, so nothing is lost.
		{"only in English %d", []any{3}, "only in English 3"},
		{"not in the catalog %s", []any{Word("incidents")}, "not in the catalog incidents"},
	} {
		if got := c.Sprintf(tc.format, tc.args...); got != tc.want {
			t.Errorf("Sprintf(%q) = %q, want %q", tc.format, got, tc.want)
		}
	}
	var nilCat *Catalog
	if got := nilCat.Sprintf("the newest update says %q", status("investigating")); got != `the newest update says "investigating"` {
		t.Errorf("nil catalog: %q", got)
	}
}

func TestCatalogPrint(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "a.md", Line: 2, Col: 3}, "unknown component %q (known: %s)", "mial", "mail")
	l.Warnf(Pos{File: "a.md", Line: 5, Col: 1}, "the newest update says %q", status("investigating"))
	l.Errorf(Pos{File: "b.md"}, "not in the catalog")
	c := testCatalog()

	var text bytes.Buffer
	if err := c.WriteText(&text, l); err != nil {
		t.Fatal(err)
	}
	want := `a.md:2:3: "mial" というコンポーネントはありません（あるもの: mail）
a.md:5:1: 警告: 最新の報告は "investigating"（調査中）です
b.md: not in the catalog
`
	if text.String() != want {
		t.Errorf("text:\n%swant:\n%s", text.String(), want)
	}
	if got := l[0].Message; got != `unknown component "mial" (known: mail)` {
		t.Errorf("Message keeps the English text, got %q", got)
	}

	var js bytes.Buffer
	if err := c.WriteJSON(&js, l[:1]); err != nil {
		t.Fatal(err)
	}
	wantJSON := `[
  {
    "file": "a.md",
    "line": 2,
    "col": 3,
    "severity": "error",
    "code": "unknown-component",
    "message": "\"mial\" というコンポーネントはありません（あるもの: mail）"
  }
]
`
	if js.String() != wantJSON {
		t.Errorf("json:\n%swant:\n%s", js.String(), wantJSON)
	}
}

func TestMessageError(t *testing.T) {
	err := Errorf("the newest update says %q", status("investigating"))
	if err.Error() != `the newest update says "investigating"` {
		t.Errorf("Error() = %q", err.Error())
	}
	var m *Message
	if !errors.As(err, &m) {
		t.Fatal("errors.As: no *Message")
	}
	if got := testCatalog().Sprintf(m.Format, m.Args...); got != `最新の報告は "investigating"（調査中）です` {
		t.Errorf("translated: %q", got)
	}
}
