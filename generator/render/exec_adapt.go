package render

import (
	"html/template"
	"reflect"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

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
