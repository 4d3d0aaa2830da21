package render

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"runtime/debug"
	"sync/atomic"
	texttemplate "text/template"
	"text/template/parse"
)

// text/template runs a tree by interpreting it through reflection: every
// field is looked up by name, every function called through
// reflect.Value.Call, every value printed through fmt, on every page. A
// build of 10,000 incidents spends a third of its time there. The
// executor of this file (exec*.go) runs the same escaped trees (after
// html/template put in its escapers, and fold and typed made them
// cheaper) as a tree of Go closures made once per template set: a field
// is found once per type of what holds it, the theme's functions are
// called through adapters of their own type, strings and HTML are written
// to the page as they are.
//
// It does what text/template does for what it compiles, and no more:
// a template it cannot compile (a construct or a function it does not
// know) runs as text/template runs it, and a page whose run meets
// anything it does not expect (a nil pointer where a field is wanted, a
// function's error, a value an escaper of its own does not know) is made
// again by html/template from the start, which gives its own output or
// error. Correct first: the tests compare its bytes with html/template's.
//
// exec.go runs a program; exec_compile.go and exec_pipe.go compile the
// nodes and the pipelines; exec_field.go finds fields and methods,
// exec_call.go calls functions through the adapters of exec_adapt.go;
// exec_builtin.go has text/template's own functions, exec_escape.go
// html/template's escapers, exec_value.go truth and printing.

// program is one template set compiled: immutable once made, shared by
// every page rendering at once.
type program struct {
	text  *texttemplate.Template // the set's escaped trees
	funcs template.FuncMap
	tmpls map[string]*compiled // by name, derived templates included
	// fallbacks counts the runs given up, for the tests.
	fallbacks atomic.Int64
	failure   atomic.Pointer[string] // the last one's panic and stack
}

// compiled is one template; run is nil when it could not be compiled,
// and text/template runs it.
type compiled struct {
	name  string
	run   nodeFn
	slots int   // of variables, "$" included
	err   error // why it is not compiled
}

// nodeFn runs a node with dot; valFn gives a pipeline's or an argument's
// value.
type (
	nodeFn func(s *state, dot reflect.Value)
	valFn  func(s *state, dot reflect.Value) reflect.Value
)

// state is one run of a program: the page, the variables of the
// templates under way and the arguments of the calls under way.
type state struct {
	p     *program
	w     *bytes.Buffer
	vars  []reflect.Value // the frames of the templates under way
	base  int             // where the frame of the running template starts
	stack []reflect.Value // arguments being gathered
	depth int
	ctl   int8 // ctlBreak or ctlContinue after {{break}} or {{continue}}
}

const (
	ctlBreak    = 1
	ctlContinue = 2
)

// maxDepth is text/template's limit of nested template calls.
const maxDepth = 100000

// bail is what compiled code panics with when it meets what it does not
// expect; the run is given up and made again by html/template.
type bail struct{ why string }

// textOf returns the text/template under set, which holds the trees
// html/template derived for templates called in other contexts than
// text ("clock$htmltemplate_stateTag"), that set.Lookup does not give.
// html/template keeps it in a field of its own; nil if it is not there
// as expected, and the set is not compiled.
func textOf(set *template.Template) (text *texttemplate.Template) {
	// Should a later reflect refuse an unexported field's pointer, the
	// set is run by html/template rather than the build stopped.
	defer func() {
		if recover() != nil {
			text = nil
		}
	}()
	f := reflect.ValueOf(set).Elem().FieldByName("text")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*texttemplate.Template]() || f.IsNil() {
		return nil
	}
	return (*texttemplate.Template)(f.UnsafePointer())
}

// compileSet compiles the templates of set that roots (and what they
// call) name, with the functions funcs; nil when set cannot be compiled
// at all.
func compileSet(set *template.Template, funcs template.FuncMap, roots []string) *program {
	text := textOf(set)
	if text == nil {
		return nil
	}
	// The trees run must be the escaped ones html/template runs itself:
	// were they kept elsewhere, text would hold trees without escapers.
	for _, name := range roots {
		if t, u := set.Lookup(name), text.Lookup(name); t == nil || u == nil || t.Tree != u.Tree {
			return nil
		}
	}
	return compileText(text, funcs, roots)
}

// compileText compiles the templates of text that roots name; funcs are
// the functions text was given (but for html/template's escapers).
func compileText(text *texttemplate.Template, funcs template.FuncMap, roots []string) *program {
	p := &program{text: text, funcs: funcs, tmpls: map[string]*compiled{}}
	for _, name := range roots {
		p.template(name)
	}
	return p
}

// template returns the compiled template name, compiling it (and what it
// calls) the first time; nil when the set has no such template.
func (p *program) template(name string) (c *compiled) {
	var err error
	if c, ok := p.tmpls[name]; ok {
		return c
	}
	t := p.text.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		p.tmpls[name] = nil
		return nil
	}
	c = &compiled{name: name}
	defer func() { c.err = err }()
	p.tmpls[name] = c // before its body: it may call itself
	cc := &compiler{p: p, vars: []string{"$"}}
	var run nodeFn
	run, err = cc.list(t.Tree.Root)
	if err == nil {
		c.run, c.slots = run, cc.slots
	}
	if c.slots == 0 {
		c.slots = 1
	}
	return c
}

// execute runs template name with data into w, and reports whether it
// could; when not, w is as it was and html/template must make it.
func (p *program) execute(w *bytes.Buffer, name string, data any) (ok bool) {
	if p == nil {
		return false
	}
	c := p.tmpls[name]
	if c == nil || c.run == nil {
		return false
	}
	start := w.Len()
	defer func() {
		if r := recover(); r != nil {
			// A panic of compiled code or of a function: html/template
			// makes the page again, with its own recovery and errors.
			w.Truncate(start)
			p.fallbacks.Add(1)
			why := fmt.Sprint(r) + "\n" + string(debug.Stack())
			p.failure.Store(&why)
			ok = false
		}
	}()
	s := &state{p: p, w: w, vars: make([]reflect.Value, 0, 32), stack: make([]reflect.Value, 0, 16)}
	var dot reflect.Value
	if v, isValue := data.(reflect.Value); isValue {
		dot = v
	} else {
		dot = reflect.ValueOf(data)
	}
	s.call(c, dot)
	return true
}

// call runs c with dot in a frame of its own: no variables are inherited.
func (s *state) call(c *compiled, dot reflect.Value) {
	if s.depth >= maxDepth {
		panic(bail{})
	}
	if c.run == nil {
		// text/template runs what could not be compiled, over the same
		// escaped tree and namespace: the same bytes.
		if err := s.p.text.ExecuteTemplate(s.w, c.name, dot); err != nil {
			panic(bail{})
		}
		return
	}
	base, ctl := s.base, s.ctl
	s.base = len(s.vars)
	for range c.slots {
		s.vars = append(s.vars, reflect.Value{})
	}
	s.vars[s.base] = dot
	s.depth++
	c.run(s, dot)
	s.depth--
	clear(s.vars[s.base:])
	s.vars = s.vars[:s.base]
	s.base, s.ctl = base, ctl
}

// compileFailure says why a template is not compiled; the tests print it.
type compileFailure struct {
	node parse.Node
	why  string
}

func (e *compileFailure) Error() string { return e.why + ": " + e.node.String() }

func unsupported(n parse.Node, why string) error { return &compileFailure{node: n, why: why} }

// compile compiles the page templates and the partials memo and keep
// run, after fold and typed rewrote them.
func (r *renderer) compile() {
	funcs := r.funcs
	r.progs = map[string]*program{}
	for _, p := range pageTemplates {
		r.progs[p] = compileSet(r.pages[p], funcs, []string{p})
	}
	var partials []string
	for _, set := range append([]*template.Template{r.base}, mapValues(r.pages)...) {
		partials = append(partials, entries(set, "memo", "keep")...)
	}
	r.partials = compileSet(r.base, funcs, partials)
}

// partial renders the partial name of the base set into w, for memo and
// keep.
func (r *renderer) partial(w *bytes.Buffer, name string, data any) error {
	if r.partials.execute(w, name, data) {
		return nil
	}
	return r.base.ExecuteTemplate(w, name, data)
}

// mapValues are the page sets in the order of pageTemplates.
func mapValues(pages map[string]*template.Template) []*template.Template {
	var out []*template.Template
	for _, p := range pageTemplates {
		out = append(out, pages[p])
	}
	return out
}
