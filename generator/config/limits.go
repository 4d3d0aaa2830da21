package config

import (
	"strings"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/diag"
)

// MaxDepth is how deeply TOML values may nest (a table in a list in a
// table counts three). The TOML library's cost grows steeply with
// nesting: 20,000 nested inline tables in 100 KB took 73 s and 15 GB, so
// the text is measured before it is decoded. Settings need two levels.
const MaxDepth = 16

// MaxSize is the largest site.toml read, in bytes.
const MaxSize = 1 << 20

// MaxComponents is the most components a site may list: each has its own
// page, feeds and calendar, so a megabyte of settings could otherwise ask
// for a hundred thousand files.
const MaxComponents = 1000

// checkDepth reports the first place where text nests values deeper than
// MaxDepth, counting the brackets and braces outside strings and
// comments. line0 is the file line of the text's first line.
func checkDepth(file, text string, line0 int, diags *diag.List) bool {
	depth, line, lineStart := 0, 0, 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '\n':
			line++
			lineStart = i + 1
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			j := skipString(text, i)
			if n := strings.Count(text[i:j+1], "\n"); n > 0 {
				line += n
				lineStart = i + strings.LastIndexByte(text[i:j+1], '\n') + 1
			}
			i = j
		case '[', '{':
			depth++
			if depth > MaxDepth {
				diags.Errorf(diag.Pos{File: file, Line: line0 + line, Col: utf8.RuneCountInString(text[lineStart:i]) + 1},
					"values nested more than %d levels deep: statuspress reads at most %d levels of lists and { } tables inside each other; write the value flat", MaxDepth, MaxDepth)
				return false
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return true
}

// skipString returns the index of the last byte of the string starting
// at text[i] (a quote), or the end of the line for an unclosed one; a
// multi-line string (three quotes at each end) may span lines.
func skipString(text string, i int) int {
	q := text[i]
	if i+2 < len(text) && text[i+1] == q && text[i+2] == q {
		for j := i + 3; j+2 < len(text); j++ {
			if q == '"' && text[j] == '\\' {
				j++
				continue
			}
			if text[j] == q && text[j+1] == q && text[j+2] == q {
				return j + 2
			}
		}
		return len(text) - 1
	}
	for j := i + 1; j < len(text); j++ {
		switch {
		case text[j] == '\n':
			return j - 1
		case q == '"' && text[j] == '\\':
			j++
		case text[j] == q:
			return j
		}
	}
	return len(text) - 1
}
