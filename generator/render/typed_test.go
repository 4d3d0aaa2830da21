package render

import (
	"html/template"
	"reflect"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/statuspress/statuspress/generator/config"
)

// typedData is the data of the typed cases: strings with every character
// the escapers change, HTML, a list, a pointer, an interface and a
// method.
type typedData struct {
	S     string
	H     template.HTML
	Attr  template.HTMLAttr
	Named typedWord
	List  []typedRow
	Ptr   *typedRow
	Any   any
	URL   string
	Bad   string
	AnyP  any // a *typedRow
	Rows  map[string]typedRow
}

type typedRow struct {
	S string
	H template.HTML
}

type typedWord string

// M is a method: text/template calls it, typed must not take it for a
// field.
func (typedData) M() string { return "<m>" }

const typedSpecial = "Tom & Jerry's \"best\" <friend> + 1 \x00 ü \xff"

var typedCases = map[string]string{
	"text":    `<p>{{.S}}</p><p>{{.H}}</p><p>{{.Named}}</p><p>{{.M}}</p><p>{{.Any}}</p>`,
	"attr":    `<p title="{{.S}}" class='{{.H}}' data-x="{{.Named}}">x</p><p title={{.S}}>y</p>`,
	"title":   `<title>{{.S}} {{.H}}</title><textarea>{{.S}}</textarea>`,
	"href":    `<a href="{{.S}}">x</a><a href="/x?q={{.S}}">y</a><a href="/p/{{.S}}/">z</a><a href="{{.URL}}">u</a><a href="{{.Bad}}">b</a><a href="/{{.Bad}}">c</a>`,
	"script":  `<script>var s = {{.S}}; var h = "{{.H}}";</script>`,
	"range":   `{{range .List}}<li title="{{.S}}">{{.S}}{{.H}}</li>{{end}}{{range $k, $v := .Rows}}{{$k}}{{.S}}{{.H}}{{end}}`,
	"with":    `{{with .Ptr}}<b>{{.S}}{{.H}}</b>{{end}}{{with .S}}<i>{{.}}</i>{{end}}{{with .Any}}{{.}}{{end}}`,
	"funcs":   `<p>{{word}}{{html}}</p><p title="{{word}}">{{upper .S}}</p>`,
	"call":    `{{define "part"}}<i>{{.S}}{{.H}}</i>{{end}}<p>{{template "part" .}}{{.S}}</p>{{with .Ptr}}{{template "part" .}}{{end}}`,
	"partial": `{{define "row"}}<i title="{{.S}}">{{.S}}{{.H}}</i>{{end}}{{range .List}}{{template "row" .}}{{end}}<ul>{{range .List}}{{template "row" .}}{{end}}</ul>`,
}

func typedFuncs() template.FuncMap {
	return template.FuncMap{
		"word":            func() string { return typedSpecial },
		"html":            func() template.HTML { return "<b>&amp;</b>" },
		"upper":           strings.ToUpper,
		escapeFunc:        escapeHTML,
		escapeURLFunc:     escapeURL,
		escapeURLPartFunc: escapeURLPart,
	}
}

func typedValue() *typedData {
	row := typedRow{S: typedSpecial, H: "<b>bold</b> &amp; more"}
	return &typedData{S: typedSpecial, H: `<em title="a&amp;b">x</em> & y`, Attr: ` data-a="1"`, Named: "a<b",
		List: []typedRow{row, {S: "plain"}}, Ptr: &row, Any: typedSpecial, AnyP: &row, URL: "https://x.example/a b/ü?q=1&r='2'#(f)", Bad: "JavaScript:alert(1)", Rows: map[string]typedRow{"k<": row}}
}

// TestTypedKeepsBytes: every case prints the same bytes typed or not,
// and typed rewrote some action in most of them.
func TestTypedKeepsBytes(t *testing.T) {
	for name, src := range typedCases {
		want, _ := execTyped(t, src, false)
		got, n := execTyped(t, src, true)
		if got != want {
			t.Errorf("%s: typed template prints\n%q\nwant\n%q", name, got, want)
		}
		if n == 0 && name != "script" {
			t.Errorf("%s: nothing rewritten", name)
		}
	}
}

// TestTypedLeavesUnknown: a partial called with two types of data, or
// one not known, keeps its escapers; so do a method, an interface and a
// named string type.
func TestTypedLeavesUnknown(t *testing.T) {
	src := `{{define "part"}}<i>{{.S}}</i>{{end}}{{template "part" .}}{{template "part" .Ptr}}` +
		`{{define "other"}}<i>{{.S}}</i>{{end}}{{template "other" .AnyP}}<p>{{.M}}{{.Any}}{{.Named}}</p>`
	_, n := execTyped(t, src, true)
	if n != 0 {
		t.Errorf("%d actions rewritten, want none", n)
	}
}

// execTyped runs src over typedValue, after typed when typed is set, and
// returns what it printed and the number of actions typed rewrote.
func execTyped(t *testing.T, src string, typed bool) (string, int) {
	t.Helper()
	set := template.Must(template.New("page").Funcs(typedFuncs()).Parse(src))
	n := 0
	if typed {
		escape(set, []string{"page"})
		before := countCmds(set)
		newFolder(typedFuncs(), func(string) string { return "" }).typed(set, map[string]reflect.Type{"page": reflect.TypeFor[*typedData]()})
		n = countCmds(set) - before
	}
	var b strings.Builder
	if err := set.ExecuteTemplate(&b, "page", typedValue()); err != nil {
		t.Fatal(err)
	}
	return b.String(), n
}

// countCmds counts the actions without an escaper of html/template's or
// with escapeFunc.
func countCmds(set *template.Template) int {
	return countNodes(set, func(n parse.Node) bool {
		c, ok := n.(*parse.ActionNode)
		if !ok {
			return false
		}
		last := c.Pipe.Cmds[len(c.Pipe.Cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		return !ok || !strings.HasPrefix(id.Ident, "_html_template_")
	})
}

// FuzzEscapeURL: escapeURL and escapeURLPart print what html/template's
// escapers print at the start of a URL attribute and after it.
func FuzzEscapeURL(f *testing.F) {
	for _, s := range []string{"", "/a b/", typedSpecial, "https://x.example/?q=1&r=2", "javascript:x", "HTTP:x", "a/b:c", "%zz", "\x7f(')"} {
		f.Add(s)
	}
	set := template.Must(template.New("").Parse(`<a href="{{.}}">|<a href="/{{.}}">`))
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		if err := set.Execute(&b, s); err != nil {
			t.Fatal(err)
		}
		want := `<a href="` + escapeURL(s) + `">|<a href="/` + escapeURLPart(s) + `">`
		if b.String() != want {
			t.Errorf("%q: html/template prints\n%q\nescapeURL\n%q", s, b.String(), want)
		}
	})
}

// TestTypedFoldsSite: a plain string of the site's settings on a page is
// printed as text, the same bytes.
func TestTypedFoldsSite(t *testing.T) {
	src := `<html lang="{{.Site.Language}}"><title>{{.Title}} – {{.Site.Title}}</title><p>{{.Site.Title}}</p>{{with .Site}}{{.Title}}{{end}}`
	site := &config.Site{Language: "en", Title: typedSpecial}
	run := func(typed bool) (string, int) {
		set := template.Must(template.New("page").Funcs(typedFuncs()).Parse(src))
		escape(set, []string{"page"})
		before := countText(set)
		if typed {
			f := newFolder(typedFuncs(), func(string) string { return "" })
			f.site = reflect.ValueOf(site)
			f.typed(set, map[string]reflect.Type{"page": typePage})
		}
		var b strings.Builder
		if err := set.ExecuteTemplate(&b, "page", &Page{Site: site, Title: "a<b"}); err != nil {
			t.Fatal(err)
		}
		return b.String(), countText(set) - before
	}
	want, _ := run(false)
	got, n := run(true)
	if got != want {
		t.Errorf("typed prints\n%q\nwant\n%q", got, want)
	}
	if n != 3 {
		t.Errorf("%d actions made text, want 3", n)
	}
}
