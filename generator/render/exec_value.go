package render

import (
	"fmt"
	"reflect"
)

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
