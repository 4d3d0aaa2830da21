package statuspage

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
)

// shape lists every field path of a JSON document with the JSON types
// seen there ("incidents[].incident_updates[].affected_components[].code"
// → string). A null is recorded as such, so that a field that is null in
// one place and an object elsewhere has both.
func shape(v any, path string, out map[string]map[string]bool) {
	add := func(kind string) {
		if out[path] == nil {
			out[path] = map[string]bool{}
		}
		out[path][kind] = true
	}
	switch v := v.(type) {
	case nil:
		add("null")
	case bool:
		add("boolean")
	case float64:
		add("number")
	case string:
		add("string")
	case []any:
		add("array")
		for _, x := range v {
			shape(x, path+"[]", out)
		}
	case map[string]any:
		add("object")
		for k, x := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
			shape(x, p, out)
		}
	}
}

func shapeOf(t *testing.T, name string, data []byte) map[string]map[string]bool {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]map[string]bool{}
	shape(v, "", out)
	return out
}

// TestRealShape compares incidents.json field by field with a real
// Statuspage response (testdata/real, see SOURCE.md): every field the real
// one has, at every level, must be in ours with a type the real one uses
// there (null counts as compatible with any), so that a consumer written
// against Statuspage finds everything it reads.
func TestRealShape(t *testing.T) {
	real, err := os.ReadFile("testdata/real/githubstatus-incidents.json")
	if err != nil {
		t.Fatal(err)
	}
	want := shapeOf(t, "real", real)
	var ours map[string]map[string]bool
	for _, site := range []string{"en", "ja"} {
		m, text := loadModel(t, siteFS(site), testNow())
		set := render(t, m, text)
		got := shapeOf(t, site, set[Dir+"incidents.json"])
		if ours == nil {
			ours = got
			continue
		}
		for p, kinds := range got {
			if ours[p] == nil {
				ours[p] = map[string]bool{}
			}
			for k := range kinds {
				ours[p][k] = true
			}
		}
	}
	paths := make([]string, 0, len(want))
	for p := range want {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		got, ok := ours[p]
		if !ok {
			t.Errorf("%s: in the real response, missing from ours", p)
			continue
		}
		compatible := false
		for k := range want[p] {
			if got[k] || k == "null" {
				compatible = true
			}
		}
		for k := range got {
			if k != "null" && !want[p][k] && !want[p]["null"] {
				compatible = false
			}
		}
		if !compatible {
			t.Errorf("%s: real %v, ours %v", p, keys(want[p]), keys(got))
		}
	}
	// Fields of ours that the real response lacks, other than those of
	// maintenances (not in this response), are inventions.
	for p := range ours {
		if _, ok := want[p]; !ok && !strings.Contains(p, "scheduled_") {
			t.Errorf("%s: ours has it, the real response has not", p)
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
