package render

import (
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"text/template/parse"
)

// Printing a value costs html/template a call of its escaper through
// reflection with the value boxed in a list: more than the field look-up
// and the write together, and a page prints dozens. Where the type of
// what an action prints is known before the page runs, typed makes the
// escaped tree cheaper, printing the same bytes:
//
//   - an action that prints a field (or dot, or a function's result) of
//     type template.HTML in text loses its escaper, which gives such a
//     value back unchanged;
//   - one that prints a plain string in text or inside an attribute has
//     its escaper replaced by escapeFunc, a call with the string itself,
//     which escapes the same characters the same way (escapeText); in a
//     URL attribute its three escapers (two after the URL's start) by
//     escapeURLFunc (escapeURLPartFunc).
//
// A plain string of the site's settings on a page ({{.Site.Title}}) is
// printed once, as text.
//
// The type of dot is known in a template that runs with data of one type
// only: a page template, which runs with *Page, and what it calls with
// dot or a field of it; a partial that keep runs, with *Item. A template
// called with data of two types, or of one not known, is left as it is.

// The names, in every template set, of escapeHTML, escapeURL and
// escapeURLPart.
const (
	escapeFunc        = "_statuspress_escape"
	escapeURLFunc     = "_statuspress_escape_url"
	escapeURLPartFunc = "_statuspress_escape_url_part"
)

// The escapers html/template puts in a URL attribute: all three at its
// start, the last two after it.
const (
	escURLFilter = "_html_template_urlfilter"
	escURLNorm   = "_html_template_urlnormalizer"
)

var (
	typeString = reflect.TypeFor[string]()
	typePage   = reflect.TypeFor[*Page]()
	typeItem   = reflect.TypeFor[*Item]()
)

// typed rewrites the escaped templates of set, which run from roots with
// data of the given types (nil: not known).
func (f *folder) typed(set *template.Template, roots map[string]reflect.Type) {
	dots := map[string]reflect.Type{}
	var visit func(name string, dot reflect.Type)
	visit = func(name string, dot reflect.Type) {
		if old, seen := dots[name]; seen && (old == dot || old == nil) {
			return
		} else if seen {
			dot = nil // two types: not known
		}
		dots[name] = dot
		if t := set.Lookup(name); t != nil && t.Tree != nil {
			f.walk(t.Tree, t.Tree.Root, dot, false, func(callee string, dot reflect.Type) { visit(callee, dot) })
		}
	}
	for name, dot := range roots {
		visit(name, dot)
	}
	for name, dot := range dots {
		if t := set.Lookup(name); t != nil && t.Tree != nil && dot != nil {
			f.walk(t.Tree, t.Tree.Root, dot, true, func(string, reflect.Type) {})
		}
	}
}

// walk goes through l, where dot has the type dot (nil: not known),
// calling call for every template it calls and, when rewrite is set,
// rewriting the actions that print a value of a known type.
func (f *folder) walk(tree *parse.Tree, l *parse.ListNode, dot reflect.Type, rewrite bool, call func(string, reflect.Type)) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if !rewrite {
				break
			}
			if text, ok := f.siteText(n.Pipe, dot); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
			} else {
				f.print(tree, n.Pipe, dot)
			}
		case *parse.IfNode:
			f.walk(tree, n.List, dot, rewrite, call)
			f.walk(tree, n.ElseList, dot, rewrite, call)
		case *parse.WithNode:
			f.walk(tree, n.List, f.pipeType(n.Pipe, dot), rewrite, call)
			f.walk(tree, n.ElseList, dot, rewrite, call)
		case *parse.RangeNode:
			f.walk(tree, n.List, elemType(f.pipeType(n.Pipe, dot)), rewrite, call)
			f.walk(tree, n.ElseList, dot, rewrite, call)
		case *parse.ListNode:
			f.walk(tree, n, dot, rewrite, call)
		case *parse.TemplateNode:
			if n.Pipe == nil {
				call(n.Name, nil)
			} else {
				call(n.Name, f.pipeType(n.Pipe, dot))
			}
		}
	}
}

// siteText returns what {{.Site.Field | escaper}} prints on a page, when
// the field is a plain string: the site's settings are the same on every
// page of a render (Page.Site is its model's).
func (f *folder) siteText(p *parse.PipeNode, dot reflect.Type) (string, bool) {
	if dot != typePage || !f.site.IsValid() || p == nil || len(p.Decl) > 0 || len(p.Cmds) != 2 || len(p.Cmds[0].Args) != 1 {
		return "", false
	}
	field, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
	if !ok || len(field.Ident) < 2 || field.Ident[0] != "Site" || f.argType(field, dot) != typeString || !isIdent(p.Cmds[1], escHTML) && !isIdent(p.Cmds[1], escAttr) && !isIdent(p.Cmds[1], escRCDATA) || len(p.Cmds[1].Args) != 1 {
		return "", false
	}
	path := field.Ident[1:]
	text, ok := siteString(f.site, path)
	f.sites = append(f.sites, siteRead{path: path, text: text, ok: ok})
	if !ok {
		return "", false
	}
	return escapeHTML(text), true
}

// siteString is the string field at path under site, a *config.Site;
// false when a pointer on the way is nil.
func siteString(site reflect.Value, path []string) (string, bool) {
	v := site
	for _, name := range path {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return "", false
			}
			v = v.Elem()
		}
		v = v.FieldByName(name)
	}
	return v.String(), true
}

// print rewrites {{value | escapers}} when the value's type is known: a
// field's, dot's or a function's result.
func (f *folder) print(tree *parse.Tree, p *parse.PipeNode, dot reflect.Type) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) < 2 {
		return
	}
	var escs []string
	for _, c := range p.Cmds[1:] {
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || len(c.Args) != 1 {
			return
		}
		escs = append(escs, id.Ident)
	}
	t := f.pipeType(&parse.PipeNode{Cmds: p.Cmds[:1]}, dot)
	if t == typeHTML && slices.Equal(escs, []string{escHTML}) {
		p.Cmds = p.Cmds[:1]
		return
	}
	if t != typeString {
		return
	}
	var fn string
	switch {
	case slices.Equal(escs, []string{escHTML}), slices.Equal(escs, []string{escAttr}), slices.Equal(escs, []string{escRCDATA}):
		fn = escapeFunc
	case slices.Equal(escs, []string{escURLFilter, escURLNorm, escAttr}):
		fn = escapeURLFunc
	case slices.Equal(escs, []string{escURLNorm, escAttr}):
		fn = escapeURLPartFunc
	default:
		return
	}
	id := parse.NewIdentifier(fn).SetTree(tree).SetPos(p.Cmds[1].Pos)
	p.Cmds = append(p.Cmds[:1], &parse.CommandNode{NodeType: parse.NodeCommand, Pos: p.Cmds[1].Pos, Args: []parse.Node{id}})
}

// pipeType is the type of what p gives, nil when not known.
func (f *folder) pipeType(p *parse.PipeNode, dot reflect.Type) reflect.Type {
	if p == nil || len(p.Cmds) == 0 {
		return nil
	}
	last := p.Cmds[len(p.Cmds)-1]
	if len(last.Args) == 0 {
		return nil
	}
	if id, ok := last.Args[0].(*parse.IdentifierNode); ok {
		return f.results[id.Ident] // a function's result, whatever its arguments
	}
	if len(p.Cmds) != 1 || len(last.Args) != 1 {
		return nil
	}
	return f.argType(last.Args[0], dot)
}

// argType is the type of dot or of a field chain on dot, as
// text/template finds it (a method first, then a field), nil when not
// known: a method, a map, an interface.
func (f *folder) argType(n parse.Node, dot reflect.Type) reflect.Type {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		t := dot
		for _, name := range n.Ident {
			if t = fieldType(t, name); t == nil {
				return nil
			}
		}
		return t
	}
	return nil
}

// fieldType is the type of field name of a value of type t.
func fieldType(t reflect.Type, name string) reflect.Type {
	if t == nil || t.Kind() == reflect.Interface {
		return nil
	}
	if _, ok := t.MethodByName(name); ok {
		return nil
	}
	if t.Kind() != reflect.Pointer {
		if _, ok := reflect.PointerTo(t).MethodByName(name); ok {
			return nil
		}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	sf, ok := t.FieldByName(name)
	if !ok || !sf.IsExported() || sf.Type.Kind() == reflect.Interface {
		return nil
	}
	return sf.Type
}

// elemType is the type of dot in the body of a range over a value of
// type t.
func elemType(t reflect.Type) reflect.Type {
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		if t.Elem().Kind() == reflect.Interface {
			return nil
		}
		return t.Elem()
	}
	return nil
}

// escapeURL is what html/template's escapers at the start of a quoted URL
// attribute (href="{{.}}") do to a plain string: urlfilter (a scheme other
// than http, https or mailto becomes "#ZgotmplZ"), then urlnormalizer and
// attrescaper (escapeURLPart).
func escapeURL(s string) string {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		return "#ZgotmplZ"
	}
	return escapeURLPart(s)
}

// escapeURLPart is what urlnormalizer and attrescaper do to a plain
// string: every byte a URL may not hold as it is becomes %xx, then
// escapeHTML (html/template's processURLOnto, normalizing).
func escapeURLPart(s string) string {
	var b []byte
	done := 0
	for i := 0; i < len(s); i++ {
		if !urlKept(s, i) {
			b = append(b, s[done:i]...)
			b = fmt.Appendf(b, "%%%02x", s[i])
			done = i + 1
		}
	}
	if b != nil {
		s = string(append(b, s[done:]...))
	}
	return escapeHTML(s)
}

// urlKept reports whether urlnormalizer keeps s[i] as it is: letters,
// digits, RFC 3986's unreserved and reserved characters but for the
// quote and parentheses, and a '%' that starts an escape.
func urlKept(s string, i int) bool {
	switch c := s[i]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case c == '%':
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	default:
		return strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
