package source

import (
	"fmt"
	"strings"
	"testing"
)

// plainMarkdown are bodies that pass every limit on nesting, links and
// updates but make goldmark build one node for every few bytes: each is
// repeated until it fills the file size limit.
func plainMarkdown() map[string]string {
	var refs strings.Builder
	for i := 0; refs.Len() < MaxFileSize/2; i++ {
		fmt.Fprintf(&refs, "[r%d]: /u%d\n", i, i)
	}
	return map[string]string{
		"open brackets":   "[",
		"emphasis":        "*a",
		"underscores":     "_a",
		"images":          "![a",
		"strikethrough":   "~~a",
		"code spans":      "`a",
		"table rows":      "|a\n",
		"table columns":   "|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|\n",
		"list items":      "- a\n",
		"paragraphs":      "a\n\n",
		"headings":        "### h\n",
		"autolinks":       "www.a.b ",
		"reference links": refs.String() + "[r1]",
	}
}

// TestPlainMarkdownCost parses each body of plainMarkdown at the file size
// limit within the budget of any input.
func TestPlainMarkdownCost(t *testing.T) {
	opts := testOptions(t)
	for name, unit := range plainMarkdown() {
		t.Run(name, func(t *testing.T) {
			head := limitsHead + "+++\n## 2026-11-20 10:05 investigating\n\n"
			body := unit
			if name == "table rows" || name == "table columns" {
				head += strings.TrimSuffix(unit, "\n") + "\n" + strings.Repeat("|-", strings.Count(unit, "|")-1) + "|\n"
			}
			if name == "reference links" {
				body, unit = unit, "[r1]"
			}
			var b strings.Builder
			b.WriteString(head + body)
			for b.Len()+len(unit) < MaxFileSize-1 {
				b.WriteString(unit)
			}
			data := []byte(b.String() + "\n")
			budget(t, name, func() {
				if _, d := Parse("content/incidents/x.md", data, opts); d.HasErrors() {
					t.Fatalf("refused: %v", d[0])
				}
			})
		})
	}
}
