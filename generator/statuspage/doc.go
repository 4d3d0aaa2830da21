package statuspage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/status"
)

// A file listing incidents is written as marshal would write its
// document, from the JSON of each incident made once: a site with
// thousands of open incidents lists them all in summary.json and
// incidents/unresolved.json, and an edit to one of them changes both.

// field is one member of a document: a value, or a list of items
// already in JSON at the depth of a list's items (see item).
type field struct {
	key   string
	value any
	items []string
	list  bool
}

// writeDoc writes the object of fields into w, byte for byte as marshal
// writes the struct with the same members.
func writeDoc(w *bytes.Buffer, fields ...field) error {
	// The members that are values are marshalled first, so that the
	// buffer is sized for the whole document at once: a site's open
	// incidents can make a document of megabytes, which a buffer grown
	// by doubling copies many times over.
	values := make([][]byte, len(fields))
	n := len("{\n}\n")
	for i, f := range fields {
		n += len(`  "": ,`+"\n") + len(f.key)
		if f.list {
			n += len("[\n  ]")
			for _, it := range f.items {
				n += len("    ,\n") + len(it)
			}
			continue
		}
		data, err := indented(f.value, "  ")
		if err != nil {
			return err
		}
		values[i] = data
		n += len(data)
	}
	w.Grow(n)
	w.WriteString("{\n")
	for i, f := range fields {
		w.WriteString(`  "` + f.key + `": `)
		switch {
		case f.list && len(f.items) == 0:
			w.WriteString("[]")
		case f.list:
			w.WriteString("[\n")
			for j, it := range f.items {
				w.WriteString("    ")
				w.WriteString(it)
				if j+1 < len(f.items) {
					w.WriteByte(',')
				}
				w.WriteByte('\n')
			}
			w.WriteString("  ]")
		default:
			w.Write(values[i])
		}
		if i+1 < len(fields) {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	w.WriteString("}\n")
	return nil
}

// indented is v as marshal writes it nested under prefix, without the
// final newline.
func indented(v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// items makes the JSON of list's incidents (maintenance, when maint)
// as items of a document's list, each once per run, and once across runs
// while the incident and the components it shows stay the same.
type items struct {
	b     *builder
	parts *rebuild.Parts
	// incident and maintenance name the pieces in parts: the components'
	// state is in their names.
	incident, maintenance string
}

func newItems(b *builder, parts *rebuild.Parts) *items {
	sum := sha256.Sum256([]byte(b.page.ID + "|" + b.componentsKey()))
	key := hex.EncodeToString(sum[:12])
	return &items{b: b, parts: parts, incident: "api-incident:" + key, maintenance: "api-maintenance:" + key}
}

func (it *items) list(list []*status.Incident, maint bool) ([]string, error) {
	out := make([]string, len(list))
	for i, in := range list {
		name := it.incident
		if maint {
			name = it.maintenance
		}
		s, err := it.parts.Get(name, in.Stamp(), func() (string, error) {
			var v any = it.b.incident(in)
			if maint {
				v = it.b.maintenance(in)
			}
			data, err := indented(v, "    ")
			return string(data), err
		})
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}
