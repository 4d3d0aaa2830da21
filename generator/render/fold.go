package render

import (
	"html/template"
	"io"
	"reflect"
	"slices"
	"strings"
	"text/template/parse"
)

// A template's every action is a call through reflection, and html/template
// adds one more to each that prints (its escaper): a build of 10,000
// incidents makes millions. fold makes the escaped trees cheaper to run,
// printing the same bytes:
//
//   - an action that prints a word of the catalog ({{T "updates"}}), the
//     same on every page, becomes the escaped word as plain text;
//   - an action whose function returns HTML (or an attribute) in the one
//     context where the escaper passes that through unchanged loses the
//     escaper.
//
// Only trees html/template has escaped are changed, so the context of
// every action is known; anything else is left as it is.

// fold has html/template escape every template a page runs, then makes
// the escaped trees cheaper to run (see fold.go).
func (r *renderer) fold() {
	// What fold prints of the catalog and typed of the settings is
	// noted in r's templates: they fit a later build that has the same.
	words := r.foldWords
	f := newFolder(r.funcs, func(key string) string {
		w := r.env.Text.T(key)
		words[key] = w
		return w
	})
	f.site = reflect.ValueOf(r.m.Site)
	partials := entries(r.base, "memo", "keep")
	memos, keeps := entries(r.base, "memo"), entries(r.base, "keep")
	for _, p := range pageTemplates {
		partials = append(partials, entries(r.pages[p], "memo", "keep")...)
		memos = append(memos, entries(r.pages[p], "memo")...)
		keeps = append(keeps, entries(r.pages[p], "keep")...)
		escape(r.pages[p], []string{p})
		f.fold(r.pages[p])
		f.typed(r.pages[p], map[string]reflect.Type{p: typePage})
	}
	escape(r.base, partials)
	f.fold(r.base)
	// keep runs a partial with an Item, memo with anything.
	roots := map[string]reflect.Type{}
	for _, name := range keeps {
		roots[name] = typeItem
	}
	for _, name := range memos {
		roots[name] = nil
	}
	f.typed(r.base, roots)
	r.siteReads = f.sites
	// Nothing a run without data memoized may stay.
	r.memo, r.seen = map[memoKey]template.HTML{}, map[memoKey]bool{}
}

// escapers html/template adds, by what they do to a plain string.
const (
	escHTML     = "_html_template_htmlescaper"
	escAttr     = "_html_template_attrescaper"
	escRCDATA   = "_html_template_rcdataescaper"
	escNameFilt = "_html_template_htmlnamefilter"
)

// escapeText is what htmlescaper, attrescaper and rcdataescaper do to a
// plain string (html/template's htmlReplacementTable).
var escapeText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// escapeHTML is escapeText.Replace, without a copy of a string that
// has nothing to escape (nearly every one).
func escapeHTML(s string) string {
	if !strings.ContainsAny(s, "\x00\"&'+<>") {
		return s
	}
	return escapeText.Replace(s)
}

var (
	typeHTML     = reflect.TypeFor[template.HTML]()
	typeHTMLAttr = reflect.TypeFor[template.HTMLAttr]()
)

// folder holds what fold needs: the words for T, and the result type of
// each function.
type folder struct {
	word    func(key string) string
	results map[string]reflect.Type // function name -> type of its first result
	site    reflect.Value           // Page.Site, when known (typed)
	sites   []siteRead              // what typed printed of site, for templates.fits
}

func newFolder(funcs template.FuncMap, word func(string) string) *folder {
	f := &folder{word: word, results: map[string]reflect.Type{}}
	for name, fn := range funcs {
		if t := reflect.TypeOf(fn); t.Kind() == reflect.Func && t.NumOut() > 0 {
			f.results[name] = t.Out(0)
		}
	}
	return f
}

// escape has html/template escape the named templates of set and
// everything they call, as it does before it first runs one: it runs each
// without data, which stops at the first field; what it printed is
// thrown away.
func escape(set *template.Template, names []string) {
	for _, name := range names {
		_ = set.ExecuteTemplate(io.Discard, name, nil) // errors are expected: there is no data
	}
}

// fold rewrites every escaped tree of set.
func (f *folder) fold(set *template.Template) {
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			f.list(t.Tree.Root)
		}
	}
}

func (f *folder) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if text, ok := f.constant(n.Pipe); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
				continue
			}
			f.trusted(n.Pipe)
		case *parse.IfNode:
			f.list(n.List)
			f.list(n.ElseList)
		case *parse.RangeNode:
			f.list(n.List)
			f.list(n.ElseList)
		case *parse.WithNode:
			f.list(n.List)
			f.list(n.ElseList)
		case *parse.ListNode:
			f.list(n)
		}
	}
}

// constant returns what {{T "key" | escaper}} prints, when that is the
// pipeline and the escaper one of those that escape text.
func (f *folder) constant(p *parse.PipeNode) (string, bool) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 2 {
		return "", false
	}
	call, esc := p.Cmds[0], p.Cmds[1]
	if !isIdent(esc, escHTML) && !isIdent(esc, escAttr) && !isIdent(esc, escRCDATA) {
		return "", false
	}
	if len(call.Args) != 2 || !isIdent(call, "T") {
		return "", false
	}
	key, ok := call.Args[1].(*parse.StringNode)
	if !ok {
		return "", false
	}
	return escapeHTML(f.word(key.Text)), true
}

// trusted drops the escaper after a function whose result it passes
// through unchanged: HTML in text, an attribute inside a tag.
func (f *folder) trusted(p *parse.PipeNode) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 2 {
		return
	}
	call, esc := p.Cmds[0], p.Cmds[1]
	if len(call.Args) == 0 {
		return
	}
	id, ok := call.Args[0].(*parse.IdentifierNode)
	if !ok {
		return
	}
	switch f.results[id.Ident] {
	case typeHTML:
		if isIdent(esc, escHTML) {
			p.Cmds = p.Cmds[:1]
		}
	case typeHTMLAttr:
		if isIdent(esc, escNameFilt) {
			p.Cmds = p.Cmds[:1]
		}
	}
}

// isIdent reports whether the command starts with the identifier name.
func isIdent(c *parse.CommandNode, name string) bool {
	if len(c.Args) == 0 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// entries lists the partials set runs by name through the functions fns
// (memo, keep) besides the pages: {{memo "footer" ...}}, {{keep "row" .}}.
func entries(set *template.Template, fns ...string) []string {
	seen := map[string]bool{}
	var out []string
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			if len(n.Args) > 1 && slices.ContainsFunc(fns, func(fn string) bool { return isIdent(n, fn) }) {
				if s, ok := n.Args[1].(*parse.StringNode); ok && !seen[s.Text] {
					seen[s.Text] = true
					out = append(out, s.Text)
				}
			}
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		}
	}
	for _, t := range set.Templates() {
		if t.Tree != nil {
			walk(t.Tree.Root)
		}
	}
	return out
}
