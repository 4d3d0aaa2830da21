package markdown

import (
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// softBreaks keeps the line break before inline markup that starts a
// line. goldmark's East Asian line breaks drop a soft break unless both
// sides are Japanese (or Chinese, Korean) characters, but it looks only
// at a following text node: before a link, emphasis or code it always
// dropped it, so "and a\n[link](...)" read "and alink". This decides by
// the first character of the markup's text instead.
type softBreaks struct{}

func (softBreaks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var fix []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !t.SoftLineBreak() || t.HardLineBreak() {
			return ast.WalkContinue, nil
		}
		next := n.NextSibling()
		value := t.Segment.Value(source)
		if next == nil || next.Kind() == ast.KindText || len(value) == 0 {
			return ast.WalkContinue, nil // goldmark decides these itself
		}
		last, _ := utf8.DecodeLastRune(value)
		first, ok := firstRune(next, source)
		if !ok || !(util.IsEastAsianWideRune(last) && util.IsEastAsianWideRune(first)) {
			fix = append(fix, t)
		}
		return ast.WalkContinue, nil
	})
	for _, t := range fix {
		t.SetSoftLineBreak(false)
		t.Parent().InsertAfter(t.Parent(), t, ast.NewString([]byte("\n")))
	}
}

// firstRune is the first character of the text inside n.
func firstRune(n ast.Node, source []byte) (rune, bool) {
	var r rune
	found := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var b []byte
		switch c := c.(type) {
		case *ast.Text:
			b = c.Segment.Value(source)
		case *ast.String:
			b = c.Value
		}
		if len(b) > 0 {
			r, _ = utf8.DecodeRune(b)
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return r, found
}
