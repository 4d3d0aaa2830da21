package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestContextReused: a conversion with the context used again gives the
// bytes of one with goldmark's own new context, whatever came before
// (references, open emphasis, links inside link labels for Linkify).
func TestContextReused(t *testing.T) {
	inputs := []string{
		"[a][r] and [b]\n\n[r]: https://example.com/r\n[b]: /b",
		"[a][r] uses a reference defined only in the text before",
		"*open emphasis and _more\n\n**strong** ~~gone~~ `code`",
		"[see https://example.com/x inside a label](https://example.com/y) and www.example.com",
		"- a\n  - b\n    > quote [x]\n\n1. one\n2. two",
		"| a | b |\n|--:|:-:|\n| [r] | https://example.com |\n\n[r]: /r",
		"正しいパスワードでも\n[ログイン](https://example.com)が\n*できない*",
		"# h1\n\n## h2 {#id}\n\nSetext\n---",
		"<b>raw</b> <!-- c --> ![img](data:x) [j](javascript:x)",
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "sites", "*", "content", "incidents", "*.md"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(data))
	}
	c := New()
	for round := range 2 {
		for i, in := range inputs {
			var want bytes.Buffer
			if err := c.md.Convert([]byte(strings.ToValidUTF8(in, "\uFFFD")), &want); err != nil {
				t.Fatal(err)
			}
			if got := string(c.HTML(in)); got != want.String() {
				t.Errorf("round %d, input %d: with the context used again\n%s\nwant\n%s", round, i, got, want.String())
			}
		}
	}
}
