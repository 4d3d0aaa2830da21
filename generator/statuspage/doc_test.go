package statuspage

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestWriteDoc checks that a document is marshal's bytes for the same
// members, and that its buffer is sized once for the whole of it: a
// buffer that had to grow past its first size ends with about twice
// the room it needs.
func TestWriteDoc(t *testing.T) {
	type item struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	var list []item
	var items []string
	for i := range 3000 {
		it := item{ID: strings.Repeat("x", i%40), Name: "incident <" + strings.Repeat("é", i%7) + ">"}
		list = append(list, it)
		data, err := indented(it, "    ")
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, string(data))
	}
	pg := page{ID: "p", Name: "Example", URL: "https://status.example.com", TimeZone: "Asia/Tokyo", UpdatedAt: "2026-12-02T05:00:00Z"}
	st := pageStatus{Indicator: "minor", Description: "Minor service outage"}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false) // as Statuspage writes its documents
	enc.SetIndent("", "  ")
	err := enc.Encode(struct {
		Page      page       `json:"page"`
		Incidents []item     `json:"incidents"`
		None      []item     `json:"none"`
		Status    pageStatus `json:"status"`
	}{pg, list, []item{}, st})
	if err != nil {
		t.Fatal(err)
	}
	var w bytes.Buffer
	if err := writeDoc(&w, field{key: "page", value: pg}, field{key: "incidents", items: items, list: true},
		field{key: "none", list: true}, field{key: "status", value: st}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w.Bytes(), want.Bytes()) {
		t.Fatalf("writeDoc wrote\n%.300s\nwant\n%.300s", w.Bytes(), want.Bytes())
	}
	if spare := w.Cap() - w.Len(); spare > w.Len()/8 {
		t.Errorf("the buffer of a %d-byte document has %d bytes to spare: it grew past the size writeDoc gave it", w.Len(), spare)
	}
}
