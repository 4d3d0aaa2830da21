package themes

import (
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestEveryLanguageHasEveryString: a string missing from a language's
// file would show in English on that language's site ("1 incident" on a
// Japanese page), so each file must give every string of en.toml,
// plural forms (key_one) included.
func TestEveryLanguageHasEveryString(t *testing.T) {
	theme := Builtin()
	keys := func(name string) map[string]bool {
		data, err := fs.ReadFile(theme, name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if _, err := toml.Decode(string(data), &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := map[string]bool{}
		for k, v := range m {
			if _, ok := v.(string); ok {
				out[k] = true
			}
		}
		return out
	}
	en := keys("i18n/en.toml")
	files, _ := fs.Glob(theme, "i18n/*.toml")
	for _, f := range files {
		if path.Base(f) == "en.toml" {
			continue
		}
		have := keys(f)
		var missing []string
		for k := range en {
			if !have[k] && !strings.HasPrefix(k, "month_") {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s lacks %s", f, strings.Join(missing, ", "))
		}
	}
}
