package statuspage

import (
	"testing"

	"github.com/statuspress/statuspress/generator/markdown"
)

// TestPlainText: a body is what Statuspage readers show as is, so a line
// wrapped in the source is no line break, while paragraphs, hard breaks
// and list items are.
func TestPlainText(t *testing.T) {
	md := markdown.New()
	for _, tc := range []struct{ in, want string }{
		{"One of our email providers is slow.\nWe are moving traffic.\nNext update by 10:30 JST.",
			"One of our email providers is slow. We are moving traffic. Next update by 10:30 JST."},
		{"First paragraph,\nwrapped.\n\nSecond one.", "First paragraph, wrapped.\n\nSecond one."},
		{"Line one  \nline two (a hard break)", "Line one\nline two (a hard break)"},
		{"Affected:\n\n- sign-in\n- the API\n\nThanks.", "Affected:\n\n- sign-in\n- the API\n\nThanks."},
		{"Use `a < b` & **bold** [link](https://example.com/)", "Use a < b & bold link"},
		{"## Heading\nText", "Heading\n\nText"},
	} {
		html := md.HTML(tc.in)
		if got := plainText(string(html)); got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q\n(html %q)", tc.in, got, tc.want, html)
		}
	}
}
