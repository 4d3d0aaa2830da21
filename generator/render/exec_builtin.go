package render

import (
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"text/template/parse"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
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

// escapers are html/template's escapers for the values they are mostly
// given, a string or HTML (and no value); for anything else ok is false,
// and the run is given up. Each does what html/template's does (see
// escapeHTML, escapeURL); the tests hold them to it.
var escapers = map[string]func(v reflect.Value) (string, bool){
	escHTML: func(v reflect.Value) (string, bool) {
		s, t := stringify(v)
		if t == typeHTML {
			return s, true
		}
		return escapeHTML(s), true
	},
	escAttr:   textOnly(escapeHTML),
	escRCDATA: textOnly(escapeHTML),
	escURLFilter: func(v reflect.Value) (string, bool) {
		s, t := stringify(v)
		if t == typeURL || escapeURL(s) != "#ZgotmplZ" {
			return s, true
		}
		return "#ZgotmplZ", true
	},
	escURLNorm: func(v reflect.Value) (string, bool) {
		s, _ := stringify(v)
		return urlProcess(s, true), true
	},
	escURLEsc: func(v reflect.Value) (string, bool) {
		s, t := stringify(v)
		return urlProcess(s, t == typeURL), true
	},
}

// textOnly is an escaper of what is not HTML (which it would strip of
// its tags, or normalize).
func textOnly(esc func(string) string) func(v reflect.Value) (string, bool) {
	return func(v reflect.Value) (string, bool) {
		s, t := stringify(v)
		if t == typeHTML {
			return "", false
		}
		return esc(s), true
	}
}

var typeURL = reflect.TypeFor[template.URL]()

const escURLEsc = "_html_template_urlescaper"

// contentTypes are html/template's types of trusted content, which its
// escapers take for what they are.
var contentTypes = []reflect.Type{
	reflect.TypeFor[template.CSS](), typeHTML, typeHTMLAttr, reflect.TypeFor[template.JS](),
	reflect.TypeFor[template.JSStr](), typeURL, reflect.TypeFor[template.Srcset](),
}

// stringify is html/template's for one argument: the text of v and its
// content type (nil: plain text).
func stringify(v reflect.Value) (string, reflect.Type) {
	if !v.IsValid() {
		return "", nil // an untyped nil is left out
	}
	if t := v.Type(); t == typeString {
		return v.String(), nil
	}
	a := v.Interface()
	d := reflect.ValueOf(a)
	for d.Kind() == reflect.Pointer && !d.IsNil() {
		d = d.Elem()
	}
	if d.Kind() == reflect.String {
		if t := d.Type(); t == typeString {
			return d.String(), nil
		} else if slices.Contains(contentTypes, t) {
			return d.String(), t
		}
	}
	if a == nil {
		return "", nil
	}
	e := reflect.ValueOf(a)
	for !e.Type().Implements(typeStrnger) && !e.Type().Implements(typeError) && e.Kind() == reflect.Pointer && !e.IsNil() {
		e = e.Elem()
	}
	return fmt.Sprint(e.Interface()), nil
}

// urlProcess is urlnormalizer (norm) or urlescaper for a string: every
// byte a URL (a part of one) may not hold as it is becomes %xx
// (html/template's processURLOnto).
func urlProcess(s string, norm bool) string {
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if norm && urlKept(s, i) || !norm && (c == '-' || c == '.' || c == '_' || c == '~' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			continue
		}
		if done == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[done:i])
		fmt.Fprintf(&b, "%%%02x", c)
		done = i + 1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// adapt returns a call of fn: for the types of funcs.go's functions one
// without reflection, for others reflectCall.
func adapt(fn any) callFn {
	switch f := fn.(type) {
	case func(string) string:
		return func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(a[0].String())), nil }
	case func(time.Time, string) template.HTML:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(timeOf(a[0]), a[1].String())), nil
		}
	case func(time.Time, string) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(timeOf(a[0]), a[1].String())), nil
		}
	case func(time.Time) string:
		return func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(timeOf(a[0]))), nil }
	case func(string, any, any) (template.HTML, error):
		return func(a []reflect.Value) (reflect.Value, error) {
			h, err := f(a[0].String(), anyOf(a[1]), anyOf(a[2]))
			return reflect.ValueOf(h), err
		}
	case func(string, *status.Incident) (template.HTML, error):
		return func(a []reflect.Value) (reflect.Value, error) {
			h, err := f(a[0].String(), a[1].Interface().(*status.Incident))
			return reflect.ValueOf(h), err
		}
	case func(string, template.HTML) template.HTML:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].String(), template.HTML(a[1].String()))), nil
		}
	case func(string, ...any) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			list := make([]any, len(a)-1)
			for i, v := range a[1:] {
				list[i] = anyOf(v)
			}
			return reflect.ValueOf(f(a[0].String(), list...)), nil
		}
	case func(string, int) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].String(), int(a[1].Int()))), nil
		}
	case func(string, string) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].String(), a[1].String())), nil
		}
	case func(any) string:
		return func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(anyOf(a[0]))), nil }
	case func(source.Severity) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(source.Severity(a[0].String()))), nil
		}
	case func(source.Severity) status.Level:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(source.Severity(a[0].String()))), nil
		}
	case func(status.Level) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(status.Level(a[0].String()))), nil
		}
	case func(status.Level) template.HTML:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(status.Level(a[0].String()))), nil
		}
	case func(source.Fallback, string) template.HTMLAttr:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(source.Fallback), a[1].String())), nil
		}
	case func(*config.Asset) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*config.Asset))), nil
		}
	case func(*status.Component) template.HTML:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(*status.Component))), nil
		}
	case func(float64) string:
		return func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(a[0].Float())), nil }
	case func(time.Duration) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(time.Duration(a[0].Int()))), nil
		}
	case func(string) any:
		return func(a []reflect.Value) (reflect.Value, error) {
			r := f(a[0].String())
			return reflect.ValueOf(&r).Elem(), nil // of type any, as reflection gives it
		}
	case func() template.HTML:
		return func([]reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f()), nil }
	case func() string:
		return func([]reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f()), nil }
	}
	return reflectCall(fn)
}

// adaptText returns a call of fn giving its result's text, for the types
// of funcs.go's functions whose result is printed as it is; nil for others.
func adaptText(fn any) func(args []reflect.Value) (string, error) {
	switch f := fn.(type) {
	case func(string) string:
		return func(a []reflect.Value) (string, error) { return f(a[0].String()), nil }
	case func(time.Time, string) template.HTML:
		return func(a []reflect.Value) (string, error) { return string(f(timeOf(a[0]), a[1].String())), nil }
	case func(time.Time, string) string:
		return func(a []reflect.Value) (string, error) { return f(timeOf(a[0]), a[1].String()), nil }
	case func(time.Time) string:
		return func(a []reflect.Value) (string, error) { return f(timeOf(a[0])), nil }
	case func(string, any, any) (template.HTML, error):
		return func(a []reflect.Value) (string, error) {
			h, err := f(a[0].String(), anyOf(a[1]), anyOf(a[2]))
			return string(h), err
		}
	case func(string, *status.Incident) (template.HTML, error):
		return func(a []reflect.Value) (string, error) {
			h, err := f(a[0].String(), a[1].Interface().(*status.Incident))
			return string(h), err
		}
	case func(string, template.HTML) template.HTML:
		return func(a []reflect.Value) (string, error) {
			return string(f(a[0].String(), template.HTML(a[1].String()))), nil
		}
	case func(string, ...any) string:
		return func(a []reflect.Value) (string, error) {
			list := make([]any, len(a)-1)
			for i, v := range a[1:] {
				list[i] = anyOf(v)
			}
			return f(a[0].String(), list...), nil
		}
	case func(source.Fallback, string) template.HTMLAttr:
		return func(a []reflect.Value) (string, error) {
			return string(f(a[0].Interface().(source.Fallback), a[1].String())), nil
		}
	case func(status.Level) template.HTML:
		return func(a []reflect.Value) (string, error) { return string(f(status.Level(a[0].String()))), nil }
	case func(*status.Component) template.HTML:
		return func(a []reflect.Value) (string, error) {
			return string(f(a[0].Interface().(*status.Component))), nil
		}
	case func() template.HTML:
		return func([]reflect.Value) (string, error) { return string(f()), nil }
	}
	return nil
}

// timeOf is the time.Time of v, without a copy to the heap when v can be
// addressed (a field reached through a pointer).
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() {
		return *v.Addr().Interface().(*time.Time)
	}
	return v.Interface().(time.Time)
}
