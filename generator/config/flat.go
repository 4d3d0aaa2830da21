package config

import (
	"strings"
	"time"
	"unicode/utf8"
)

// decodeFlat decodes text, and locates its keys as LocateKeys does, when
// it is flat TOML of the shape an incident's front matter nearly always
// has: one bare key a line, set to a string without escapes, true or
// false, a datetime with an offset (Z or ±HH:MM), or a list of such
// strings on the same line, with blank lines and comments between. It
// gives what the TOML library gives for the same text, at a fraction
// of its cost (a build decodes the front matter of every file); for
// anything else, or anything it is unsure of, ok is false and nothing
// is decoded: the library then reads the text and reports its errors.
func decodeFlat(text string, line0 int) (values map[string]any, keys map[string]KeyPos, ok bool) {
	if !utf8.ValidString(text) {
		return nil, nil, false
	}
	values = make(map[string]any, 8)
	keys = make(map[string]KeyPos, 8)
	for n := 0; text != ""; n++ {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		i := skipBlanks(line, 0)
		if i == len(line) {
			continue
		}
		if line[i] == '#' {
			if !plainBytes(line[i:], true) {
				return nil, nil, false
			}
			continue
		}
		if strings.Contains(line, `"""`) || strings.Contains(line, "'''") {
			// A multi-line string, or three quotes that LocateKeys
			// would take for the start of one.
			return nil, nil, false
		}
		j := i
		for j < len(line) && isBareKeyByte(line[j]) {
			j++
		}
		key := line[i:j]
		eq := skipBlanks(line, j)
		if key == "" || eq == len(line) || line[eq] != '=' {
			return nil, nil, false
		}
		v := skipBlanks(line, eq+1)
		val, end, ok := flatValue(line, v)
		if !ok {
			return nil, nil, false
		}
		if end = skipBlanks(line, end); end < len(line) && (line[end] != '#' || !plainBytes(line[end:], true)) {
			return nil, nil, false
		}
		if _, dup := values[key]; dup {
			return nil, nil, false // an error, the library's to report
		}
		values[key] = val
		// LocateKeys counts columns in characters; all before the value
		// is ASCII here.
		keys[key] = KeyPos{Line: line0 + n, Col: i + 1, ValueLine: line0 + n, ValueCol: v + 1}
	}
	return values, keys, true
}

// flatValue reads the value starting at line[i], giving it and the
// index after it.
func flatValue(line string, i int) (any, int, bool) {
	if i == len(line) {
		return nil, 0, false
	}
	switch c := line[i]; {
	case c == '"' || c == '\'':
		return flatString(line, i)
	case c == '[':
		list := make([]any, 0, 2) // as the library makes it
		i = skipBlanks(line, i+1)
		for i < len(line) && line[i] != ']' {
			s, end, ok := flatString(line, i)
			if !ok {
				return nil, 0, false
			}
			list = append(list, s)
			i = skipBlanks(line, end)
			if i < len(line) && line[i] == ',' {
				i = skipBlanks(line, i+1)
			} else if i < len(line) && line[i] != ']' {
				return nil, 0, false
			}
		}
		if i == len(line) {
			return nil, 0, false // a list over several lines
		}
		return list, i + 1, true
	case strings.HasPrefix(line[i:], "true"):
		return true, i + 4, i+4 == len(line) || isValueEnd(line[i+4])
	case strings.HasPrefix(line[i:], "false"):
		return false, i + 5, i+5 == len(line) || isValueEnd(line[i+5])
	case c >= '0' && c <= '9':
		return flatDatetime(line, i)
	}
	return nil, 0, false
}

// flatString reads a one-line string without escapes starting at
// line[i], basic ("...") or literal ('...'), and no control character
// (not even a tab) in it.
func flatString(line string, i int) (any, int, bool) {
	if i == len(line) || line[i] != '"' && line[i] != '\'' {
		return nil, 0, false
	}
	q := line[i]
	if strings.HasPrefix(line[i:], string([]byte{q, q, q})) {
		return nil, 0, false // multi-line
	}
	j := strings.IndexByte(line[i+1:], q)
	if j < 0 {
		return nil, 0, false
	}
	s := line[i+1 : i+1+j]
	if !plainBytes(s, false) || q == '"' && strings.IndexByte(s, '\\') >= 0 {
		return nil, 0, false
	}
	return s, i + 2 + j, true
}

// flatDatetime reads YYYY-MM-DDTHH:MM:SS with Z or ±HH:MM starting at
// line[i], as the library reads it (with time.ParseInLocation).
func flatDatetime(line string, i int) (any, int, bool) {
	const shape = "0000-00-00T00:00:00"
	s := line[i:]
	if len(s) < len(shape) {
		return nil, 0, false
	}
	n := len(shape)
	switch {
	case len(s) > n && s[n] == 'Z':
		n++
	case len(s) >= n+6 && (s[n] == '+' || s[n] == '-'):
		n += 6
	default:
		return nil, 0, false // a local datetime, or something else
	}
	for k := 0; k < n; k++ {
		want := byte('0')
		switch {
		case k < len(shape):
			want = shape[k]
		case k == len(shape):
			continue // Z, + or -
		case k == len(shape)+3:
			want = ':'
		}
		if got := s[k]; want == '0' && (got < '0' || got > '9') || want != '0' && got != want {
			return nil, 0, false
		}
	}
	if n < len(s) && !isValueEnd(s[n]) {
		return nil, 0, false
	}
	t, err := time.ParseInLocation(time.RFC3339Nano, s[:n], libraryLocal)
	if err != nil {
		return nil, 0, false
	}
	return t, i + n, true
}

// libraryLocal is the zone the TOML library reads offset datetimes in:
// the value time.Local had when the program started, which the library
// took then (a datetime whose offset is that zone's is in it). Taken at
// the same time, it stays the library's when a test sets time.Local.
var libraryLocal = time.Local

func skipBlanks(line string, i int) int {
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

// isValueEnd reports whether c may follow a value on its line.
func isValueEnd(c byte) bool { return c == ' ' || c == '\t' || c == '#' }

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// plainBytes reports whether s holds no control character, but tabs
// when tabs is set.
func plainBytes(s string, tabs bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && !(tabs && c == '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
