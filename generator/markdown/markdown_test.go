package markdown

import (
	"strings"
	"sync"
	"testing"
)

func TestHostileInput(t *testing.T) {
	c := New()
	cases := []struct {
		in      string
		want    []string
		notWant []string
	}{
		{`<script>alert(1)</script>`, []string{"&lt;script&gt;"}, []string{"<script"}},
		{`hello <img src=x onerror=alert(1)> there`, []string{"&lt;img"}, []string{"<img"}},
		{`[click](javascript:alert(1))`, []string{"click"}, []string{"javascript:", "<a"}},
		{`[click](JaVaScRiPt:alert(1))`, []string{"click"}, []string{"<a"}},
		{`<javascript:alert(1)>`, nil, []string{"<a"}},
		{`![logo](https://cdn.example.com/x.png)`, []string{`<a href="https://cdn.example.com/x.png">logo</a>`}, []string{"<img"}},
		{`[ok](https://example.com/a?b=1&c=2)`, []string{`<a href="https://example.com/a?b=1&amp;c=2">ok</a>`}, nil},
		{`see https://example.com`, []string{`<a href="https://example.com">`}, nil},
		{"| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>"}, nil},
		{"正しいパスワードでも\nログインが", []string{"でもログインが"}, nil},
		{"two English\nlines", []string{"English\nlines"}, nil},
		{"| a | b |\n|--:|:-:|\n| 1 | 2 |", []string{`<th class="align-right">`, `<td class="align-center">`}, []string{"style="}},
	}
	for _, tc := range cases {
		got := string(c.HTML(tc.in))
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("HTML(%q) = %q, want it to contain %q", tc.in, got, w)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(got, w) {
				t.Errorf("HTML(%q) = %q, must not contain %q", tc.in, got, w)
			}
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := New()
	want := string(c.HTML("**bold** and [link](https://example.com)"))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := string(c.HTML("**bold** and [link](https://example.com)")); got != want {
					t.Errorf("got %q, want %q", got, want)
				}
			}
		})
	}
	wg.Wait()
}

// TestSoftBreakBeforeMarkup: a line that starts with a link, emphasis or
// code keeps the space before it in English, and Japanese lines still
// join without one.
func TestSoftBreakBeforeMarkup(t *testing.T) {
	c := New()
	for src, want := range map[string]string{
		"and a\n[link](https://example.com/).": "<p>and a\n<a href=\"https://example.com/\">link</a>.</p>\n",
		"cleared by\n**12:30 JST**.":           "<p>cleared by\n<strong>12:30 JST</strong>.</p>\n",
		"run\n`statuspress check`":             "<p>run\n<code>statuspress check</code></p>\n",
		"日本語の\n**太字**です。":                      "<p>日本語の<strong>太字</strong>です。</p>\n",
		"日本語の\n文章です。":                          "<p>日本語の文章です。</p>\n",
		"see\nthe docs":                        "<p>see\nthe docs</p>\n",
	} {
		if got := string(c.HTML(src)); got != want {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
}
