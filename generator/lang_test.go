package generator

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// feedIDs returns the item IDs of every RSS, Atom and JSON feed of a
// built site, by feed path, each with the item's text.
func feedIDs(t *testing.T, files map[string][]byte) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for name, data := range files {
		base := filepath.Base(name)
		if base != "feed.xml" && base != "atom.xml" && base != "feed.json" {
			continue
		}
		f, err := gofeed.NewParser().ParseString(string(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ids := map[string]string{}
		for _, it := range f.Items {
			if _, dup := ids[it.GUID]; dup || it.GUID == "" {
				t.Errorf("%s: item ID %q is empty or twice", name, it.GUID)
			}
			ids[it.GUID] = it.Content + it.Description
		}
		out[name] = ids
	}
	return out
}

// TestTranslationKeepsFeedIDs adds the English text of an update that
// had none: every feed keeps the same item IDs (the item is updated, not
// added), the English item now carries the translation, and no ID is
// shared between the languages.
func TestTranslationKeepsFeedIDs(t *testing.T) {
	dir := copySite(t, "bilingual")
	opts := siteOptions(t, "bilingual")
	opts.Source = dir
	b := NewBuilder(opts)
	if _, err := b.Build(t.Context()); err != nil {
		t.Fatal(err)
	}
	before := feedIDs(t, readTree(t, opts.DestDir()))
	if _, err := b.Build(t.Context()); err != nil {
		t.Fatal(err)
	}
	if again := feedIDs(t, readTree(t, opts.DestDir())); !sameIDs(before, again) {
		t.Fatal("a rebuild with nothing new changed feed item IDs")
	}

	file := filepath.Join(dir, "content", "incidents", "2026-11-20-search-outage.md")
	data, err := os.ReadFile(file)
	must(t, err)
	const untranslated = "管理画面とAPIの検索が利用できません。\n"
	if !strings.Contains(string(data), untranslated) {
		t.Fatal("the test site changed: no untranslated update to translate")
	}
	data = []byte(strings.Replace(string(data), untranslated, untranslated+"\n### en\n\nSearch is unavailable in the dashboard and the API.\n", 1))
	must(t, os.WriteFile(file, data, 0o644))
	res, err := b.Build(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diags {
		if d.Pos.Line == 29 && strings.Contains(d.Pos.File, "search-outage") {
			t.Errorf("the translated update is still reported: %v", d)
		}
	}
	after := feedIDs(t, readTree(t, opts.DestDir()))
	if !sameIDs(before, after) {
		for name := range before {
			t.Errorf("%s: IDs before %v, after %v", name, keys(before[name]), keys(after[name]))
		}
		t.Fatal("adding a translation changed feed item IDs")
	}
	id := "tag:status.example.jp,2026-11-20:en/incidents/2026-11-20-search-outage/u20261120T0530Z"
	en := after["en/feed.xml"][id]
	if !strings.Contains(en, "Search is unavailable in the dashboard") || strings.Contains(en, "Not yet translated") {
		t.Errorf("the English item does not carry the new translation: %q", en)
	}
	if old := before["en/feed.xml"][id]; !strings.Contains(old, "Not yet translated") {
		t.Errorf("before the translation the English item did not say it was untranslated: %q", old)
	}
	for name, ids := range after {
		if strings.HasPrefix(name, "en/") {
			continue
		}
		for id := range ids {
			if _, shared := after["en/"+name][id]; shared {
				t.Errorf("%s and en/%s share the item ID %s", name, name, id)
			}
		}
	}
}

func sameIDs(a, b map[string]map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for name, ids := range a {
		if !slices.Equal(keys(ids), keys(b[name])) {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestBilingualRebuild rebuilds the bilingual site: with nothing new it
// writes nothing, and after an edit of one update's English text only
// the pages that show that incident are made again, in English only, and
// the result is the same as a clean build.
func TestBilingualRebuild(t *testing.T) {
	dir := copySite(t, "bilingual")
	opts := siteOptions(t, "bilingual")
	opts.Source = dir
	b := NewBuilder(opts)
	first, err := b.Build(t.Context())
	must(t, err)
	before := published(t, opts)
	res, err := b.Build(t.Context())
	must(t, err)
	if res.Stats.Written != 0 || res.Stats.Unchanged != first.Files || first.Files != len(before) {
		t.Errorf("rebuild of unchanged content: %+v, want 0 written, %d unchanged", res.Stats, len(before))
	}
	file := filepath.Join(dir, "content", "incidents", "2026-11-20-search-outage.md")
	data, err := os.ReadFile(file)
	must(t, err)
	must(t, os.WriteFile(file, []byte(strings.Replace(string(data), "Search works again.", "Search works again for everyone.", 1)), 0o644))
	res, err = b.Build(t.Context())
	must(t, err)
	if res.Parsed != 1 {
		t.Errorf("rebuild after one edit parsed %d files, want 1", res.Parsed)
	}
	clean, err := NewBuilder(opts).Render(t.Context())
	must(t, err)
	changed := 0
	after := published(t, opts)
	if len(after) != len(clean.Set) {
		t.Errorf("the folder holds %d files, a clean build %d", len(after), len(clean.Set))
	}
	for name, want := range clean.Set {
		if !bytes.Equal(after[name], want) {
			t.Errorf("incremental rebuild differs from a clean build in %s", name)
		}
		if !bytes.Equal(before[name], want) {
			changed++
			if !strings.HasPrefix(name, "en/") && name != "generated.json" && name != "index.html" {
				t.Errorf("an edit of English text changed %s", name)
			}
		}
	}
	if changed == 0 {
		t.Error("the edit changed no output")
	}
}

// words are the keys of the JSON API whose values are words, which
// differ between languages; every other value (ids, statuses, times,
// impacts, positions, uptime) must be the same. (message and label are
// the shields.io badge's words.)
var words = map[string]bool{"name": true, "body": true, "description": true, "url": true, "shortlink": true, "message": true, "label": true}

// TestLanguagesShareTheStatus compares every JSON API file of the
// bilingual site with its English one: only words and addresses differ.
func TestLanguagesShareTheStatus(t *testing.T) {
	opts := siteOptions(t, "bilingual")
	res, err := NewBuilder(opts).Render(t.Context())
	must(t, err)
	n := 0
	for name, data := range res.Set {
		if !strings.HasPrefix(name, "api/") || !strings.HasSuffix(name, ".json") {
			continue
		}
		en, ok := res.Set["en/"+name]
		if !ok {
			t.Errorf("%s has no English en/%s", name, name)
			continue
		}
		var a, b any
		must(t, json.Unmarshal(data, &a))
		must(t, json.Unmarshal(en, &b))
		sameStatus(t, name, "", a, b)
		n++
	}
	if n < 8 {
		t.Errorf("compared %d API files, want every one of them", n)
	}
}

func sameStatus(t *testing.T, file, path string, a, b any) {
	t.Helper()
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			t.Errorf("%s%s: the languages differ in shape", file, path)
			return
		}
		for k, v := range x {
			if words[k] {
				continue
			}
			sameStatus(t, file, path+"."+k, v, y[k])
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			t.Errorf("%s%s: the languages have different numbers of entries", file, path)
			return
		}
		for i := range x {
			sameStatus(t, file, path+"["+strconv.Itoa(i)+"]", x[i], y[i])
		}
	default:
		if a != b {
			t.Errorf("%s%s: %v in the default language, %v in English", file, path, a, b)
		}
	}
}
