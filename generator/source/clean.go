package source

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/sanitize"
)

// maxCleanWarnings caps the warnings about characters that break
// machines: a file saved in another encoding has one on every line.
const maxCleanWarnings = 10

// cleanText applies the sanitize rule to a whole file before it is read,
// so that every field and every part of the body, and with them every
// output, carries the same text. Each replaced character is a warning at
// its own line and column (a character, not a byte, counts one column).
func cleanText(file, text string, diags *diag.List) string {
	out, bad := sanitize.Text(text)
	if len(bad) == 0 {
		return text
	}
	lastLine, warned := 0, 0
	for i, b := range bad {
		before := text[:b.Offset]
		line := strings.Count(before, "\n") + 1
		if line == lastLine {
			continue // one warning a line is enough to find them
		}
		lastLine = line
		more := ""
		if n := sameLine(text, bad[i:]); n > 1 {
			more = fmt.Sprintf(", and %d more on this line", n-1)
		}
		if warned++; warned > maxCleanWarnings {
			diags.Warnf(diag.Pos{File: file, Line: line, Col: 1}, "more characters that cannot be published follow, from this line on: check the file is saved as UTF-8 text")
			break
		}
		col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
		pos := diag.Pos{File: file, Line: line, Col: col}
		shown := "�"
		if r, _ := utf8.DecodeRuneInString(out[b.Offset:]); r == ' ' {
			shown = "a space"
		}
		if b.Byte {
			diags.Warnf(pos, "this line is not UTF-8 text (%s%s), so it is published as %s: save the file as UTF-8", b.What, more, shown)
			continue
		}
		diags.Warnf(pos, "invisible character %s%s, which feeds and calendars cannot carry, is published as %s: delete it (it often comes with text pasted from slides or a PDF)", b.What, more, shown)
	}
	return out
}

// sameLine counts the entries of bad on the line of the first one.
func sameLine(text string, bad []sanitize.Bad) int {
	end := strings.IndexByte(text[bad[0].Offset:], '\n')
	if end < 0 {
		return len(bad)
	}
	end += bad[0].Offset
	n := 0
	for _, b := range bad {
		if b.Offset > end {
			break
		}
		n++
	}
	return n
}
