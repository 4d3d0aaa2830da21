package source

import (
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
	for _, b := range bad {
		before := text[:b.Offset]
		line := strings.Count(before, "\n") + 1
		if line == lastLine {
			continue // one warning a line is enough to find them
		}
		lastLine = line
		if warned++; warned > maxCleanWarnings {
			diags.Warnf(diag.Pos{File: file, Line: line, Col: 1}, "more characters that cannot be published follow, from this line on: check the file is saved as UTF-8 text")
			break
		}
		col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
		pos := diag.Pos{File: file, Line: line, Col: col}
		switch r := b.To(); {
		case b.Byte:
			diags.Warnf(pos, "this line is not UTF-8 text (byte 0x%02X), so it is published as \uFFFD: save the file as UTF-8", b.Rune)
		case r == ' ':
			diags.Warnf(pos, "invisible character %U (%s), which feeds and calendars cannot carry, is published as a space: delete it (it often comes with text pasted from slides or a PDF)", b.Rune, diag.Word(b.Name))
		default:
			diags.Warnf(pos, "invisible character %U (%s), which feeds and calendars cannot carry, is published as \uFFFD: delete it (it often comes with text pasted from slides or a PDF)", b.Rune, diag.Word(b.Name))
		}
	}
	return out
}
