package render

import (
	"html/template"
	"strings"
	"testing"
	"text/template/parse"
)

// foldCases print words and trusted values in every context html/template
// knows; folding must not change a byte of any of them.
var foldCases = map[string]string{
	"text":     `<p>{{T "w"}} {{T "quote"}} {{T "missing"}}</p>`,
	"attr":     `<p title="{{T "w"}}" class='{{T "quote"}}'>x</p>`,
	"unquoted": `<p title={{T "w"}}>x</p>`,
	"title":    `<title>{{T "w"}}</title>`,
	"textarea": `<textarea>{{T "quote"}}</textarea>`,
	"href":     `<a href="{{T "w"}}">x</a><a href="/x?q={{T "quote"}}">y</a><a href="#{{T "w"}}">z</a>`,
	"script":   `<script>var s = {{T "w"}}; var t = "{{T "quote"}}";</script>`,
	"style":    `<style>p { font-family: {{T "w"}}; }</style>`,
	"comment":  `<p>{{/* a comment */}}{{T "w"}}</p>`,
	"html":     `<div>{{trusted}}</div><p title="{{trusted}}">x</p>`,
	"attrs":    `<p{{attrs}}>x</p><p data-x="{{attrs}}">y</p>`,
	"nested":   `{{if true}}{{range $i, $x := list}}<li title="{{T "w"}}">{{T "quote"}}{{trusted}}</li>{{else}}{{T "w"}}{{end}}{{with 1}}<b>{{T "w"}}</b>{{end}}{{end}}`,
	"call":     `{{define "part"}}<i>{{T "quote"}}</i>{{end}}<p>{{template "part" .}}</p><a title="{{template "part" .}}">x</a>`,
}

var foldWords = map[string]string{
	"w":     `Tom & Jerry's "best" <friend> + 1 ü`,
	"quote": "it's \x00 a 'quote' & \"more\" +",
}

func foldFuncs() template.FuncMap {
	return template.FuncMap{
		"T": func(key string) string {
			if w, ok := foldWords[key]; ok {
				return w
			}
			return key
		},
		"trusted": func() template.HTML { return `<b title="a&amp;b">bold</b> & more` },
		"attrs":   func() template.HTMLAttr { return ` data-a="1"` },
		"list":    func() []int { return []int{1, 2} },
	}
}

func TestFoldKeepsBytes(t *testing.T) {
	folded := 0
	for name, src := range foldCases {
		want := execFoldCase(t, src, false, nil)
		got := execFoldCase(t, src, true, &folded)
		if got != want {
			t.Errorf("%s: folded template prints\n%s\nwant\n%s", name, got, want)
		}
	}
	if folded == 0 {
		t.Error("nothing was folded")
	}
}

// execFoldCase runs src, folded or not, and returns what it printed. It
// adds to count the actions folding turned into text.
func execFoldCase(t *testing.T, src string, fold bool, count *int) string {
	t.Helper()
	set := template.Must(template.New("page").Funcs(foldFuncs()).Parse(src))
	if fold {
		escape(set, []string{"page"})
		before := countText(set)
		f := newFolder(foldFuncs(), foldFuncs()["T"].(func(string) string))
		f.fold(set)
		*count += countText(set) - before
	}
	var b strings.Builder
	if err := set.ExecuteTemplate(&b, "page", nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// countText counts the text nodes of set.
func countText(set *template.Template) int {
	return countNodes(set, func(n parse.Node) bool { _, ok := n.(*parse.TextNode); return ok })
}

// countNodes counts the nodes of set's templates that count says yes
// to, inside if, range and with too.
func countNodes(set *template.Template, count func(parse.Node) bool) int {
	n := 0
	var walk func(l *parse.ListNode)
	walk = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for _, c := range l.Nodes {
			if count(c) {
				n++
			}
			switch c := c.(type) {
			case *parse.IfNode:
				walk(c.List)
				walk(c.ElseList)
			case *parse.RangeNode:
				walk(c.List)
				walk(c.ElseList)
			case *parse.WithNode:
				walk(c.List)
				walk(c.ElseList)
			}
		}
	}
	for _, tt := range set.Templates() {
		if tt.Tree != nil {
			walk(tt.Tree.Root)
		}
	}
	return n
}

// TestFoldDropsEscapers checks that an HTML function in text and an
// attribute function in a tag lose their escaper, and nothing else does.
func TestFoldDropsEscapers(t *testing.T) {
	set := template.Must(template.New("page").Funcs(foldFuncs()).Parse(`<div>{{trusted}}</div><p title="{{trusted}}"{{attrs}}>x</p>`))
	escape(set, []string{"page"})
	newFolder(foldFuncs(), func(string) string { return "" }).fold(set)
	var cmds []int
	for _, n := range set.Lookup("page").Tree.Root.Nodes {
		if a, ok := n.(*parse.ActionNode); ok {
			cmds = append(cmds, len(a.Pipe.Cmds))
		}
	}
	// trusted in text: no escaper; trusted in an attribute: its escaper
	// strips tags, kept; attrs in a tag: none.
	if len(cmds) != 3 || cmds[0] != 1 || cmds[1] == 1 || cmds[2] != 1 {
		t.Errorf("commands per action = %v, want [1 >1 1]", cmds)
	}
}
