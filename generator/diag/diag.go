// Package diag owns positions and problem lists: every content error or
// warning statuspress reports carries a file, line and column, and is printed
// the way go/token prints positions.
package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Pos is a place in a source file. Line and Col count from 1; zero means
// unknown (a whole-file problem has Line 0).
//
// Col counts Unicode code points (runes), not bytes: on
// "title = \"メール\"" the closing quote is column 13, where an editor
// puts the cursor. Every producer of positions (TOML errors, which the
// library gives as byte offsets; key and item positions; update
// headings; the scanners of public text) counts this way. A byte that is
// not UTF-8 counts as one column, as the U+FFFD that replaces it does.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, dropping unknown parts.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a problem stops a build.
type Severity int

const (
	// Error stops the build; nothing is published.
	Error Severity = iota
	// Warning is reported; `check -strict` fails on it.
	Warning
)

// Diagnostic is one problem at one place. Format and Args are what the
// call site passed: the English format is the key a Catalog looks up to
// print the message in another language (see catalog.go), so a message is
// turned into words only when it is printed. Message is the English text.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Message  string
	Format   string
	Args     []any
}

func (d Diagnostic) String() string {
	if d.Severity == Warning {
		return d.Pos.String() + ": warning: " + d.Message
	}
	return d.Pos.String() + ": " + d.Message
}

// List collects problems. The zero value is ready to use.
type List []Diagnostic

// Errorf adds an error at pos. format is English, worded for people who
// are not engineers, and says what would fix the problem; it must be a
// string literal with an entry in the theme's message catalog (a test
// walks the sources for it).
func (l *List) Errorf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...), Format: format, Args: args})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...), Format: format, Args: args})
}

// Append adds all of other to l.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Sort orders the list by file, line, column, severity and message, so
// output never depends on the order in which files were read.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
}

// Compact sorts l as Sort does and drops repeated entries: two stages
// that both meet the same problem (a link that the settings and the
// incident loader each refuse) report it once.
func (l *List) Compact() {
	l.Sort()
	out := (*l)[:0]
	for i, d := range *l {
		if i > 0 && d.Pos == (*l)[i-1].Pos && d.Severity == (*l)[i-1].Severity && d.Message == (*l)[i-1].Message {
			continue
		}
		out = append(out, d)
	}
	*l = out
}

// HasErrors reports whether any entry is an error (not a warning).
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the errors.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	var out List
	for _, d := range l {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the list as an error if it holds any error, else nil.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return ListError(l.Errors())
}

// ListError is a List used as an error value.
type ListError List

func (e ListError) Error() string {
	if len(e) == 1 {
		return e[0].String()
	}
	var b strings.Builder
	for i, d := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// WriteText prints one problem a line, in English.
func (l List) WriteText(w io.Writer) error { return (*Catalog)(nil).WriteText(w, l) }

// WriteJSON prints the list in English as a JSON array of {file, line,
// col, severity, message}; an empty list is []. Catalog.WriteJSON adds
// each problem's code.
func (l List) WriteJSON(w io.Writer) error { return (*Catalog)(nil).WriteJSON(w, l) }

// Suggest returns the candidate closest to word by edit distance, or "" if
// none is close enough to be a likely typo: about one edit in three
// characters ("sevrity", "gruop", "mial" get one; "colour" gets no "group").
func Suggest(word string, candidates []string) string {
	limit := (utf8.RuneCountInString(word) + 2) / 3
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := distance(word, c); d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD > limit {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, by runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
