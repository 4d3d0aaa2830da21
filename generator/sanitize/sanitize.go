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
	Rune   rune   // the character; for a byte that is not UTF-8, the byte
	Name   string // what it is, in words: "vertical tab", "control character"
	Byte   bool   // not UTF-8, rather than a character no output can carry
}

// Names of what Text replaces, as Bad.Name gives them.
const (
	VerticalTab  = "vertical tab"
	FormFeed     = "form feed"
	NextLine     = "next line"
	Control      = "control character"
	NotCharacter = "not a character"
	NotUTF8      = "not UTF-8"
)

// What describes b for people: "U+000B (vertical tab)", "byte 0xE9".
func (b Bad) What() string {
	if b.Byte {
		return fmt.Sprintf("byte 0x%02X", b.Rune)
	}
	return fmt.Sprintf("%U (%s)", b.Rune, b.Name)
}

// To is what b was replaced with: a space or Replacement.
func (b Bad) To() rune {
	if b.Byte {
		return Replacement
	}
	r, _, _ := check(b.Rune, utf8.RuneLen(b.Rune))
	return r
}

// Text returns s with every character that breaks machines replaced, and
// where each was. It returns s itself when there is nothing to replace.
func Text(s string) (string, []Bad) {
	var bad []Bad
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f || c == '\n' {
			i++ // printable ASCII, as in Clean
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		repl, name, isByte := check(r, size)
		if name == "" {
			i += size
			continue
		}
		if bad == nil {
			b.Grow(len(s))
		}
		if isByte {
			r = rune(s[i])
		}
		bad = append(bad, Bad{Offset: i, Len: size, Rune: r, Name: name, Byte: isByte})
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
		if _, name, _ := check(r, size); name != "" {
			return false
		}
		i += size
	}
	return true
}

// check returns what r becomes and the name of what it is, or "" when
// it is kept.
func check(r rune, size int) (rune, string, bool) {
	switch {
	case r == utf8.RuneError && size == 1:
		return Replacement, NotUTF8, true
	case r == '\t' || r == '\n' || r == '\r':
		return r, "", false
	case r == '\v':
		return ' ', VerticalTab, false
	case r == '\f':
		return ' ', FormFeed, false
	case r == 0x85:
		return ' ', NextLine, false
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return Replacement, Control, false
	case r == 0xFFFE || r == 0xFFFF:
		return Replacement, NotCharacter, false
	}
	return r, "", false
}
