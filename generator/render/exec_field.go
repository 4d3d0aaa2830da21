package render

import (
	"reflect"
	"sync/atomic"
	"text/template/parse"
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
