package markdown

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// allowed lists the elements and attributes goldmark's safe output may
// hold; anything else (a script, an image, an event handler, a style)
// came from the input.
var allowed = map[string][]string{
	"p": nil, "a": {"href"}, "em": nil, "strong": nil, "del": nil, "code": {"class"},
	"pre": nil, "blockquote": nil, "ul": nil, "ol": {"start"}, "li": nil,
	"h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"hr": nil, "br": nil, "table": nil, "thead": nil, "tbody": nil, "tr": nil,
	"th": {"class"}, "td": {"class"},
}

// FuzzLinks checks the link filter on arbitrary Markdown: the HTML has
// only the elements and attributes above, every href is a link a page
// may carry (no javascript:, vbscript:, file: or data:, however written),
// and a conversion stays within 5 s and 200 MB (the source stage's
// limits keep real files far below; see source.BenchmarkAtTheLimits).
func FuzzLinks(f *testing.F) {
	for _, s := range []string{
		"[click](javascript:alert(1))",
		"[x](  JaVaScRiPt:alert(1) )",
		"[x](java\tscript:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"[x](vbscript:msgbox)",
		"[x](file:///etc/passwd)",
		"<javascript:alert(1)>",
		"![a](javascript:alert(1))",
		"[a]: javascript:alert(1)\n\n[a]",
		"<a href=\"javascript:alert(1)\">x</a>",
		"www.example.com/<script>",
		"[ok](https://example.com/a?b=1&c=2 \"t\")",
		"| a |\n|:-:|\n| <img src=x onerror=alert(1)> |",
	} {
		f.Add(s)
	}
	c := New()
	f.Fuzz(func(t *testing.T, src string) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		out := string(c.HTML(src))
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("converting %d bytes took %v", len(src), d)
		}
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
			t.Errorf("converting %d bytes allocated %d MB", len(src), alloc>>20)
		}
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			attrs, ok := allowed[tok.Data]
			if !ok {
				t.Fatalf("element <%s> in the output of %q:\n%s", tok.Data, src, out)
			}
			for _, a := range tok.Attr {
				if !contains(attrs, a.Key) {
					t.Fatalf("attribute %s on <%s> in the output of %q:\n%s", a.Key, tok.Data, src, out)
				}
				if a.Key == "href" && dangerous(a.Val) {
					t.Fatalf("dangerous link %q in the output of %q", a.Val, src)
				}
			}
		}
	})
}

// dangerous reports whether a browser would run or load href as a
// script, a local file or inline data: its scheme, with the control
// characters and spaces browsers drop removed.
func dangerous(href string) bool {
	var b strings.Builder
	for _, r := range href {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	v := strings.ToLower(b.String())
	for _, s := range []string{"javascript:", "vbscript:", "file:", "data:"} {
		if strings.HasPrefix(v, s) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
