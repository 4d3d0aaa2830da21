package render

import (
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
)

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
