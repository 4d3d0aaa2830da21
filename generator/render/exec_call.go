package render

import (
	"errors"
	"fmt"
	"reflect"
	"text/template/parse"
)

var (
	typeAny     = reflect.TypeFor[any]()
	typeError   = reflect.TypeFor[error]()
	typeStrnger = reflect.TypeFor[fmt.Stringer]()
	typeValue   = reflect.TypeFor[reflect.Value]()
)

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
