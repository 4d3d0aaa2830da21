package browsertest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestNoInlineCode checks every generated page for what the site's CSP
// (script-src 'self'; style-src 'self') would block: style attributes,
// <style> elements, event handler attributes and scripts without src.
// The browser tests see the same as console errors, but only on the pages
// they open.
func TestNoInlineCode(t *testing.T) {
	for _, name := range []string{"en", "ja", "bilingual", "demo"} {
		s := sites[name]
		for _, p := range pagePaths(t, s) {
			file := p
			if file == "" || strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(file)))
			if err != nil {
				t.Fatal(err)
			}
			z := html.NewTokenizer(bytes.NewReader(data))
			for {
				tt := z.Next()
				if tt == html.ErrorToken {
					break
				}
				if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
					continue
				}
				tok := z.Token()
				hasSrc := false
				for _, a := range tok.Attr {
					switch {
					case a.Key == "style":
						t.Errorf("%s/%s: <%s style=%q>", name, file, tok.Data, a.Val)
					case strings.HasPrefix(a.Key, "on"):
						t.Errorf("%s/%s: <%s %s=...>", name, file, tok.Data, a.Key)
					case a.Key == "src":
						hasSrc = true
					}
				}
				if tok.Data == "style" || (tok.Data == "script" && !hasSrc) {
					t.Errorf("%s/%s: inline <%s>", name, file, tok.Data)
				}
			}
		}
	}
}
