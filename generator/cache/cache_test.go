package cache

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
func load(t testing.TB, name string) ([]*source.Incident, *time.Location) {
	t.Helper()
	fsys := os.DirFS(filepath.Join("..", "..", "testdata", "sites", name))
	site, diags := config.Load(fsys, config.Options{Languages: i18n.Languages(themes.Builtin())})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	loader := source.NewLoader(source.Options{Location: site.Location, Components: site.ComponentIDs(), Markdown: markdown.New(),
		Languages: site.Others(), Default: site.Language})
	list, diags := loader.Load(fsys)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return list, site.Location
}

// TestIncidentsRoundTrip: every incident of the test sites (changes,
// translations, maintenance, postmortems) reads back as it was parsed,
// but for the Texts the cache leaves out.
func TestIncidentsRoundTrip(t *testing.T) {
	for _, site := range []string{"en", "ja", "bilingual"} {
		list, loc := load(t, site)
		var buf bytes.Buffer
		if err := WriteIncidents(&buf, list, loc); err != nil {
			t.Fatal(err)
		}
		got, err := ReadIncidents(&buf, loc)
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
		if a.Bool() != b.Bool() { // topBroken, the one unexported field
			return path
		}
		return ""
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return path
	}
	return ""
}

// TestIncidentFields fails when source.Incident gains a field: the
// codec must learn it (and this count change) or the cache would drop it.
func TestIncidentFields(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
	}{{source.Incident{}, 26}, {source.Change{}, 9}, {source.Update{}, 6}, {source.Facts{}, 5}, {source.Texts{}, 3}} {
		if n := reflect.TypeOf(c.v).NumField(); n != c.want {
			t.Errorf("%T has %d fields, the cache codec knows %d: teach incidents.go the new one", c.v, n, c.want)
		}
	}
}

// TestReadCorrupt: an entry cut short, with a byte changed, of another
// key, or not there reads as an error and gives nothing.
func TestReadCorrupt(t *testing.T) {
	d, err := Open(t.TempDir(), "site", "public")
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("incident "), 1000)
	write := func(w io.Writer) error { _, err := w.Write(data); return err }
	if err := d.Write("x", "k1", write); err != nil {
		t.Fatal(err)
	}
	read := func(key string) ([]byte, error) {
		var got []byte
		err := d.Read("x", key, func(r io.Reader) error {
			var err error
			got, err = io.ReadAll(r)
			return err
		})
		return got, err
	}
	if got, err := read("k1"); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	if _, err := read("k2"); err == nil {
		t.Error("an entry of another key was read")
	}
	file := filepath.Join(d.Path(), "x")
	whole, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{
		whole[:len(whole)-1],
		whole[:len(whole)/2],
		append(bytes.Clone(whole[:len(whole)/2]), append([]byte{whole[len(whole)/2] ^ 1}, whole[len(whole)/2+1:]...)...),
		append(bytes.Clone(whole), 0),
		{},
	} {
		if err := os.WriteFile(file, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := read("k1"); err == nil {
			t.Errorf("a corrupt entry of %d bytes (of %d) was read", len(bad), len(whole))
		}
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if _, err := read("k1"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing entry: %v", err)
	}
	var none *Dir
	if err := none.Write("x", "k1", write); err != nil {
		t.Error(err)
	}
	if err := none.Read("x", "k1", func(io.Reader) error { return nil }); err == nil {
		t.Error("a nil Dir read an entry")
	}
}

// TestTrim: a write keeps the root under its limit by removing other
// sites' folders, the least recently written first, never its own.
func TestTrim(t *testing.T) {
	root := t.TempDir()
	data := bytes.Repeat([]byte{'x'}, 1000)
	write := func(w io.Writer) error { _, err := w.Write(data); return err }
	var dirs []*Dir
	for i, site := range []string{"a", "b", "c"} {
		d, err := Open(root, site, "public")
		if err != nil {
			t.Fatal(err)
		}
		d.Limit = 2500
		if err := d.Write("x", "k", write); err != nil {
			t.Fatal(err)
		}
		old := time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)
		if err := os.Chtimes(d.Path(), old, old); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	// The third write went over 2,500 bytes: the oldest site went.
	for i, want := range []bool{false, true, true} {
		if _, err := os.Stat(dirs[i].Path()); (err == nil) != want {
			t.Errorf("site %d kept %v, want %v", i, err == nil, want)
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
	if err := WriteIncidents(&buf, list, site.Location); err != nil {
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
			if _, err := ReadIncidents(bytes.NewReader(buf.Bytes()), site.Location); err != nil {
				b.Fatal(err)
			}
		}
	})
}
