package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"
	texttemplate "text/template"
)

// execData is the data of the semantic cases: zero values, nil
// pointers, interfaces, maps, methods on values and pointers.
type execData struct {
	S     string
	Empty string
	N     int
	Zero  int
	F     float64
	B     bool
	List  []execRow
	None  []execRow
	Map   map[string]int
	IntM  map[int]string
	Ptr   *execRow
	Nil   *execRow
	Any   any
	NilI  any
	HTML  template.HTML
	Level execWord
	Named execStringer
	Err   error
	Rows  map[string]*execRow
	execEmbed
}

type execEmbed struct{ Inner string }

type execRow struct {
	Name string
	Tags []string
}

type execWord string

type execStringer int

func (e execStringer) String() string { return fmt.Sprintf("#%d", int(e)) }

func (execData) Value() string            { return "value method" }
func (d *execData) Pointer() string       { return "pointer method " + d.S }
func (d *execData) Twice(s string) string { return s + s }
func (d *execData) Fails() (string, error) {
	return "", errors.New("it fails")
}
func (r execRow) Upper() string { return strings.ToUpper(r.Name) }

func execValue() *execData {
	row := &execRow{Name: "row", Tags: []string{"a", "b"}}
	return &execData{S: "str", N: 3, F: 1.5, B: true,
		List: []execRow{{Name: "one"}, {Name: "two", Tags: []string{"x"}}, {Name: "three"}},
		Map:  map[string]int{"b": 2, "a": 1, "c": 3}, IntM: map[int]string{10: "ten", 2: "two", -1: "minus"},
		Ptr: row, Any: row, HTML: "<b>bold</b>", Level: "major", Named: 7, Err: errors.New("an error"),
		Rows: map[string]*execRow{"r": row}, execEmbed: execEmbed{Inner: "inner"}}
}

var execFuncs = texttemplate.FuncMap{
	"upper":  strings.ToUpper,
	"join":   func(a, b string) string { return a + "+" + b },
	"fails":  func() (string, error) { return "", errors.New("fails") },
	"html":   func() template.HTML { return "<i>x</i>" },
	"anyArg": func(v any) string { return fmt.Sprintf("%T:%v", v, v) },
	"list":   func(a ...any) string { return fmt.Sprint(len(a), a) },
	"word":   func(s string) any { return s },
}

// execCases are templates by what they try; want says the compiled run
// must not fall back.
var execCases = []struct {
	name, src string
	want      bool
}{
	{"truth", `{{if .S}}s{{end}}{{if .Empty}}e{{end}}{{if .N}}n{{end}}{{if .Zero}}z{{end}}{{if .List}}l{{end}}{{if .None}}none{{end}}{{if .Map}}m{{end}}{{if .Ptr}}p{{end}}{{if .Nil}}nil{{end}}{{if .Any}}a{{end}}{{if .NilI}}ni{{end}}{{if .F}}f{{end}}{{if .B}}b{{end}}{{if .Err}}err{{end}}`, true},
	{"else-if", `{{if .Zero}}1{{else if .Empty}}2{{else if .N}}3{{else}}4{{end}}|{{if .Nil}}a{{else}}b{{end}}`, true},
	{"with-else", `{{with .Nil}}{{.Name}}{{else with .Ptr}}{{.Name}}{{else}}none{{end}}|{{with .Empty}}x{{else}}empty{{end}}|{{with .Any}}{{.Name}}{{end}}`, true},
	{"range-else", `{{range .None}}x{{else}}no rows{{end}}|{{range .List}}{{.Name}},{{else}}no{{end}}|{{range $i, $r := .List}}{{$i}}={{$r.Name}}{{end}}`, true},
	{"range-map", `{{range $k, $v := .Map}}{{$k}}{{$v}};{{end}}|{{range .IntM}}{{.}};{{end}}|{{range $k, $v := .IntM}}{{$k}}{{end}}`, true},
	{"range-int", `{{range 3}}{{.}}{{end}}|{{range $i := .N}}[{{$i}}]{{end}}|{{range .Zero}}x{{else}}zero{{end}}`, true},
	{"break-continue", `{{range $i, $r := .List}}{{if eq $i 1}}{{continue}}{{end}}{{$r.Name}}{{if eq $i 2}}{{break}}{{end}};{{end}}|{{range .List}}{{range .Tags}}{{if eq . "x"}}{{break}}{{end}}{{.}}{{end}}{{.Name}}{{end}}`, true},
	{"vars", `{{$x := .S}}{{$x}}{{with .Ptr}}{{$x}}{{$x := .Name}}{{$x}}{{end}}{{$x}}{{$x = "changed"}}{{$x}}{{range .List}}{{$.S}}{{$x}}{{end}}{{$n := len .List}}{{$n}}`, true},
	{"eq", `{{eq .N 3}}{{eq .S "a" "b" "str"}}{{eq .S "a" "b"}}{{eq .Level "major"}}{{ne .N 4}}{{eq .B true}}{{eq .F 1.5}}`, true},
	{"compare", `{{lt .N 4}}{{le .N 3}}{{gt .N 3}}{{ge .N 3}}{{lt .S "t"}}{{gt .F 1.0}}`, true},
	{"and-or-not", `{{and .S .N}}|{{and .S .Zero .N}}|{{or .Empty .Zero}}|{{or .Empty .S}}|{{not .S}}{{not .Zero}}|{{and .Nil .Nil.Name}}|{{or .Ptr .Nil.Name}}|{{if and .S (not .Empty)}}yes{{end}}`, true},
	{"len-index", `{{len .List}}{{len .Map}}{{len .S}}{{index .Map "b"}}{{index .Map "zz"}}{{(index .List 1).Name}}{{index .IntM 10}}{{index .Ptr.Tags 0}}`, true},
	{"printf", `{{printf "%s-%d-%v-%q" .S .N .B .Level}}{{print .S .N "x" .Nil}}{{println .N}}{{printf "%v" .Ptr.Tags}}`, true},
	{"print", `{{.S}}{{.N}}{{.F}}{{.B}}{{.HTML}}{{.Level}}{{.Named}}{{.Err}}{{.List}}{{.Map}}{{.Ptr}}{{.Nil}}{{.NilI}}{{.Any}}`, true},
	{"missing", `{{.Map.zz}}|{{.Map.a}}|{{.Rows.r.Name}}|{{.Rows.none}}|{{with .Rows.none}}x{{else}}none{{end}}|{{.Rows.none.Name}}`, true},
	{"methods", `{{.Value}}|{{.Pointer}}|{{.Twice "ab"}}|{{.Twice .S}}|{{range .List}}{{.Upper}}{{end}}|{{.Ptr.Upper}}|{{.Inner}}`, true},
	{"funcs", `{{upper .S}}{{.S | upper}}{{join .S "b"}}{{.S | join "a"}}{{html}}{{anyArg .N}}{{anyArg "s"}}{{anyArg 1.5}}{{anyArg .Nil}}{{list}}{{list 1 "a" .S}}{{word "w"}}{{upper (word "x")}}`, true},
	{"pipes", `{{.S | printf "%s!" | upper}}{{(.Ptr).Name}}{{(index .List 0).Upper}}{{with $r := .Ptr}}{{$r.Name}}{{end}}`, true},
	{"templates", `{{define "row"}}<{{.Name}}{{$.Name}}>{{end}}{{define "rec"}}{{if .}}{{len .}}{{template "rec" (slice1 .)}}{{end}}{{end}}{{range .List}}{{template "row" .}}{{end}}{{template "row" .Ptr}}{{template "empty"}}{{define "empty"}}-{{end}}`, true},
	{"nil-field", `a{{.Nil.Name}}b`, false},
	{"nil-interface", `{{.NilI.Name}}`, false},
	{"func-error", `a{{fails}}b`, false},
	{"method-error", `a{{.Fails}}b`, false},
	{"bad-compare", `{{eq .Ptr .Ptr}}{{lt .B .B}}`, false},
	{"bad-field", `{{.Missing}}`, false},
}

// runBoth runs src with data through text/template and the compiled
// program of the same tree.
func runBoth(t *testing.T, src string, data any) (want, got string, ok bool, wantErr error) {
	t.Helper()
	funcs := texttemplate.FuncMap{"slice1": func(s []string) []string { return s[1:] }}
	for k, v := range execFuncs {
		funcs[k] = v
	}
	tmpl, err := texttemplate.New("t").Funcs(funcs).Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	var w bytes.Buffer
	wantErr = tmpl.Execute(&w, data)
	want = w.String()
	p := compileText(tmpl, template.FuncMap(funcs), []string{"t"})
	var g bytes.Buffer
	ok = p.execute(&g, "t", data)
	return want, g.String(), ok, wantErr
}

// TestExecSemantics: each case prints what text/template prints on the
// same tree, or falls back; it falls back exactly where text/template
// fails (and where it is meant to, on what it does not know).
func TestExecSemantics(t *testing.T) {
	for _, c := range execCases {
		want, got, ok, wantErr := runBoth(t, c.src, execValue())
		switch {
		case ok && wantErr != nil:
			t.Errorf("%s: compiled run printed %q where text/template fails: %v", c.name, got, wantErr)
		case ok && got != want:
			t.Errorf("%s: compiled run prints\n%q\nwant\n%q", c.name, got, want)
		case !ok && c.want:
			t.Errorf("%s: compiled run fell back (text/template: %q, %v)", c.name, want, wantErr)
		case !ok && !c.want && wantErr == nil:
			t.Logf("%s: falls back where text/template prints %q", c.name, want)
		}
	}
}

// TestExecEscapers: html/template's escapers, as the executor has them,
// print what html/template prints, for awkward strings and values of
// several types in every context the built-in theme uses.
func TestExecEscapers(t *testing.T) {
	values := []any{typedSpecial, "javascript:alert(1)", "https://x.example/a b?q=1&r='2'#(f)", "mailto:a@b", "/p/%zz/%41",
		template.HTML("<b>&amp;</b>"), template.URL("javascript:ok"), template.HTMLAttr(`x="1"`), execWord("a<b"), execStringer(3),
		3, 2.5, true, nil, (*execRow)(nil), &execRow{Name: "r"}, []string{"a<", "b"}, errors.New("e&")}
	src := `<p>{{.}}</p><p title="{{.}}">x</p><a href="{{.}}">a</a><a href="/x?q={{.}}">b</a><a href="/p/{{.}}/">c</a><title>{{.}}</title><textarea>{{.}}</textarea>`
	for _, v := range values {
		set := template.Must(template.New("t").Parse(src))
		var want bytes.Buffer
		if err := set.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		p := compileSet(set, template.FuncMap{}, []string{"t"})
		var got bytes.Buffer
		if !p.execute(&got, "t", v) {
			t.Logf("%T %v: falls back: %.80s", v, v, failure(p))
			continue
		}
		if got.String() != want.String() {
			t.Errorf("%T %v: compiled run prints\n%s\nwant\n%s", v, v, got.String(), want.String())
		}
	}
}

// FuzzExec puts random strings and numbers through the semantic cases
// and the escapers' contexts, compared with text/template and
// html/template.
func FuzzExec(f *testing.F) {
	f.Add("str", "", 3, true)
	f.Add(typedSpecial, "javascript:x", -1, false)
	f.Add("a%zz b", "<b>", 0, true)
	f.Fuzz(func(t *testing.T, s, empty string, n int, b bool) {
		d := execValue()
		d.S, d.Empty, d.N, d.B, d.Level = s, empty, n%100, b, execWord(empty)
		d.Map = map[string]int{s: n, empty: 1}
		for _, c := range execCases {
			want, got, ok, wantErr := runBoth(t, c.src, d)
			if ok && (wantErr != nil || got != want) {
				t.Fatalf("%s: compiled run prints %q, want %q (%v)", c.name, got, want, wantErr)
			}
		}
		src := `<p>{{.S}}{{.Level}}</p><p title="{{.S}}">x</p><a href="{{.S}}">a</a><a href="/x?q={{.Empty}}">b</a><a href="{{.Level}}">c</a><textarea>{{.S}}</textarea>{{range .Map}}{{.}}{{end}}`
		set := template.Must(template.New("t").Parse(src))
		var want, got bytes.Buffer
		if err := set.Execute(&want, d); err != nil {
			t.Fatal(err)
		}
		if compileSet(set, template.FuncMap{}, []string{"t"}).execute(&got, "t", d) && got.String() != want.String() {
			t.Fatalf("compiled run prints\n%s\nwant\n%s", got.String(), want.String())
		}
	})
}
