package sanitize

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	for _, c := range []struct {
		in, want string
		what     []string
	}{
		{"plain 日本語\ttab\nline\r\n", "plain 日本語\ttab\nline\r\n", nil},
		{"Pasted \v from slides", "Pasted   from slides", []string{"U+000B (vertical tab)"}},
		{"a\x00b\x1bc\x7fd\u0085e\u009ff", "a\uFFFDb\uFFFDc\uFFFDd e\uFFFDf", []string{"U+0000 (control character)", "U+001B (control character)", "U+007F (control character)", "U+0085 (next line)", "U+009F (control character)"}},
		{"Caf\xe9 \uFFFE\uFFFF\f", "Caf\uFFFD \uFFFD\uFFFD ", []string{"byte 0xE9", "U+FFFE (not a character)", "U+FFFF (not a character)", "U+000C (form feed)"}},
		{"\xe3\x81", "\uFFFD\uFFFD", []string{"byte 0xE3", "byte 0x81"}},
	} {
		got, bad := Text(c.in)
		if got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
		var what []string
		for _, b := range bad {
			what = append(what, b.What())
			if c.in[b.Offset:b.Offset+b.Len] == "" {
				t.Errorf("Text(%q): empty span %+v", c.in, b)
			}
		}
		if strings.Join(what, "|") != strings.Join(c.what, "|") {
			t.Errorf("Text(%q) found %q, want %q", c.in, what, c.what)
		}
		if Clean(c.in) != (c.what == nil) {
			t.Errorf("Clean(%q) = %t", c.in, Clean(c.in))
		}
		if String(c.in) != c.want {
			t.Errorf("String(%q) = %q", c.in, String(c.in))
		}
	}
}

// FuzzText checks the rule's promise: what comes out is UTF-8 that XML
// accepts, each replaced character counts as one in columns, and cleaning
// twice changes nothing.
func FuzzText(f *testing.F) {
	f.Add("Pasted \v from slides")
	f.Add("Caf\xe9 \uFFFE")
	f.Fuzz(func(t *testing.T, s string) {
		out, bad := Text(s)
		if !utf8.ValidString(out) {
			t.Fatalf("not UTF-8: %q", out)
		}
		if again, more := Text(out); again != out || more != nil {
			t.Fatalf("not stable: %q -> %q", out, again)
		}
		if utf8.RuneCountInString(out) != utf8.RuneCountInString(s) {
			t.Fatalf("columns moved: %q (%d) -> %q (%d)", s, utf8.RuneCountInString(s), out, utf8.RuneCountInString(out))
		}
		_ = bad
		var sb strings.Builder
		_ = xml.EscapeText(&sb, []byte(out))
		d := xml.NewDecoder(strings.NewReader("<a>" + sb.String() + "</a>"))
		for {
			if _, err := d.Token(); err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("XML rejects %q: %v", out, err)
				}
				break
			}
		}
	})
}
