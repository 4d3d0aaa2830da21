package render

import (
	"html/template"
	"reflect"
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
//     which escapes the same characters the same way (escapeText).
//
// The type of dot is known in a template that runs with data of one type
// only: a page template, which runs with *Page, and what it calls with
// dot or a field of it; a partial that keep runs, with *Item. A template
// called with data of two types, or of one not known, is left as it is.

// escapeFunc is the name, in every template set, of escapeHTML.
const escapeFunc = "_statuspress_escape"

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
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if rewrite {
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

// print rewrites {{value | escaper}} when the value's type is known: a
// field's, dot's or a function's result.
func (f *folder) print(tree *parse.Tree, p *parse.PipeNode, dot reflect.Type) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 2 || len(p.Cmds[1].Args) != 1 {
		return
	}
	esc, ok := p.Cmds[1].Args[0].(*parse.IdentifierNode)
	if !ok {
		return
	}
	switch t := f.pipeType(&parse.PipeNode{Cmds: p.Cmds[:1]}, dot); {
	case t == typeHTML && esc.Ident == escHTML:
		p.Cmds = p.Cmds[:1]
	case t == typeString && (esc.Ident == escHTML || esc.Ident == escAttr || esc.Ident == escRCDATA):
		id := parse.NewIdentifier(escapeFunc).SetTree(tree).SetPos(esc.Pos)
		p.Cmds[1] = &parse.CommandNode{NodeType: parse.NodeCommand, Pos: p.Cmds[1].Pos, Args: []parse.Node{id}}
	}
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
