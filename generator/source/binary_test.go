package source_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/themes"
)

// load parses the incidents of a test site the way a build does.
func loadSite(t testing.TB, name string) ([]*source.Incident, *time.Location) {
	t.Helper()
	fsys := os.DirFS(filepath.Join("..", "..", "testdata", "sites", name))
	site, diags := config.Load(fsys, config.Options{Languages: i18n.Languages(themes.Builtin())})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	loader := source.NewLoader(source.Options{Location: site.Location, Components: site.ComponentIDs(), Markdown: markdown.New(),
		Languages: site.Others(), Default: site.Language})
	list, diags := loader.Load(fsys)
	for _, in := range list {
		in.Texts = nil // as a Builder keeps them once checked
	}
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return list, site.Location
}

// TestBinaryRoundTrip: every incident of the test sites (changes,
// translations, maintenance, postmortems) reads back as it was parsed,
// but for the Texts the cache leaves out.
func TestBinaryRoundTrip(t *testing.T) {
	for _, site := range []string{"en", "ja", "bilingual"} {
		list, loc := loadSite(t, site)
		var buf bytes.Buffer
		if err := source.WriteIncidents(&buf, list, loc); err != nil {
			t.Fatal(err)
		}
		got, err := source.ReadIncidents(&buf, loc)
		if err != nil {
			t.Fatalf("%s: %v", site, err)
		}
		if len(got) != len(list) {
			t.Fatalf("%s: read %d incidents, wrote %d", site, len(got), len(list))
		}
		for i, want := range list {
			w := *want
			w.Texts = nil
			if p := differ(reflect.ValueOf(*got[i]), reflect.ValueOf(w), ""); p != "" {
				t.Errorf("%s: %s reads back with another %s", site, want.File, p)
			}
		}
	}
}

// differ returns the path of the first field where a and b differ, or
// "". Times are equal when they are the same instant printed alike
// (zone name and offset): a zone read back is another *time.Location.
func differ(a, b reflect.Value, path string) string {
	if a.Type() == reflect.TypeFor[time.Time]() {
		t, u := a.Interface().(time.Time), b.Interface().(time.Time)
		const layout = "2006-01-02T15:04:05.999999999 MST -07:00"
		if !t.Equal(u) || t.IsZero() != u.IsZero() || t.Format(layout) != u.Format(layout) {
			return path
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if p := differ(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
		return ""
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return path
		}
		for i := range a.Len() {
			if p := differ(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
		return ""
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return path
		}
		for _, k := range a.MapKeys() {
			if !b.MapIndex(k).IsValid() {
				return path
			}
			if p := differ(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); p != "" {
				return p
			}
		}
		return ""
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path
			}
			return ""
		}
		return differ(a.Elem(), b.Elem(), path)
	}
	if !a.CanInterface() {
		switch a.Kind() { // topBroken, keys
		case reflect.Bool:
			if a.Bool() != b.Bool() {
				return path
			}
		case reflect.String:
			if a.String() != b.String() {
				return path
			}
		default:
			return path + " (unexported: teach differ its kind)"
		}
		return ""
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return path
	}
	return ""
}

// TestBinaryFields fails when source.Incident gains a field: the
// codec must learn it (and this count change) or the cache would drop it.
func TestBinaryFields(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
	}{{source.Incident{}, 22}, {source.Change{}, 9}, {source.Update{}, 5}, {source.Facts{}, 5}, {source.Texts{}, 3}} {
		if n := reflect.TypeOf(c.v).NumField(); n != c.want {
			t.Errorf("%T has %d fields, the cache codec knows %d: teach binary.go the new one", c.v, n, c.want)
		}
	}
}

// BenchmarkReadIncidents compares reading the cache of a synthetic
// site's incidents with parsing them.
func BenchmarkReadIncidents(b *testing.B) {
	dir := b.TempDir()
	sitetest.Synthetic(b, dir, 2000)
	fsys := os.DirFS(dir)
	site, _ := config.Load(fsys, config.Options{Languages: i18n.Languages(themes.Builtin())})
	opts := source.Options{Location: site.Location, Components: site.ComponentIDs(), Markdown: markdown.New(),
		Languages: site.Others(), Default: site.Language}
	list, _ := source.NewLoader(opts).Load(fsys)
	var buf bytes.Buffer
	if err := source.WriteIncidents(&buf, list, site.Location); err != nil {
		b.Fatal(err)
	}
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			source.NewLoader(opts).Load(fsys)
		}
	})
	b.Run("cache", func(b *testing.B) {
		b.SetBytes(int64(buf.Len()))
		for b.Loop() {
			if _, err := source.ReadIncidents(bytes.NewReader(buf.Bytes()), site.Location); err != nil {
				b.Fatal(err)
			}
		}
	})
}
