package render

import (
	"fmt"
	"reflect"
	"text/template/parse"
)

// builtin compiles a call of one of text/template's own functions. Their
// arguments are taken as they are (reflect.Value parameters); what they
// would fail on gives up the run.
func (c *compiler) builtin(n *parse.IdentifierNode, args []parse.Node, hasFinal bool) (cmdFn, error) {
	argFns := make([]valFn, len(args))
	for i, a := range args {
		if _, isNil := a.(*parse.NilNode); isNil {
			argFns[i] = func(*state, reflect.Value) reflect.Value { return reflect.Value{} }
			continue
		}
		f, err := c.value(a)
		if err != nil {
			return nil, err
		}
		argFns[i] = f
	}
	count := len(args)
	if hasFinal {
		count++
	}
	// gather evaluates the arguments, final last, into the state's stack.
	gather := func(s *state, dot, final reflect.Value) []reflect.Value {
		for _, a := range argFns {
			v := a(s, dot)
			s.stack = append(s.stack, v)
		}
		if hasFinal {
			s.stack = append(s.stack, final)
		}
		return s.stack[len(s.stack)-count:]
	}
	release := func(s *state) {
		clear(s.stack[len(s.stack)-count:])
		s.stack = s.stack[:len(s.stack)-count]
	}
	switch name := n.Ident; name {
	case "and", "or":
		if count == 0 {
			return nil, unsupported(n, "no arguments")
		}
		or := name == "or"
		return func(s *state, dot, final reflect.Value) reflect.Value {
			var v reflect.Value
			for _, a := range argFns {
				if v = a(s, dot); truth(v) == or {
					return v
				}
			}
			if hasFinal {
				v = final
			}
			return v
		}, nil
	case "not":
		if count != 1 {
			return nil, unsupported(n, "arguments of not")
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			v := final
			if !hasFinal {
				v = argFns[0](s, dot)
			}
			return reflect.ValueOf(!truth(v))
		}, nil
	case "eq", "ne", "lt", "le", "gt", "ge":
		if count < 2 || name != "eq" && count != 2 {
			return nil, unsupported(n, "arguments of a comparison")
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			argv := gather(s, dot, final)
			var r bool
			if name == "eq" {
				r = eqAny(argv[0], argv[1:])
			} else {
				r = compare(name, argv[0], argv[1])
			}
			release(s)
			return reflect.ValueOf(r)
		}, nil
	case "len":
		if count != 1 {
			return nil, unsupported(n, "arguments of len")
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			v := final
			if !hasFinal {
				v = argFns[0](s, dot)
			}
			item, isNil := indirect(v)
			if isNil {
				panic(bail{})
			}
			switch item.Kind() {
			case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
				return reflect.ValueOf(item.Len())
			}
			panic(bail{})
		}, nil
	case "index":
		if count < 1 {
			return nil, unsupported(n, "arguments of index")
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			argv := gather(s, dot, final)
			v := index(argv[0], argv[1:])
			release(s)
			return v
		}, nil
	case "print", "println":
		return func(s *state, dot, final reflect.Value) reflect.Value {
			argv := gather(s, dot, final)
			list := make([]any, len(argv))
			for i, v := range argv {
				list[i] = anyOf(v)
			}
			release(s)
			if name == "print" {
				return reflect.ValueOf(fmt.Sprint(list...))
			}
			return reflect.ValueOf(fmt.Sprintln(list...))
		}, nil
	case "printf":
		if count < 1 {
			return nil, unsupported(n, "arguments of printf")
		}
		if len(args) > 0 {
			// The format is a string parameter: a constant must be a string.
			switch a := args[0].(type) {
			case *parse.StringNode:
			case *parse.BoolNode, *parse.NumberNode, *parse.NilNode:
				return nil, unsupported(a, "format")
			}
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			argv := gather(s, dot, final)
			format := validate(argv[0], typeString).String()
			list := make([]any, len(argv)-1)
			for i, v := range argv[1:] {
				list[i] = anyOf(v)
			}
			release(s)
			return reflect.ValueOf(fmt.Sprintf(format, list...))
		}, nil
	}
	return nil, unsupported(n, "function")
}

// anyOf is v as an argument of type any: nothing for no value.
func anyOf(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

// The kinds text/template compares (basicKind).
const (
	kindInvalid = iota
	kindBool
	kindInt
	kindUint
	kindFloat
	kindString
)

func basicKind(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Bool:
		return kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kindUint
	case reflect.Float32, reflect.Float64:
		return kindFloat
	case reflect.String:
		return kindString
	}
	return kindInvalid
}

// eqAny is text/template's eq for values of the basic kinds: whether a
// equals any of list. Anything else (nil, structs, mixed kinds) gives up
// the run.
func eqAny(a reflect.Value, list []reflect.Value) bool {
	a = indirectInterface(a)
	k := basicKind(a)
	if k == kindInvalid {
		panic(bail{})
	}
	for _, b := range list {
		b = indirectInterface(b)
		if basicKind(b) != k {
			panic(bail{})
		}
		var same bool
		switch k {
		case kindBool:
			same = a.Bool() == b.Bool()
		case kindInt:
			same = a.Int() == b.Int()
		case kindUint:
			same = a.Uint() == b.Uint()
		case kindFloat:
			same = a.Float() == b.Float()
		case kindString:
			same = a.String() == b.String()
		}
		if same {
			return true
		}
	}
	return false
}

// compare is text/template's ne, lt, le, gt and ge for two values of the
// same basic kind.
func compare(op string, a, b reflect.Value) bool {
	a, b = indirectInterface(a), indirectInterface(b)
	k := basicKind(a)
	if k == kindInvalid || basicKind(b) != k {
		panic(bail{})
	}
	if op == "ne" {
		return !eqAny(a, []reflect.Value{b})
	}
	var less bool
	switch k {
	case kindInt:
		less = a.Int() < b.Int()
	case kindUint:
		less = a.Uint() < b.Uint()
	case kindFloat:
		less = a.Float() < b.Float()
	case kindString:
		less = a.String() < b.String()
	default:
		panic(bail{}) // bool: not ordered
	}
	switch op {
	case "lt":
		return less
	case "le":
		return less || eqAny(a, []reflect.Value{b})
	case "gt":
		return !(less || eqAny(a, []reflect.Value{b}))
	}
	return !less // ge
}

// index is text/template's, for slices, arrays and strings indexed by
// integers and maps by keys of their type.
func index(item reflect.Value, indexes []reflect.Value) reflect.Value {
	item = indirectInterface(item)
	if !item.IsValid() {
		panic(bail{})
	}
	for _, i := range indexes {
		i = indirectInterface(i)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			panic(bail{})
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			var x int64
			switch basicKind(i) {
			case kindInt:
				x = i.Int()
			case kindUint:
				x = int64(i.Uint())
			default:
				panic(bail{})
			}
			if x < 0 || x >= int64(item.Len()) {
				panic(bail{})
			}
			item = item.Index(int(x))
		case reflect.Map:
			if !i.IsValid() || !i.Type().AssignableTo(item.Type().Key()) {
				panic(bail{})
			}
			if x := item.MapIndex(i); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			panic(bail{})
		}
	}
	return item
}
