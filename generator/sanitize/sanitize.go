// Package sanitize owns the one rule for characters that break machines:
// control characters other than tab and line breaks, the noncharacters
// U+FFFE and U+FFFF, and bytes that are not UTF-8. XML forbids most of
// them (an RSS reader stops at the first), iCalendar forbids them in
// text, and the rest of the outputs would each show them differently.
// Sources are cleaned with this rule once, where they are read, so every
// output carries the same text; the writers of XML and calendars apply
// it again so that nothing can make them ill-formed.
package sanitize

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Replacement is what a character that breaks machines becomes, unless
// it is one of the breaks that tools paste into text (vertical tab, form
// feed, next line), which become a space.
const Replacement = '\uFFFD'

// Bad is one character, or byte, that Text replaced.
type Bad struct {
	Offset int    // byte offset in the input
	Len    int    // its length in bytes
	What   string // for people: `U+000B (vertical tab)`, `byte 0xE9`
	Byte   bool   // not UTF-8, rather than a character no output can carry
}

// Text returns s with every character that breaks machines replaced, and
// where each was. It returns s itself when there is nothing to replace.
func Text(s string) (string, []Bad) {
	var bad []Bad
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		repl, what, isByte := check(s[i:], r, size)
		if what == "" {
			i += size
			continue
		}
		if bad == nil {
			b.Grow(len(s))
		}
		bad = append(bad, Bad{Offset: i, Len: size, What: what, Byte: isByte})
		b.WriteString(s[last:i])
		b.WriteRune(repl)
		i += size
		last = i
	}
	if bad == nil {
		return s, nil
	}
	b.WriteString(s[last:])
	return b.String(), bad
}

// String is Text without the list.
func String(s string) string {
	if Clean(s) {
		return s
	}
	out, _ := Text(s)
	return out
}

// Clean reports whether s has nothing to replace.
func Clean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, what, _ := check(s[i:], r, size); what != "" {
			return false
		}
		i += size
	}
	return true
}

// check returns what r, the first rune of s, becomes and a name for it,
// or "" when it is kept.
func check(s string, r rune, size int) (rune, string, bool) {
	switch {
	case r == utf8.RuneError && size == 1:
		return Replacement, fmt.Sprintf("byte 0x%02X", s[0]), true
	case r == '\t' || r == '\n' || r == '\r':
		return r, "", false
	case r == '\v':
		return ' ', "U+000B (vertical tab)", false
	case r == '\f':
		return ' ', "U+000C (form feed)", false
	case r == 0x85:
		return ' ', "U+0085 (next line)", false
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return Replacement, fmt.Sprintf("U+%04X (control character)", r), false
	case r == 0xFFFE || r == 0xFFFF:
		return Replacement, fmt.Sprintf("U+%04X (not a character)", r), false
	}
	return r, "", false
}
