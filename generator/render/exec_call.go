package render

import (
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"text/template/parse"
)

var (
	typeAny     = reflect.TypeFor[any]()
	typeError   = reflect.TypeFor[error]()
	typeStrnger = reflect.TypeFor[fmt.Stringer]()
	typeValue   = reflect.TypeFor[reflect.Value]()
)

// fieldStep is one name of a field chain: a method or a field of what it
// is looked up on, or a key of a map. What the name is in a type is found
// once and kept, for the last type seen (nearly always the only one).
type fieldStep struct {
	name     string
	args     []valFn      // of the last step, a method's
	consts   []parse.Node // its constant arguments, where args has nil
	hasFinal bool
	seen     atomic.Pointer[fieldAccess]
}

// fieldAccess is what a name is in values of type typ, addressable or not.
type fieldAccess struct {
	typ    reflect.Type
	addr   bool
	kind   int8
	index  []int // of a field
	method int   // of a method, in the method set of typ (addr: *typ)
}

const (
	accFail = iota
	accField
	accMethod
	accMap
)

func (f *fieldStep) eval(s *state, dot, recv, final reflect.Value) reflect.Value {
	if !recv.IsValid() {
		return reflect.Value{} // missingkey=default: a missing key's field is no value too
	}
	v, isNil := indirect(recv)
	if isNil {
		panic(bail{}) // a nil pointer's method or an error
	}
	t, addr := v.Type(), v.CanAddr()
	a := f.seen.Load()
	if a == nil || a.typ != t || a.addr != addr {
		a = access(t, addr, f.name)
		f.seen.Store(a)
	}
	switch a.kind {
	case accField:
		if len(f.args) > 0 || f.hasFinal {
			panic(bail{})
		}
		if len(a.index) == 1 {
			return v.Field(a.index[0])
		}
		field, err := v.FieldByIndexErr(a.index)
		if err != nil {
			panic(bail{})
		}
		return field
	case accMethod:
		if addr {
			v = v.Addr()
		}
		return s.callMethod(v.Method(a.method), dot, f, final)
	case accMap:
		if len(f.args) > 0 || f.hasFinal {
			panic(bail{})
		}
		return v.MapIndex(reflect.ValueOf(f.name))
	}
	panic(bail{})
}

// access finds name in a value of type t as text/template does: a method
// (of *t when the value is addressable), a field, a map's key.
func access(t reflect.Type, addr bool, name string) *fieldAccess {
	a := &fieldAccess{typ: t, addr: addr}
	mt := t
	if addr {
		mt = reflect.PointerTo(t)
	}
	if m, ok := mt.MethodByName(name); ok {
		a.kind, a.method = accMethod, m.Index
		return a
	}
	switch t.Kind() {
	case reflect.Struct:
		if sf, ok := t.FieldByName(name); ok && sf.IsExported() {
			a.kind, a.index = accField, sf.Index
		}
	case reflect.Map:
		if typeString.AssignableTo(t.Key()) {
			a.kind = accMap
		}
	}
	return a
}

// callMethod calls method m with the arguments (of no known type: a
// constant argument is not compiled) and final.
func (s *state) callMethod(m reflect.Value, dot reflect.Value, f *fieldStep, final reflect.Value) reflect.Value {
	args, hasFinal := f.args, f.hasFinal
	t := m.Type()
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	if t.IsVariadic() || numIn != t.NumIn() || !goodResults(t) {
		panic(bail{})
	}
	base := len(s.stack)
	for i, a := range args {
		if a == nil {
			v, err := constantArg(f.consts[i], t.In(i))
			if err != nil {
				panic(bail{})
			}
			s.stack = append(s.stack, v)
			continue
		}
		s.stack = append(s.stack, validate(a(s, dot), t.In(i)))
	}
	if hasFinal {
		s.stack = append(s.stack, validate(final, t.In(numIn-1)))
	}
	out := m.Call(s.stack[base:])
	clear(s.stack[base:])
	s.stack = s.stack[:base]
	if len(out) == 2 && !out[1].IsNil() {
		panic(bail{})
	}
	if out[0].Type() == typeValue {
		return out[0].Interface().(reflect.Value)
	}
	return out[0]
}

// goodResults reports whether a function of type t may be called from a
// template: one result, or a result and an error.
func goodResults(t reflect.Type) bool {
	switch t.NumOut() {
	case 1:
		return true
	case 2:
		return t.Out(1) == typeError
	}
	return false
}

// validate is text/template's validateType: v made a value of type t,
// or the run given up where text/template fails.
func validate(v reflect.Value, t reflect.Type) reflect.Value {
	if !v.IsValid() {
		if canBeNil(t) {
			return reflect.Zero(t)
		}
		panic(bail{})
	}
	vt := v.Type()
	if vt == t || vt.AssignableTo(t) {
		return v
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
		if v.Type().AssignableTo(t) {
			return v
		}
	}
	switch {
	case v.Kind() == reflect.Pointer && v.Type().Elem().AssignableTo(t):
		if v.IsNil() {
			panic(bail{})
		}
		return v.Elem()
	case reflect.PointerTo(v.Type()).AssignableTo(t) && v.CanAddr():
		return v.Addr()
	}
	panic(bail{})
}

func canBeNil(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return t == typeValue
	}
	return false
}

// arg compiles an argument of a function's parameter of type t
// (text/template's evalArg).
func (c *compiler) arg(n parse.Node, t reflect.Type) (valFn, error) {
	switch n := n.(type) {
	case *parse.DotNode, *parse.FieldNode, *parse.VariableNode, *parse.PipeNode, *parse.IdentifierNode, *parse.ChainNode:
		fn, err := c.value(n)
		if err != nil {
			return nil, err
		}
		if t == typeAny {
			return func(s *state, dot reflect.Value) reflect.Value {
				v := fn(s, dot)
				if !v.IsValid() {
					return reflect.Zero(typeAny)
				}
				return v
			}, nil
		}
		return func(s *state, dot reflect.Value) reflect.Value { return validate(fn(s, dot), t) }, nil
	case *parse.NilNode:
		if !canBeNil(t) {
			return nil, unsupported(n, "nil argument")
		}
		v := reflect.Zero(t)
		return func(*state, reflect.Value) reflect.Value { return v }, nil
	}
	v, err := constantArg(n, t)
	if err != nil {
		return nil, err
	}
	return func(*state, reflect.Value) reflect.Value { return v }, nil
}

// constantArg is the value of a constant argument of a parameter of type t.
func constantArg(n parse.Node, t reflect.Type) (reflect.Value, error) {
	if _, ok := n.(*parse.NilNode); ok {
		if !canBeNil(t) {
			return reflect.Value{}, unsupported(n, "nil argument")
		}
		return reflect.Zero(t), nil
	}
	v := reflect.New(t).Elem()
	switch k := t.Kind(); {
	case k == reflect.Bool:
		b, ok := n.(*parse.BoolNode)
		if !ok {
			return reflect.Value{}, unsupported(n, "expected bool")
		}
		v.SetBool(b.True)
	case k == reflect.String:
		str, ok := n.(*parse.StringNode)
		if !ok {
			return reflect.Value{}, unsupported(n, "expected string")
		}
		v.SetString(str.Text)
	case k >= reflect.Int && k <= reflect.Int64:
		num, ok := n.(*parse.NumberNode)
		if !ok || !num.IsInt {
			return reflect.Value{}, unsupported(n, "expected integer")
		}
		v.SetInt(num.Int64)
	case k >= reflect.Uint && k <= reflect.Uintptr:
		num, ok := n.(*parse.NumberNode)
		if !ok || !num.IsUint {
			return reflect.Value{}, unsupported(n, "expected unsigned integer")
		}
		v.SetUint(num.Uint64)
	case k == reflect.Float32 || k == reflect.Float64:
		num, ok := n.(*parse.NumberNode)
		if !ok || !num.IsFloat {
			return reflect.Value{}, unsupported(n, "expected float")
		}
		v.SetFloat(num.Float64)
	case k == reflect.Interface && t.NumMethod() == 0:
		cv, err := constant(n)
		if err != nil || !cv.IsValid() {
			return reflect.Value{}, unsupported(n, "constant")
		}
		v = cv
	default:
		return reflect.Value{}, unsupported(n, "argument type")
	}
	return v, nil
}

// function compiles a call of a function of the set: one of the theme's
// (FuncMap), an escaper of html/template's, a builtin.
func (c *compiler) function(n *parse.IdentifierNode, args []parse.Node, hasFinal bool) (cmdFn, error) {
	name := n.Ident
	if fn, ok := c.p.funcs[name]; ok {
		return c.funcCall(n, fn, args, hasFinal)
	}
	if esc, ok := escapers[name]; ok {
		if len(args) > 0 || !hasFinal {
			return nil, unsupported(n, "escaper with arguments")
		}
		return func(_ *state, _, final reflect.Value) reflect.Value {
			return reflect.ValueOf(runEscaper(name, esc, final))
		}, nil
	}
	return c.builtin(n, args, hasFinal)
}

// runEscaper is what escaper name (esc) makes of v, the value before it in a
// pipeline.
func runEscaper(name string, esc func(reflect.Value) (string, bool), v reflect.Value) string {
	if v.Kind() == reflect.Interface {
		v = indirectInterface(v)
	}
	out, ok := esc(v)
	if !ok {
		panic(bail{name + " of " + v.Type().String()})
	}
	return out
}

// funcCall compiles a call of fn with args and final, through an adapter
// of fn's own type when funcs.go has one.
func (c *compiler) funcCall(n parse.Node, fn any, args []parse.Node, hasFinal bool) (cmdFn, error) {
	gather, err := c.funcArgs(n, fn, args, hasFinal)
	if err != nil {
		return nil, err
	}
	call := adapt(fn)
	return func(s *state, dot, final reflect.Value) reflect.Value {
		base := len(s.stack)
		v, err := call(gather(s, dot, final))
		s.release(base)
		if err != nil {
			panic(bail{})
		}
		return v
	}, nil
}

// textFn gives the text of a command that a page prints as it is.
type textFn func(s *state, dot, final reflect.Value) string

// textCall compiles a call of fn whose result the page prints as it is
// (a string, HTML): its text goes to the page without being made a
// reflect.Value first. Nil when fn has no such adapter.
func (c *compiler) textCall(n parse.Node, fn any, args []parse.Node, hasFinal bool) (textFn, error) {
	call := adaptText(fn)
	if call == nil {
		return nil, nil
	}
	gather, err := c.funcArgs(n, fn, args, hasFinal)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot, final reflect.Value) string {
		base := len(s.stack)
		text, err := call(gather(s, dot, final))
		s.release(base)
		if err != nil {
			panic(bail{})
		}
		return text
	}, nil
}

// funcArgs compiles the arguments of a call of fn (text/template's
// evalCall): gather evaluates them, converted to fn's parameter types,
// onto the state's stack; the caller releases them.
func (c *compiler) funcArgs(n parse.Node, fn any, args []parse.Node, hasFinal bool) (gather func(s *state, dot, final reflect.Value) []reflect.Value, err error) {
	t := reflect.TypeOf(fn)
	if t == nil || t.Kind() != reflect.Func || !goodResults(t) || t.Out(0) == typeValue {
		return nil, unsupported(n, "function type")
	}
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if t.IsVariadic() {
		numFixed = t.NumIn() - 1
		if numIn < numFixed {
			return nil, unsupported(n, "too few arguments")
		}
	} else if numIn != t.NumIn() {
		return nil, unsupported(n, "wrong number of arguments")
	}
	argFns := make([]valFn, len(args))
	for i, a := range args {
		pt := t.In(min(i, t.NumIn()-1))
		if t.IsVariadic() && i >= numFixed {
			pt = t.In(t.NumIn() - 1).Elem()
		}
		f, err := c.arg(a, pt)
		if err != nil {
			return nil, err
		}
		argFns[i] = f
	}
	var finalType reflect.Type
	if hasFinal {
		finalType = t.In(t.NumIn() - 1)
		if t.IsVariadic() {
			if numIn-1 < numFixed {
				finalType = t.In(numIn - 1)
			} else {
				finalType = finalType.Elem()
			}
		}
	}
	return func(s *state, dot, final reflect.Value) []reflect.Value {
		base := len(s.stack)
		for _, a := range argFns {
			v := a(s, dot)
			s.stack = append(s.stack, v)
		}
		if finalType != nil {
			s.stack = append(s.stack, validate(final, finalType))
		}
		return s.stack[base:]
	}, nil
}

// release drops the arguments gathered from base on.
func (s *state) release(base int) {
	clear(s.stack[base:])
	s.stack = s.stack[:base]
}

// errCall is a function's error, for which the run is given up.
var errCall = errors.New("function failed")

// callFn is a function called with its arguments, converted to its
// parameters' types.
type callFn func(args []reflect.Value) (reflect.Value, error)

// reflectCall calls fn through reflection, the way text/template does.
func reflectCall(fn any) callFn {
	fv := reflect.ValueOf(fn)
	return func(args []reflect.Value) (reflect.Value, error) {
		out := fv.Call(args)
		if len(out) == 2 && !out[1].IsNil() {
			return reflect.Value{}, errCall
		}
		return out[0], nil
	}
}

// isTrue is text/template's truth of a value: not the zero value of its
// type; ok is false for a value with no truth (a function's).
func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return false, false
	}
	return truth, true
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// print writes v as text/template prints it: strings and HTML as they
// are, anything else through fmt.
func (s *state) print(v reflect.Value) {
	if v.Kind() == reflect.String {
		if t := v.Type(); t == typeString || t == typeHTML || plainString(t) {
			s.w.WriteString(v.String())
			return
		}
	}
	iface, ok := printableValue(v)
	if !ok {
		panic(bail{})
	}
	fmt.Fprint(s.w, iface)
}

// plainString reports whether fmt prints a value of t, a kind of string,
// as the string: it is neither a Stringer nor an error (nor is *t, which
// text/template may print instead).
func plainString(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return !t.Implements(typeError) && !t.Implements(typeStrnger) && !pt.Implements(typeError) && !pt.Implements(typeStrnger)
}

// printableValue is text/template's: the value fmt is given.
func printableValue(v reflect.Value) (any, bool) {
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v)
	}
	if !v.IsValid() {
		return "<no value>", true
	}
	if !v.Type().Implements(typeError) && !v.Type().Implements(typeStrnger) {
		if v.CanAddr() && (reflect.PointerTo(v.Type()).Implements(typeError) || reflect.PointerTo(v.Type()).Implements(typeStrnger)) {
			v = v.Addr()
		} else {
			switch v.Kind() {
			case reflect.Chan, reflect.Func:
				return nil, false
			}
		}
	}
	return v.Interface(), true
}
