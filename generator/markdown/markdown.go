// Package markdown owns the one safe Markdown converter: CommonMark plus
// GitHub tables, strikethrough and autolinks, with raw HTML shown as text,
// dangerous links (javascript:, vbscript:, file:, data:) dropped, and images
// turned into plain links so a page never loads anything from another host.
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Converter turns Markdown into safe HTML. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
	// writers reuses output buffers: goldmark would allocate a 4 KB
	// bufio.Writer for every conversion, and a build converts every
	// section of every file.
	writers sync.Pool
}

// writer is what one conversion needs, kept for the next: the output
// buffers, the parser's context and a copy of the source.
type writer struct {
	buf bytes.Buffer
	bw  *bufio.Writer
	pc  *context
	// opts gives goldmark the context pc: made once, as a new option
	// and the slice holding it would be two allocations a conversion.
	opts []parser.ParseOption
	src  []byte
}

// New returns a Converter. Build one per process and pass it down.
func New() *Converter {
	md := goldmark.New(
		goldmark.WithExtensions(
			// Column alignment as a class, not a style attribute: the
			// site's CSP forbids inline styles.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough, extension.Linkify,
			// A line break between Japanese characters is not a space.
			extension.NewCJK(extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksSimple))),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(alignClasses{}, 100), util.Prioritized(softBreaks{}, 200))),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(safeRenderer{}, 10)),
		),
	)
	c := &Converter{md: md}
	linkLabel := linkLabelKey()
	c.writers.New = func() any {
		w := &writer{pc: newContext(linkLabel)}
		w.bw = bufio.NewWriter(&w.buf)
		w.opts = []parser.ParseOption{parser.WithContext(w.pc)}
		return w
	}
	return c
}

// HTML converts src. Conversion of in-memory text cannot fail in goldmark's
// renderers; an error would mean a bug, so it is returned as escaped text
// rather than lost.
func (c *Converter) HTML(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	// goldmark's CJK line breaks panic on a broken UTF-8 sequence before
	// a line end (found by FuzzLinks); incident files are checked to be
	// UTF-8, other callers need not be.
	if !utf8.ValidString(src) {
		src = strings.ToValidUTF8(src, "\uFFFD")
	}
	w := c.writers.Get().(*writer)
	defer c.writers.Put(w)
	w.buf.Reset()
	w.bw.Reset(&w.buf)
	w.pc.reset()
	// Nothing of the source outlives the conversion: the HTML is copied
	// out of the buffer below.
	w.src = append(w.src[:0], src...)
	err := c.md.Convert(w.src, w.bw, w.opts...)
	w.pc.reset() // hold on to no node of this document
	if cap(w.src) > 64<<10 {
		w.src = nil // a large file's copy is not kept for small ones
	}
	if err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	_ = w.bw.Flush()                     // into a bytes.Buffer: cannot fail
	return template.HTML(w.buf.String()) // goldmark without WithUnsafe, plus safeRenderer
}

// safeRenderer replaces goldmark's renderers for the nodes that could carry
// markup or a script into the page.
type safeRenderer struct{}

func (safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
}

func renderRawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := node.(*ast.RawHTML).Segments
	for i := range segs.Len() {
		seg := segs.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.HTMLBlock)
	_, _ = w.WriteString("<p>")
	lines := n.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		_, _ = w.Write(util.EscapeHTML(line.Value(source)))
	}
	if n.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(source)))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// safeURL returns the escaped destination, or nil when it must not be linked.
func safeURL(dest []byte) []byte {
	u := util.URLEscape(dest, true)
	if html.IsDangerousURL(u) || bytes.HasPrefix(bytes.ToLower(bytes.TrimSpace(u)), []byte("data:")) {
		return nil
	}
	return util.EscapeHTML(u)
}

func renderLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	href := safeURL(n.Destination)
	if href == nil {
		return ast.WalkContinue, nil // keep the text, drop the link
	}
	if entering {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(href)
		_, _ = w.WriteString(`">`)
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	label := util.EscapeHTML(n.Label(source))
	url := n.URL(source)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		url = append([]byte("mailto:"), url...)
	}
	href := safeURL(url)
	if href == nil {
		_, _ = w.Write(label)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(href)
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(label)
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

// renderImage shows an image as a link to it: a status page must not load
// anything from another host, and must stay light on a phone.
func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	href := safeURL(n.Destination)
	if href != nil {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(href)
		_, _ = w.WriteString(`">`)
	}
	alt := plainText(n, source)
	if alt == "" {
		alt = string(n.Destination)
	}
	_, _ = w.Write(util.EscapeHTML([]byte(alt)))
	if href != nil {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkSkipChildren, nil
}

func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(source))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// alignClasses marks aligned table cells with class="align-left",
// "align-center" or "align-right", which the theme's CSS styles.
type alignClasses struct{}

func (alignClasses) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cell, ok := n.(*east.TableCell); ok && entering && cell.Alignment != east.AlignNone {
			cell.SetAttributeString("class", []byte("align-"+cell.Alignment.String()))
		}
		return ast.WalkContinue, nil
	})
}
