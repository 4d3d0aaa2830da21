package config

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// KeyPos is where a key and its value start in a TOML text.
type KeyPos struct {
	Line, Col           int // of the key
	ValueLine, ValueCol int // of the first character of the value
}

// LocateKeys finds where each key of a TOML text is written, so that
// problems found after decoding (an unknown severity, a missing component)
// can point at the right line and column. The TOML library reports
// positions only for syntax errors. Keys are dotted paths; entries of an
// array of tables are numbered from 0 ("components.2.id"). Only the first
// definition of a key counts. line0 is added to every line, so a caller can
// locate keys of a block that starts further down a file.
func LocateKeys(text string, line0 int) map[string]KeyPos {
	keys := make(map[string]KeyPos, 8) // one allocation for most front matter
	arrays := make(map[string]int)     // array-of-tables path -> entries seen
	prefix := ""
	inMulti := ""
	i := -1
	for line := range strings.SplitSeq(text, "\n") {
		i++
		if inMulti != "" {
			if strings.Count(line, inMulti)%2 == 1 {
				inMulti = ""
			}
			continue
		}
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		switch {
		case trimmed == "" || trimmed[0] == '#':
			continue
		case strings.HasPrefix(trimmed, "[["):
			name := inArrays(arrays, strings.TrimSpace(strings.SplitN(trimmed[2:], "]]", 2)[0]))
			n := arrays[name]
			arrays[name] = n + 1
			prefix = name + "." + strconv.Itoa(n) + "."
			header(keys, name, line0+i, indent)
			header(keys, strings.TrimSuffix(prefix, "."), line0+i, indent)
			continue
		case trimmed[0] == '[':
			name := inArrays(arrays, strings.TrimSpace(strings.SplitN(trimmed[1:], "]", 2)[0]))
			prefix = name + "."
			header(keys, name, line0+i, indent)
			continue
		}
		eq := strings.IndexByte(trimmed, '=')
		if eq <= 0 {
			continue
		}
		key := strings.TrimSpace(trimmed[:eq])
		key = strings.Trim(key, `"'`)
		rest := trimmed[eq+1:]
		valueOff := indent + eq + 1 + (len(rest) - len(strings.TrimLeft(rest, " \t")))
		full := prefix + key
		if _, seen := keys[full]; !seen {
			keys[full] = KeyPos{
				Line: line0 + i, Col: indent + 1,
				// Columns count characters (diag.Pos); a quoted key
				// may be Japanese.
				ValueLine: line0 + i, ValueCol: utf8.RuneCountInString(line[:valueOff]) + 1,
			}
		}
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(rest, q)%2 == 1 {
				inMulti = q
			}
		}
	}
	return keys
}

// inArrays numbers the parts of a table name that are arrays of
// tables: [components.en] below the third [[components]] is
// components.2.en, as TOML reads it.
func inArrays(arrays map[string]int, name string) string {
	parts := strings.Split(name, ".")
	path := ""
	for i, p := range parts {
		p = strings.Trim(strings.TrimSpace(p), `"'`)
		if i > 0 {
			path += "."
		}
		path += p
		if n, ok := arrays[path]; ok && i < len(parts)-1 {
			path += "." + strconv.Itoa(n-1)
		}
	}
	return path
}

// header records a table header under the table's path ("components",
// "components.2"), so that a problem with a whole table, such as a missing
// key, points at its header.
func header(keys map[string]KeyPos, path string, line, indent int) {
	if _, seen := keys[path]; !seen {
		keys[path] = KeyPos{Line: line, Col: indent + 1, ValueLine: line, ValueCol: indent + 1}
	}
}

// KeyPath turns a toml.Key into the dotted form used by LocateKeys.
func KeyPath(k toml.Key) string { return strings.Join(k, ".") }
