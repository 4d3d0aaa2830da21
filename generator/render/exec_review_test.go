package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"
)

// Adversarial cases for the executor, written by a reviewer: each runs a
// template through html/template and through the compiled program of the
// same escaped set, and wants the same bytes, or a fallback.

type reviewStringer struct{ N int }

func (r *reviewStringer) String() string { return fmt.Sprintf("<S%d>", r.N) }

type reviewErr struct{}

func (reviewErr) Error() string { return "err & <bad>" }

type reviewData struct {
	I      int
	I8     int8
	I64    int64
	U      uint
	U8     uint8
	F32    float32
	S      string
	H      template.HTML
	URL    template.URL
	JS     template.JS
	CSS    template.CSS
	Attr   template.HTMLAttr
	Bytes  []byte
	T      time.Time
	D      time.Duration
	Str    *reviewStringer
	StrV   reviewStringer
	Err    error
	NilErr error
	E      reviewErr
	Any    any
	NilAny any
	AnyInt any
	AnyStr any
	PS     *string
	M      map[string]any
	MI     map[int]string
	MU     map[uint8]int
	MB     map[bool]int
	MS     map[string][]string
	NilM   map[string]int
	L      []string
	Empty  []string
	Arr    [3]int
	Ch     chan int
	Fn     func() string
	Seq    iter.Seq[int]
	Seq2   iter.Seq2[string, int]
	Rows   []*reviewRow
	Row    reviewRow
	NilRow *reviewRow
}

type reviewRow struct {
	Name string
	Sub  *reviewRow
	Tags []string
}

func (r reviewRow) Val() string                   { return "v:" + r.Name }
func (r *reviewRow) Ptr() string                  { return "p:" + r.Name }
func (r *reviewRow) Safe() string                 { return "safe" } // fine on a nil receiver
func (r *reviewRow) Add(a int, b string) string   { return fmt.Sprint(a, b) }
func (r *reviewRow) Int8(a int8) int8             { return a + 1 }
func (r *reviewRow) Both() (string, error)        { return "both", nil }
func (r *reviewRow) Bad() (string, error)         { return "partial", errors.New("bad") }
func (r *reviewRow) Self() *reviewRow             { return r }
func (r *reviewRow) AnyOf(v any) string           { return fmt.Sprintf("%T", v) }
func (r *reviewRow) Vari(a ...string) string      { return strings.Join(a, ",") }
func (r *reviewRow) Panics() string               { panic("boom") }
func (r *reviewRow) Nothing() (s string, _ error) { return }

func reviewValue() *reviewData {
	s := "pointed"
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	sub := &reviewRow{Name: "sub"}
	return &reviewData{
		I: 3, I8: -2, I64: 1 << 40, U: 3, U8: 200, F32: 1.25, S: `a<b>&"c'+`,
		H: "<b>h</b>", URL: "javascript:u()", JS: "alert(1)", CSS: "color:red", Attr: `x="1"`,
		Bytes: []byte("by<tes"), T: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), D: 90 * time.Second,
		Str: &reviewStringer{7}, StrV: reviewStringer{8}, Err: errors.New("e<rr>"), E: reviewErr{},
		Any: sub, AnyInt: 5, AnyStr: "any<str>", PS: &s,
		M:  map[string]any{"a": 1, "b": "two", "nil": nil, "row": sub, "h": template.HTML("<i>")},
		MI: map[int]string{10: "ten", -3: "m3", 2: "two"}, MU: map[uint8]int{9: 1, 1: 2},
		MB: map[bool]int{true: 1, false: 0}, MS: map[string][]string{"z": {"1"}, "a": nil},
		L: []string{"x", "y", "z"}, Arr: [3]int{4, 5, 6}, Ch: ch, Fn: func() string { return "fn" },
		Seq: func(yield func(int) bool) {
			for i := range 3 {
				if !yield(i * 10) {
					return
				}
			}
		},
		Seq2: func(yield func(string, int) bool) { _ = yield("k", 1) && yield("j", 2) },
		Rows: []*reviewRow{{Name: "r1", Sub: sub, Tags: []string{"t1", "t2"}}, {Name: "r2"}, {Name: "r3", Tags: []string{"x"}}},
		Row:  reviewRow{Name: "row", Sub: sub},
	}
}

var reviewFuncs = template.FuncMap{
	"upper":  strings.ToUpper,
	"html":   func() template.HTML { return "<i>x</i>" },
	"anyArg": func(v any) string { return fmt.Sprintf("%T:%v", v, v) },
	"list":   func(a ...any) string { return fmt.Sprint(len(a), a) },
	"word":   func(s string) any { return s },
	"fails":  func() (string, error) { return "", errors.New("fails") },
	"count":  func(n int) string { return fmt.Sprint(n) },
	"seqOf":  func() iter.Seq[int] { return func(yield func(int) bool) { _ = yield(1) && yield(2) } },
	"nilRow": func() *reviewRow { return nil },
	"two":    func(a, b string) string { return a + "|" + b },
}

type reviewCase struct{ name, src string }

// reviewCases are run both ways with reviewValue().
var reviewCases = []reviewCase{
	// Control flow.
	{"break-in-inner-range-else", `{{range .L}}[{{range $.Empty}}x{{else}}{{break}}{{end}}after {{.}}]{{end}}end`},
	{"break-in-inner-range-else-if", `{{range .L}}[{{range $.Empty}}x{{else}}{{if true}}{{break}}{{end}}{{end}}after {{.}}]{{end}}end`},
	{"continue-in-inner-range-else", `{{range .L}}[{{range $.Empty}}x{{else}}{{continue}}{{end}}after {{.}}]{{end}}end`},
	{"break-inner", `{{range .Rows}}{{range .Tags}}{{if eq . "t2"}}{{break}}{{end}}{{.}}{{end}}/{{end}}`},
	{"continue-with", `{{range $i, $e := .L}}{{with $e}}{{if eq $i 1}}{{continue}}{{end}}{{.}}{{end}}-{{end}}`},
	{"break-int", `{{range 5}}{{if eq . 3}}{{break}}{{end}}{{.}}{{else}}none{{end}}`},
	{"range-nested-decl", `{{range $e := ($x := .L)}}[{{$e}}|{{$x}}]{{end}}`},
	{"range-nested-decl-two", `{{range $i, $e := ($x := .L)}}[{{$i}}|{{$e}}|{{len $x}}]{{end}}`},
	{"range-nested-decl-two-silent", `{{range $i, $e := ($x := .L)}}[{{$i}}|{{$e}}|{{$x}}]{{end}}`},
	{"range-nested-decl-error", `{{range $e := ($n := .L) | len}}{{if eq $n 1}}one{{end}}{{end}}`},
	{"range-nested-decl-if", `{{range $e := (or ($x := .Empty) .L)}}[{{$e}}|{{len $x}}]{{end}}`},
	{"if-nested-decl", `{{if $a := ($b := .S)}}{{$a}}{{$b}}{{end}}`},
	{"action-nested-decl", `{{($x := .I)}}{{$x}}{{with .L}}{{($y := index . 0)}}{{$y}}{{end}}`},
	{"range-assign", `{{$i := 9}}{{$e := "e"}}{{range $i, $e = .L}}{{end}}{{$i}}{{$e}}|{{range $i, $e = .Empty}}{{end}}{{$i}}{{$e}}`},
	{"range-assign-one", `{{$e := "e"}}{{range $e = .L}}{{$e}}{{end}}{{$e}}`},
	{"range-decl-else", `{{range $x := .Empty}}{{$x}}{{else}}else:{{$x}}{{len $x}}{{end}}`},
	{"range-map-int", `{{range $k, $v := .MI}}{{$k}}={{$v}};{{end}}|{{range $k, $v := .MU}}{{$k}}={{$v}};{{end}}`},
	{"range-map-bool", `{{range $k, $v := .MB}}{{$k}}={{$v}};{{end}}`},
	{"range-map-any", `{{range $k, $v := .M}}{{$k}}={{$v}};{{end}}`},
	{"range-map-slice", `{{range $k, $v := .MS}}{{$k}}={{len $v}}{{range $v}}{{.}}{{else}}nil{{end}};{{end}}`},
	{"range-nil-map", `{{range .NilM}}x{{else}}nil map{{end}}`},
	{"range-arr", `{{range $i, $v := .Arr}}{{$i}}{{$v}}{{end}}`},
	{"range-chan", `{{range .Ch}}{{.}}{{end}}`},
	{"range-seq", `{{range .Seq}}{{.}},{{end}}|{{range $v := seqOf}}{{$v}}{{end}}`},
	{"range-seq2", `{{range $k, $v := .Seq2}}{{$k}}{{$v}}{{end}}`},
	{"range-int-var", `{{range $i := .I}}{{$i}}{{end}}|{{range .I8}}x{{else}}neg{{end}}|{{range .U8}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}`},
	{"range-int-two", `{{range $i, $v := 3}}{{end}}`},
	{"range-string", `{{range .S}}{{.}}{{end}}`},
	{"range-nilrow", `{{range .NilRow}}{{.}}{{end}}`},
	{"range-missing", `{{range .M.nope}}x{{else}}missing{{end}}`},
	{"range-dollar", `{{range .Rows}}{{$.S}}{{.Name}}{{end}}`},
	{"with-zero-struct", `{{with .Row}}{{.Name}}{{end}}{{with .T}}time{{end}}{{with .D}}{{.}}{{end}}`},
	{"with-else-chain", `{{with .NilRow}}a{{else with .Empty}}b{{else with $z := .L}}{{$z}}{{len .}}{{else}}c{{end}}`},
	{"if-else-chain", `{{if .NilAny}}a{{else if .NilErr}}b{{else if .Err}}c{{else}}d{{end}}`},
	{"vars-shadow", `{{$x := 1}}{{range .L}}{{$x := .}}{{$x}}{{end}}{{$x}}{{range .L}}{{$x = .}}{{end}}{{$x}}{{if true}}{{$x = 5}}{{$y := 6}}{{end}}{{$x}}`},
	{"vars-range-body", `{{range $i, $e := .L}}{{if $i}}{{$p := $i}}{{$p}}{{end}}{{$q := $e}}{{$q}}{{end}}`},
	{"dollar-assign", `{{$ = .Row}}{{$.Name}}{{template "sub" .}}{{define "sub"}}{{$.I}}{{end}}`},
	// Comparisons.
	{"eq-mixed-int", `{{eq .I .U}}{{eq .I8 -2}}{{eq .U8 200}}{{eq .I64 1099511627776}}`},
	{"eq-int-uint", `{{eq .U 3}}`},
	{"lt-mixed", `{{lt .I .U}}`},
	{"lt-int-kinds", `{{lt .I8 .I}}{{gt .I64 .I}}{{le .U8 .U}}`},
	{"eq-string-html", `{{eq .S .H}}{{eq .H "<b>h</b>"}}{{eq .URL "javascript:u()"}}`},
	{"eq-nil", `{{eq .NilAny nil}}`},
	{"eq-nil-ptr", `{{eq .NilRow nil}}`},
	{"eq-any", `{{eq .AnyInt 5}}{{eq .AnyStr "any<str>"}}{{eq .AnyInt 5.0}}`},
	{"eq-float-int", `{{eq .F32 1.25}}{{lt .F32 2}}`},
	{"eq-short", `{{eq .I 3 .Row}}`},
	{"eq-short-2", `{{eq .I .Row 3}}`},
	{"eq-missing", `{{eq .M.nope 1}}`},
	{"ne-bool", `{{ne true false}}{{eq true true}}`},
	{"lt-string-html", `{{lt .S .H}}`},
	// and, or, not.
	{"and-or-values", `{{and 1 "x" .L}}|{{or 0 "" .Empty .NilAny}}|{{or .NilRow .Row.Name}}|{{and .I .NilM}}|{{or .M.nope .S}}`},
	{"and-short", `{{and false .NilRow.Name}}{{or true .NilRow.Name}}{{and .NilRow .NilRow.Name}}`},
	{"and-final", `{{.S | and .I}}{{.S | or .Empty}}{{.Empty | or .Empty}}{{0 | and 1}}`},
	{"and-struct", `{{and .Row .I}}{{or .Row .I}}`},
	{"not-values", `{{not .L}}{{not .Empty}}{{not .NilRow}}{{not .Row}}{{not .M.nope}}{{not .Fn}}{{not .Ch}}{{not 0.0}}`},
	{"if-func", `{{if .Fn}}fn{{end}}`},
	// len, index, slice.
	{"len-kinds", `{{len .L}}{{len .NilM}}{{len .S}}{{len .Arr}}{{len .Bytes}}{{len .M}}{{len .PS}}`},
	{"len-nil-slice", `{{len .Empty}}`},
	{"len-nilrow", `{{len .NilRow}}`},
	{"len-int", `{{len .I}}`},
	{"len-missing", `{{len .M.nope}}`},
	{"len-chan", `{{len .Ch}}`},
	{"index-kinds", `{{index .L 1}}{{index .S 0}}{{index .Arr 2}}{{index .M "b"}}{{index .M "zz"}}{{index .MI 10}}{{index .MI 99}}|{{index .MS "a"}}`},
	{"index-out", `{{index .L 3}}`},
	{"index-neg", `{{index .L -1}}`},
	{"index-uint8-key", `{{index .MU 9}}`},
	{"index-nil-map", `{{index .NilM "a"}}`},
	{"index-nil", `{{index .NilAny 1}}`},
	{"index-nested", `{{index .MS "z" 0}}{{index .Rows 0 | printf "%v"}}`},
	{"index-u8", `{{index .L .U}}`},
	{"index-final", `{{1 | index .L}}`},
	{"slice", `{{slice .L 1 2}}{{slice .S 1}}`},
	// Printing.
	{"print-spacing", `{{print "a" "b" 1 2 "c" 3 .I .S nil}}|{{print 1 2}}|{{print .Str .StrV}}|{{print .H .S}}|{{print}}`},
	{"println", `{{println "a" 1 .NilAny}}{{println}}`},
	{"printf-verbs", `{{printf "%d %5.2f %x %q %v %T %s" .I .F32 .S .S .L .H .Err}}|{{printf "%v %+v" .Row .NilRow}}|{{printf "%d"}}|{{printf "%s" .NilAny}}|{{printf "%!"}}`},
	{"printf-final", `{{.I | printf "%03d"}}{{"%s!" | printf}}`},
	{"printf-named", `{{printf .S}}`},
	{"printf-html", `{{printf "%s" .H}}`},
	{"print-values", `{{.NilAny}}|{{.NilRow}}|{{.Row}}|{{.Str}}|{{.StrV}}|{{.Err}}|{{.NilErr}}|{{.E}}|{{.Bytes}}|{{.M}}|{{.MI}}|{{.T}}|{{.D}}|{{.PS}}|{{.Arr}}|{{.F32}}|{{.U8}}|{{.Any}}|{{.AnyInt}}`},
	{"print-fn", `{{.Fn}}`},
	{"print-content", `{{.H}}{{.URL}}{{.JS}}{{.CSS}}{{.Attr}}`},
	{"print-missing", `[{{.M.nope}}][{{.M.nil}}][{{.M.a}}][{{.M.h}}][{{.M.row.Name}}][{{.M.nope.x.y}}]`},
	// Contexts.
	{"attr", `<p title="{{.S}}" class={{.S}} data-h="{{.H}}" data-u="{{.URL}}" data-e="{{.Err}}" data-n="{{.NilAny}}">`},
	{"attr-unquoted", `<p class={{.H}} id={{.L}}>`},
	{"url-attr", `<a href="{{.S}}">a</a><a href="{{.URL}}">b</a><a href="/x?q={{.S}}&r={{.URL}}&s={{.H}}">c</a><a href="{{.H}}">d</a><a href="{{.Str}}">e</a><a href="{{.NilAny}}">f</a>`},
	{"url-js", `<a href="{{"javascript:alert(1)"}}">a</a><a href="{{"JavaScript:x"}}">b</a><a href="{{" javascript:x"}}">c</a><a href="{{"/a:b"}}">d</a><a href="{{"http://x/?a=%zz%41"}}">e</a>`},
	{"url-part", `<a href="/p/{{.S}}/{{.I}}/{{.URL}}">a</a><img src="{{.L}}">`},
	{"srcset", `<img srcset="{{.S}}">`},
	{"script", `<script>var a = {{.S}}, b = {{.I}}, c = {{.L}}, d = {{.H}}, e = {{.NilAny}};</script>`},
	{"onclick", `<a onclick="f({{.S}})">x</a>`},
	{"style", `<p style="color: {{.S}}">x</p><p style="{{.CSS}}">y</p>`},
	{"style-elem", `<style>p { color: {{.S}} }</style>`},
	{"title-textarea", `<title>{{.S}}{{.H}}</title><textarea>{{.S}}{{.I}}</textarea>`},
	{"comment-context", `<!-- {{.S}} -->x`},
	{"attr-name", `<p {{.Attr}}>x</p><p {{.S}}="1">y</p>`},
	{"html-builtin", `{{.S | html}}{{html .S .I}}{{urlquery .S}}{{js .S}}`},
	// Methods and fields.
	{"methods", `{{.Row.Val}}{{.Row.Ptr}}{{(index .Rows 0).Val}}{{(index .Rows 0).Ptr}}{{.Row.Add 1 "x"}}{{.Row.Add .I .S}}{{.Row.Int8 3}}{{.Row.Both}}{{.Row.Self.Self.Name}}{{.Row.AnyOf 1}}{{.Row.AnyOf nil}}{{.Row.AnyOf .NilAny}}`},
	{"method-value-map", `{{.M.row.Ptr}}{{.M.row.Val}}`},
	{"method-nil-recv", `{{.NilRow.Safe}}`},
	{"method-err", `a{{.Row.Bad}}b`},
	{"method-err-nil", `a{{.Row.Nothing}}b`},
	{"method-variadic", `{{.Row.Vari "a" "b"}}`},
	{"method-panics", `a{{.Row.Panics}}b`},
	{"method-final", `{{3 | .Row.Add 1}}`},
	{"method-int8-overflow", `{{.Row.Int8 300}}`},
	{"method-float-int", `{{.Row.Add 1.0 "x"}}`},
	{"field-args", `{{.Row.Name 1}}`},
	{"field-final", `{{1 | .Row.Name}}`},
	{"deep-nil", `{{.Row.Sub.Sub}}`},
	{"deep-nil-field", `{{.Row.Sub.Sub.Name}}`},
	{"map-method-value", `{{with .M.row}}{{.Val}}{{.Ptr}}{{end}}`},
	{"iface-field", `{{.Any.Name}}{{.Any.Ptr}}{{.Any.Val}}`},
	{"stringer-method", `{{.Str.String}}{{.StrV.N}}`},
	{"err-method", `{{.Err.Error}}{{.E.Error}}`},
	{"nilerr-method", `{{.NilErr.Error}}`},
	{"time-methods", `{{.T.Year}}{{.T.Format "2006"}}{{.T.IsZero}}{{.D.Minutes}}{{.T.Add .D}}`},
	{"bytes-index", `{{index .Bytes 0}}{{printf "%s" .Bytes}}`},
	// Functions.
	{"funcs", `{{upper .S}}{{html}}{{anyArg .NilAny}}{{anyArg .NilRow}}{{anyArg nil}}{{anyArg 1}}{{anyArg 1.0}}{{anyArg 'a'}}{{anyArg 0x10}}{{anyArg 1e2}}{{list}}{{list nil 1 .S}}{{word "w"}}{{count 3}}{{count .I}}`},
	{"func-arg-named", `{{upper .AnyStr}}`},
	{"func-arg-ptr", `{{upper .PS}}`},
	{"func-arg-nil", `{{upper nil}}`},
	{"func-err", `a{{fails}}b`},
	{"func-nil-result", `{{nilRow}}|{{with nilRow}}x{{else}}nil{{end}}|{{nilRow.Safe}}`},
	{"func-pipe", `{{.S | upper | printf "%s!"}}{{"a" | two "b"}}{{two "a" (upper "b")}}`},
	{"call", `{{call .Fn}}`},
	// Templates.
	{"tmpl-nil-dot", `{{define "n"}}[{{.}}][{{.X}}]{{end}}{{template "n"}}{{template "n" .NilAny}}`},
	{"tmpl-recursive", `{{define "r"}}{{if .}}{{.Name}}>{{template "r" .Sub}}{{end}}{{end}}{{template "r" .Row}}{{range .Rows}}{{template "r" .}}{{end}}`},
	{"tmpl-recursive-list", `{{define "l"}}{{if .}}{{index . 0}}{{template "l" (slice . 1)}}{{end}}{{end}}{{template "l" .L}}`},
	{"tmpl-deep", `{{define "a"}}a{{template "b" .}}{{end}}{{define "b"}}b{{template "c" .Row}}{{end}}{{define "c"}}c{{.Name}}{{template "d" .Sub}}{{end}}{{define "d"}}d{{.Name}}{{$.Name}}{{end}}{{template "a" .}}`},
	{"tmpl-vars", `{{define "v"}}{{$x := 2}}{{$x}}{{end}}{{$x := 1}}{{template "v" .}}{{$x}}`},
	{"block", `{{block "b" .Row}}[{{.Name}}]{{end}}{{range .Rows}}{{template "b" .}}{{end}}`},
	{"trim-comment", "a  {{- /* c */ -}}  b {{- .I -}} \n c{{/* x */}}d"},
	{"tmpl-in-attr", `{{define "q"}}{{.S}}{{end}}<a title="{{template "q" .}}" href="/{{template "q" .}}">x</a>`},
	{"tmpl-in-range", `{{define "q"}}{{.}}{{end}}{{range .L}}{{template "q" .}}{{end}}`},
	{"tmpl-infinite", `{{define "inf"}}{{template "inf" .}}{{end}}{{template "inf" .}}`},
}

// runReview runs src both ways: html/template first (which escapes the
// set), then the compiled program of the escaped set.
func runReview(t *testing.T, src string, data any) (want, got string, ok bool, p *program, wantErr error) {
	t.Helper()
	set, err := template.New("t").Funcs(reviewFuncs).Parse(src)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var w bytes.Buffer
	wantErr = set.Execute(&w, data)
	p = compileSet(set, reviewFuncs, []string{"t"})
	var g bytes.Buffer
	ok = p.execute(&g, "t", data)
	return w.String(), g.String(), ok, p, wantErr
}

func TestReviewDivergences(t *testing.T) {
	for _, c := range reviewCases {
		want, got, ok, p, wantErr := runReview(t, c.src, reviewValue())
		switch {
		case ok && wantErr != nil:
			t.Errorf("%s: compiled run printed %q where html/template fails: %v", c.name, got, wantErr)
		case ok && got != want:
			t.Errorf("%s: compiled run prints\n  %q\nhtml/template prints\n  %q", c.name, got, want)
		case testing.Verbose():
			how := "compiled"
			if !ok {
				how = "falls back"
			} else if c := p.tmpls["t"]; c == nil || c.run == nil {
				how = "interpreted: " + fmt.Sprint(c.err)
			}
			t.Logf("%s: %s (html/template: %.60q, %v)", c.name, how, want, wantErr)
		}
	}
}

// TestReviewConcurrent runs one compiled program from many goroutines at
// once over data of different types reaching the same nodes (the field
// caches keep the last type seen).
func TestReviewConcurrent(t *testing.T) {
	src := `{{define "x"}}{{.Name}}{{.Val}}{{.Ptr}}{{end}}{{range .}}{{template "x" .}}{{end}}`
	set := template.Must(template.New("t").Funcs(reviewFuncs).Parse(src))
	a := []any{&reviewRow{Name: "a"}, &reviewRow{Name: "b"}}
	var want bytes.Buffer
	if err := set.Execute(&want, a); err != nil {
		t.Fatal(err)
	}
	p := compileSet(set, reviewFuncs, []string{"t"})
	other2 := []any{map[string]string{"Name": "m", "Val": "v", "Ptr": "p"}, &reviewRow{Name: "c"}, struct{ Name, Val, Ptr string }{"s", "v", "p"}}
	var want2 bytes.Buffer
	if err := set.Execute(&want2, other2); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			data, exp := a, want.String()
			if g%2 == 1 {
				data, exp = other2, want2.String()
			}
			for range 200 {
				var w bytes.Buffer
				if p.execute(&w, "t", data) && w.String() != exp {
					t.Errorf("concurrent run prints %q, want %q", w.String(), exp)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestReviewOwnTheme: the divergences of TestReviewDivergences reach a
// site's build, through fold and typed, with the page data.
func TestReviewOwnTheme(t *testing.T) {
	m, text := loadSite(t, "en")
	theme := ownTheme(t, map[string]string{
		// A break in the else of an inner range ends that else only.
		"home.html": `{{range .Feeds}}<p>{{range $.Site.Brand.Links}}x{{else}}{{break}}{{end}}{{.Title}}</p>{{end}}`,
	})
	checkCompiled(t, m, Env{Theme: theme, Text: text, OwnTemplates: true}, false)
	theme = ownTheme(t, map[string]string{
		// A variable declared inside the range's pipeline.
		"home.html": `{{range $f := ($all := .Feeds)}}<p>{{$f}}</p>{{end}}`,
	})
	checkCompiled(t, m, Env{Theme: theme, Text: text, OwnTemplates: true}, false)
}

// TestReviewThemeFuncs: the theme's own functions with awkward arguments
// in a site's own templates (no divergence expected; fallbacks are
// fine).
func TestReviewThemeFuncs(t *testing.T) {
	m, text := loadSite(t, "en")
	pages := map[string]string{
		"home.html": `{{T "updates"}}|{{T .Title}}|{{Tf "dur_hours" 1 2}}|{{Tf "dur_hours"}}|{{Tf "dur_hours" nil .Path}}|{{Tn "incidents" 1}}|{{Tn "incidents" (len .M.Incidents)}}
<p title="{{T "updates"}}" data-x="{{status .Title}}">{{status nil}}{{status 3}}{{status .M}}</p>
{{range .M.Components}}<a href="{{url .ID}}" class="{{class .Level}}">{{icon .Level}}{{name .ID}}{{name "nope"}}{{pct .Uptime}}{{overall .Level}}{{level "minor"}}</a>{{homeBar .}}{{pageBar .}}{{range dayViews .}}{{runLabel .}}{{end}}{{range badDays .}}{{dayLabel .}}{{end}}{{end}}
{{range $i, $in := limit .M.Incidents 3}}{{$i}}<time>{{time $in.Started "date"}}{{time $in.Started "note"}}{{time $in.End ""}}{{plain $in.Started "title"}}{{iso $in.Started}}</time>{{dur $in.Duration}}{{severity $in.Severity}}{{state $in}}{{keep "row" $in}}{{end}}
{{range span .M.Incidents 1 2}}{{.Title}}{{end}}{{range span .M.Incidents 99 100}}x{{else}}none{{end}}
{{memo "footer" .ChromeKey .}}{{memo "footer" nil .}}{{memo "footer" 3 .}}{{memo "footer" .Changed .}}
{{abs "x"}}{{asset "style.css"}}{{zone}}{{recentDays}}{{minus 3 5}}{{range levelList}}{{.}}{{end}}{{range languages}}{{.}}{{end}}{{langurl "en" "/"}}{{langpath "en" "/"}}
{{with .Site.Brand.Logo}}{{brandAsset .}}{{end}}{{barDefs}}<svg {{barRange}}></svg>{{iconDefs}}
{{range recent}}{{.Title}}{{end}}{{Th "updated_at" (time .Changed "")}}
<a href="{{url .Path}}?q={{.Title}}&amp;p={{.Path}}">x</a><a href="{{abs .Path}}">y</a>
{{.Path | Tf "dur_hours"}}{{"updates" | T}}{{len .M.Components | Tn "incidents"}}{{.Changed | iso}}{{"date" | plain .Changed}}{{"x" | url}}{{$p := .Path | abs}}{{$p}}
<a href="{{$p}}" title="{{time .Changed "date"}}">{{with .M.Incidents}}{{keep "row" (index . 0)}}{{end}}</a>{{range .M.Components}}{{.Level | class}}{{.Level | icon}}{{. | homeBar}}{{end}}`,
	}
	theme := ownTheme(t, pages)
	fast := checkCompiled(t, m, Env{Theme: theme, Text: text, OwnTemplates: true}, false)
	if c := fast.progs["home.html"].tmpls["home.html"]; c == nil || c.run == nil {
		t.Logf("home.html not compiled: %v", c.err)
	}
	t.Logf("fallbacks: pages %d, partials %d", fast.progs["home.html"].fallbacks.Load(), fast.partials.fallbacks.Load())
}

// TestReviewRandom puts together random templates of ranges, ifs, withs,
// variables, break and continue over reviewValue(), and wants the
// compiled run to print what html/template prints (or fall back).
func TestReviewRandom(t *testing.T) {
	for seed := range 2 {
		reviewRandom(t, seed+1)
	}
}

func reviewRandom(t *testing.T, seed int) {
	rng := uint64(seed)
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	colls := []string{".L", ".Empty", ".Rows", ".MI", ".M", "2", ".Arr", "$.L", "$v", "(or .Empty .L)"}
	conds := []string{"true", "false", ".S", ".Empty", "$v", "(eq $v 1)", "(not $v)", "(and $v .I)", ".NilRow"}
	vals := []string{".", "$v", "$w", "$.I", "(len $.L)", "(print . $v)", "(printf \"%v\" $w)", "(and $v $w)", "(or $w $v)",
		"(not .)", "(eq $.I 3)", "(index $.L 0)", "(index $.MI 2)", "$.Row.Val", "$.Row.Ptr", "(upper $.S)", "(anyArg $v)", "(list $v $w .)", "$.H", "$.URL", "$.M.a", "$.M.nope"}
	wraps := []string{"[%s]", `<a href="%s">`, `<a title="%s">`, `<a href="/x?q=%s">`, "<b>%s</b>"}
	var gen func(depth, loops int) string
	gen = func(depth, loops int) string {
		var b strings.Builder
		for range 1 + next(3) {
			switch k := next(10); {
			case depth > 3 || k < 2:
				fmt.Fprintf(&b, wraps[next(len(wraps))], "{{"+vals[next(len(vals))]+"}}")
			case k < 3:
				fmt.Fprintf(&b, `{{template "sub" %s}}`, vals[next(len(vals))])
			case k < 4:
				decl := []string{"", "$v := ", "$i, $v := ", "$v = ", "$w := ($v := " + colls[next(len(colls))] + ") | or ", "$v := ($w := " + colls[next(len(colls))] + ") | or "}[next(6)]
				fmt.Fprintf(&b, "{{range %s%s}}%s", decl, colls[next(len(colls))], gen(depth+1, loops+1))
				if next(2) == 0 {
					fmt.Fprintf(&b, "{{else}}%s", gen(depth+1, loops))
				}
				b.WriteString("{{end}}")
			case k < 6:
				fmt.Fprintf(&b, "{{if %s}}%s{{else}}%s{{end}}", conds[next(len(conds))], gen(depth+1, loops), gen(depth+1, loops))
			case k < 7:
				fmt.Fprintf(&b, "{{with %s}}%s{{else with $w}}%s{{end}}", conds[next(len(conds))], gen(depth+1, loops), gen(depth+1, loops))
			case k < 8:
				fmt.Fprintf(&b, "{{$v = %s}}", vals[next(len(vals))])
			case k < 9 && loops > 0:
				b.WriteString([]string{"{{break}}", "{{continue}}"}[next(2)])
			default:
				fmt.Fprintf(&b, "{{$w = %s}}", vals[next(len(vals))])
			}
		}
		return b.String()
	}
	diffs, ran, parsed := 0, 0, 0
	defer func() { t.Logf("seed %d: %d parsed, %d run compiled, %d differ", seed, parsed, ran, diffs) }()
	for range 2000 {
		src := `{{define "sub"}}<i title="{{.}}">{{with .}}{{.}}{{end}}</i>{{end}}{{$v := .I}}{{$w := .S}}` + gen(0, 0)
		set, err := template.New("t").Funcs(reviewFuncs).Parse(src)
		if err != nil {
			continue
		}
		parsed++
		d := reviewValue()
		var want bytes.Buffer
		wantErr := set.Execute(&want, d)
		p := compileSet(set, reviewFuncs, []string{"t"})
		var got bytes.Buffer
		ok := p.execute(&got, "t", d)
		if c := p.tmpls["t"]; ok && c != nil && c.run != nil {
			ran++
		}
		if ok && (wantErr != nil || got.String() != want.String()) {
			if diffs++; diffs <= 5 {
				t.Errorf("%s\ncompiled: %q\nhtml/template: %q, %v", src, got.String(), want.String(), wantErr)
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d random templates differ", diffs)
	}
}
