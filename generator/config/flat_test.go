package config

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/statuspress/statuspress/generator/internal/testfiles"
)

// sameAsLibrary fails t when decodeFlat takes text but decodes it, or
// locates its keys, otherwise than the TOML library and LocateKeys. It
// reports whether decodeFlat took it.
func sameAsLibrary(t *testing.T, text string) bool {
	t.Helper()
	values, keys, ok := decodeFlat(text, 2)
	if !ok {
		return false
	}
	want := make(map[string]any)
	if _, err := toml.Decode(text, &want); err != nil {
		t.Errorf("decodeFlat took %q, the library refuses it: %v", text, err)
		return true
	}
	if !reflect.DeepEqual(values, want) {
		t.Errorf("decodeFlat(%q)\n got %#v\nwant %#v", text, values, want)
	}
	if want := LocateKeys(text, 2); !reflect.DeepEqual(keys, want) {
		t.Errorf("decodeFlat(%q) keys\n got %v\nwant %v", text, keys, want)
	}
	return true
}

// flatTexts are texts at the edges of what decodeFlat takes.
var flatTexts = []string{
	"",
	"\n\n",
	"# only a comment\n",
	"title = \"Email delayed\"\nseverity = \"major\"\nscope = [\"api\", \"mail\"]\nstarted = 2026-11-20T09:12:00+09:00\n",
	"title = 'literal \\ with backslash'\n",
	"title = \"with \\\"escape\\\"\"\n",
	"title = \"tab\there\"\n",
	"title = \"\"\"multi\nline\"\"\"\n",
	"title = \"x\" # comment with \"\"\" quotes\nseverity = \"minor\"\n",
	"title = ''\nimpact = \"\"\n",
	"  title\t=\t\"indented\"   # c\n",
	"title=\"tight\"#c\n",
	"title = \"日本語のタイトル\"\nworkaround = \"再試行してください\"\n",
	"title = \"a\"\ntitle = \"b\"\n",
	"draft = true\ncancelled = false\n",
	"draft = True\n",
	"draft = trueish\n",
	"draft = true # yes\n",
	"scope = []\n",
	"scope = [ ]\n",
	"scope = [\"api\",]\n",
	"scope = [\"api\" , 'mail' ]\n",
	"scope = [,]\n",
	"scope = [\"api\",,]\n",
	"scope = [\"api\"\n, \"mail\"]\n",
	"scope = [\"api\" \"mail\"]\n",
	"scope = [1, 2]\n",
	"started = 2026-11-20T09:12:00Z\n",
	"started = 2026-11-20T09:12:00z\n",
	"started = 2026-11-20T09:12:00-07:00\n",
	"started = 2026-11-20T09:12:00+00:00\n",
	"started = 2026-11-20T09:12:00\n",
	"started = 2026-11-20 09:12:00+09:00\n",
	"started = 2026-11-20T09:12:00.5+09:00\n",
	"started = 2026-11-20T24:12:00+09:00\n",
	"started = 2026-02-30T09:12:00+09:00\n",
	"started = 2026-11-20T09:12:00+09:00 # JST\n",
	"started = 2026-11-20T09:12:00+09:00#JST\n",
	"started = 2026-11-20T09:12:00+09:00x\n",
	"started = 2026-11-20T09:12:00+0900\n",
	"started = 2026-11-20T09:12:00+09:60\n",
	"started = 2026-11-20\n",
	"count = 3\n",
	"[en]\ntitle = \"x\"\n",
	"a.b = \"x\"\n",
	"\"quoted\" = \"x\"\n",
	"title = \"x\" junk\n",
	"title = \"unclosed\n",
	"title =\n",
	"= \"x\"\n",
	"title = \"del \x7f\"\n",
	"# comment \x01\n",
	"title = \"x\"\r\n",
	"title = \"\xff\"\n",
	"title = \"x\"\n[[changes]]\nat = 2026-11-20T10:00:00+09:00\n",
}

func TestDecodeFlatSameAsLibrary(t *testing.T) {
	took := 0
	for _, text := range flatTexts {
		if sameAsLibrary(t, text) {
			took++
		}
	}
	if took < 20 {
		t.Errorf("decodeFlat took only %d of the texts", took)
	}
}

// TestDecodeFlatFixtures compares decodeFlat with the library over the
// front matter of every incident file and every TOML file of the
// repository's tests, and checks it takes most of the front matter.
func TestDecodeFlatFixtures(t *testing.T) {
	fronts, took := 0, 0
	for _, f := range testfiles.All(t, "../..", 50) {
		if f.Ext == ".toml" {
			sameAsLibrary(t, f.Text)
			continue
		}
		// Every part between two lines +++ (a txtar file may hold
		// several incident files).
		parts := strings.Split(f.Text, "+++\n")
		for i := 1; i < len(parts); i += 2 {
			fronts++
			if sameAsLibrary(t, parts[i]) {
				took++
			}
		}
	}
	if fronts < 100 || took < fronts/2 {
		t.Errorf("decodeFlat took %d of %d front matters", took, fronts)
	}
}

// TestDecodeFlatZone: an offset datetime gets the library's location,
// the host's zone when the offset is its offset at that time, even once
// a test has set time.Local to another zone.
func TestDecodeFlatZone(t *testing.T) {
	_, off := time.Date(2026, 11, 20, 9, 12, 0, 0, libraryLocal).Zone()
	host := time.Date(2026, 11, 20, 9, 12, 0, 0, time.FixedZone("", off)).Format(time.RFC3339)
	texts := []string{"started = " + host + "\n", "started = 2026-11-20T09:12:00+09:00\n", "started = 2026-11-20T09:12:00-07:00\n", "started = 2026-11-20T09:12:00Z\n"}
	defer func(l *time.Location) { time.Local = l }(time.Local)
	for _, zone := range []*time.Location{time.Local, time.FixedZone("HOST", 9*3600), time.FixedZone("HOST", -7*3600)} {
		time.Local = zone
		for _, text := range texts {
			if !sameAsLibrary(t, text) {
				t.Errorf("decodeFlat refused %q", text)
			}
		}
	}
}

func FuzzDecodeFlat(f *testing.F) {
	for _, text := range flatTexts {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sameAsLibrary(t, text)
	})
}
