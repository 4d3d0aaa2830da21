package config

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/sanitize"
)

// Table is one decoded TOML table with the positions of its keys, for
// converting values by hand so that every problem in a file is reported,
// not just the first.
type Table struct {
	File   string
	Values map[string]any
	Keys   map[string]KeyPos // by path from the document root
	Path   string            // this table's path prefix ("" or "components.0.")
	Line   int               // line of the table header, for missing keys
	Diags  *diag.List
	used   []string // the keys read, in the order first read (a table has few)
	text   string   // the TOML text, for finding items inside values
	line0  int      // file line of the text's first line
}

// Decode parses TOML text that starts at line line0 of file. A syntax error
// is reported at its position in the file and gives a nil table, and so
// does nesting deeper than MaxDepth, found before the TOML library runs.
func Decode(file, text string, line0 int, diags *diag.List) *Table {
	if values, keys, ok := decodeFlat(text, line0); ok {
		// Flat, so nested one level at most: checkDepth would pass it.
		return &Table{File: file, Values: values, Keys: keys, Line: line0, Diags: diags, text: text, line0: line0}
	}
	if !checkDepth(file, text, line0, diags) {
		return nil
	}
	values := make(map[string]any)
	if _, err := toml.Decode(text, &values); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			syntaxError(diags, file, line0, text, perr)
		} else {
			diags.Errorf(diag.Pos{File: file, Line: line0}, "TOML: %v", err)
		}
		return nil
	}
	return &Table{File: file, Values: values, Keys: LocateKeys(text, line0), Line: line0, Diags: diags, text: text, line0: line0}
}

// errorPos returns the line and column of a syntax error from its byte
// offset. The library's own Col is computed against the previous line when
// the error is at the first character of a line (it compares with >=), so
// a missing "]" at the end of line 3 was reported at line 4, column 17.
func errorPos(text string, p toml.Position) (line, col int) {
	if p.Start < 0 || p.Start > len(text) {
		return max(p.Line, 1), max(p.Col, 1)
	}
	before := text[:p.Start]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1 // runes, as diag.Pos counts
	return line, col
}

func tomlMessage(perr toml.ParseError) string {
	msg := perr.Message
	if strings.HasPrefix(msg, "expected a comma (',') or array terminator (']')") {
		// Most often the "]" of a list was forgotten at the end of the
		// line above, and the parser only notices on the next line.
		msg += "; is the closing ] of a list missing?"
	}
	if perr.Usage != "" {
		// The library's usage notes are long; keep the first sentence.
		if i := strings.Index(perr.Usage, "\n"); i > 0 {
			return msg + " (" + strings.TrimSpace(perr.Usage[:i]) + ")"
		}
	}
	return msg
}

// Sub returns the table value m found at path (an entry of an array of
// tables), sharing this table's key positions.
func (t *Table) Sub(m map[string]any, path string, line int) *Table {
	return &Table{File: t.File, Values: m, Keys: t.Keys, Path: path, Line: line, Diags: t.Diags, text: t.text, line0: t.line0}
}

// KeyPos returns the position of key, or of the table when the key is absent.
func (t *Table) KeyPos(key string) diag.Pos {
	if p, ok := t.Keys[t.Path+key]; ok {
		return diag.Pos{File: t.File, Line: p.Line, Col: p.Col}
	}
	return diag.Pos{File: t.File, Line: t.Line, Col: 1}
}

// ValuePos returns the position of key's value.
func (t *Table) ValuePos(key string) diag.Pos {
	if p, ok := t.Keys[t.Path+key]; ok {
		return diag.Pos{File: t.File, Line: p.ValueLine, Col: p.ValueCol}
	}
	return t.KeyPos(key)
}

// ItemPos returns the position of the string item "s" inside key's
// value (an entry of a list), or of the value when it cannot be found.
func (t *Table) ItemPos(key, s string) diag.Pos {
	p := t.ValuePos(key)
	quoted := strconv.Quote(s)
	lines := strings.Split(t.text, "\n")
	for i := p.Line - t.line0; i >= 0 && i < len(lines) && i <= p.Line-t.line0+20; i++ {
		line := lines[i]
		from := 0
		if i == p.Line-t.line0 {
			from = min(len(line), byteOffset(line, p.Col-1))
		}
		if j := strings.Index(line[from:], quoted); j >= 0 {
			return diag.Pos{File: t.File, Line: t.line0 + i, Col: utf8.RuneCountInString(line[:from+j]) + 1}
		}
		if strings.Contains(line[from:], "]") {
			break
		}
	}
	return p
}

// escapePos returns the position of the escape sequence that writes r
// in key's string value (\u000B, \U0000000B, \b, \f, \e), or of the
// value when it cannot be found.
func (t *Table) escapePos(key string, r rune) diag.Pos {
	p := t.ValuePos(key)
	escapes := []string{fmt.Sprintf(`\u%04X`, r), fmt.Sprintf(`\u%04x`, r), fmt.Sprintf(`\U%08X`, r), fmt.Sprintf(`\U%08x`, r)}
	switch r {
	case '\b':
		escapes = append(escapes, `\b`)
	case '\f':
		escapes = append(escapes, `\f`)
	case 0x1b:
		escapes = append(escapes, `\e`)
	}
	lines := strings.Split(t.text, "\n")
	for i := p.Line - t.line0; i >= 0 && i < len(lines) && i <= p.Line-t.line0+20; i++ {
		line := lines[i]
		from := 0
		if i == p.Line-t.line0 {
			from = min(len(line), byteOffset(line, p.Col-1))
		}
		best := -1
		for _, e := range escapes {
			if j := strings.Index(line[from:], e); j >= 0 && (best < 0 || j < best) {
				best = j
			}
		}
		if best >= 0 {
			return diag.Pos{File: t.File, Line: t.line0 + i, Col: utf8.RuneCountInString(line[:from+best]) + 1}
		}
	}
	return p
}

// byteOffset returns the byte offset of the n-th character of line.
func byteOffset(line string, n int) int {
	for i := range line {
		if n == 0 {
			return i
		}
		n--
	}
	return len(line)
}

func (t *Table) mark(key string) (any, bool) {
	if !slices.Contains(t.used, key) {
		if t.used == nil {
			t.used = make([]string, 0, 16) // an incident's front matter reads 12
		}
		t.used = append(t.used, key)
	}
	v, ok := t.Values[key]
	return v, ok
}

// Has reports whether key is set.
func (t *Table) Has(key string) bool { _, ok := t.Values[key]; return ok }

// String returns a string value; "" when absent or of another type (then an
// error is reported).
func (t *Table) String(key string) string {
	v, ok := t.mark(key)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.Diags.Errorf(t.ValuePos(key), "%s must be a string in quotes, like %s = \"...\"", key, key)
	}
	// An escape such as \u000b writes a character that breaks feeds;
	// the text itself was cleaned before decoding.
	if clean, bad := sanitize.Text(s); len(bad) > 0 {
		t.Diags.Warnf(t.escapePos(key, bad[0].Rune), "%s holds the invisible character %U (%s), which feeds and calendars cannot carry: remove its escape", key, bad[0].Rune, diag.Word(bad[0].Name))
		s = clean
	}
	return s
}

// Bool returns a boolean value.
func (t *Table) Bool(key string) bool {
	v, ok := t.mark(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		t.Diags.Errorf(t.ValuePos(key), "%s must be true or false (without quotes)", key)
	}
	return b
}

// Int returns an integer value.
func (t *Table) Int(key string, def int) int {
	v, ok := t.mark(key)
	if !ok {
		return def
	}
	n, ok := v.(int64)
	if !ok {
		t.Diags.Errorf(t.ValuePos(key), "%s must be a whole number, like %s = %d", key, key, def)
		return def
	}
	return int(n)
}

// Strings returns an array of strings.
func (t *Table) Strings(key string) []string {
	v, ok := t.mark(key)
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			t.Diags.Errorf(t.ValuePos(key), "%s must be a list: write %s = [%q]", key, key, s)
		} else {
			t.Diags.Errorf(t.ValuePos(key), "%s must be a list of strings, like %s = [\"api\", \"mail\"]", key, key)
		}
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			t.Diags.Errorf(t.ValuePos(key), "%s must hold only strings in quotes", key)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Time returns a datetime value. Datetimes without an offset are read in
// loc (the TOML library would use the build host's zone). A string is
// accepted when it parses as a datetime, since comms staff often quote it.
func (t *Table) Time(key string, loc *time.Location) time.Time {
	v, ok := t.mark(key)
	if !ok {
		return time.Time{}
	}
	switch x := v.(type) {
	case time.Time:
		switch x.Location().String() {
		case "datetime-local":
			return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), loc)
		case "date-local", "time-local":
			t.Diags.Errorf(t.ValuePos(key), "%s needs a date and a time, like %s = 2026-11-20T09:12:00+09:00", key, key)
			return time.Time{}
		}
		return x
	case string:
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
			if tm, err := time.ParseInLocation(layout, x, loc); err == nil {
				return tm
			}
		}
	}
	t.Diags.Errorf(t.ValuePos(key), "%s must be a date and time without quotes, like %s = 2026-11-20T09:12:00+09:00", key, key)
	return time.Time{}
}

// Require reports an error for each key that is absent.
func (t *Table) Require(keys ...string) {
	for _, k := range keys {
		if !t.Has(k) {
			t.Diags.Errorf(diag.Pos{File: t.File, Line: t.Line, Col: 1}, "missing %s: add a line %s = ...", k, k)
		}
	}
}

// CheckUnknown reports every key that was not read, suggesting the
// nearest known one.
func (t *Table) CheckUnknown(known []string) {
	var unknown []string
	for k := range t.Values {
		if !slices.Contains(t.used, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		if s := diag.Suggest(k, known); s != "" {
			t.Diags.Errorf(t.KeyPos(k), "unknown key %q; did you mean %q?", k, s)
		} else {
			t.Diags.Errorf(t.KeyPos(k), "unknown key %q (known: %s)", k, strings.Join(known, ", "))
		}
	}
}

// Tables returns the entries of an array of tables ([[key]]), each sharing
// this table's key positions, with its header line for missing keys. A
// value of another shape is reported and gives none.
func (t *Table) Tables(key string) []*Table {
	v, ok := t.mark(key)
	if !ok {
		return nil
	}
	list, ok := v.([]map[string]any)
	if !ok {
		t.Diags.Errorf(t.KeyPos(key), "%s must be written as [[%s]] tables", key, key)
		return nil
	}
	out := make([]*Table, len(list))
	for i, m := range list {
		path := t.Path + key + "." + strconv.Itoa(i) + "."
		out[i] = t.Sub(m, path, headerLine(t, path))
	}
	return out
}
