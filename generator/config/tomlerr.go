package config

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/statuspress/statuspress/generator/diag"
)

// syntaxError reports a TOML syntax error in words for people who do not
// know TOML: what to type, at the place to type it. The library's
// messages are written for programmers ("strings cannot contain
// newlines"); the common ones are recognised by their start and said
// again, with the line as it should be where that can be worked out. The
// rest keep the library's words after "TOML syntax:".
func syntaxError(diags *diag.List, file string, line0 int, text string, perr toml.ParseError) {
	line, col := errorPos(text, perr.Position)
	pos := diag.Pos{File: file, Line: line + line0 - 1, Col: col}
	start := min(max(perr.Position.Start, 0), len(text))
	tok := text[start:min(len(text), start+max(perr.Position.Len, 1))]
	src := lineAt(text, start)
	key := perr.LastKey
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		key = key[i+1:]
	}
	msg := perr.Message
	has := func(prefix string) bool { return strings.HasPrefix(msg, prefix) }
	switch {
	case has("expected value but found") || has("unexpected EOF; expected value"):
		switch word := strings.TrimSpace(tok); {
		case word == "" || has("unexpected EOF"):
			diags.Errorf(pos, "%s has no value: write it after the =, like %s = \"...\"", key, key)
		case strings.ContainsAny(word, "“”‘’„«»「」"):
			diags.Errorf(pos, "use straight quotes \" instead of curly ones: %s", straighten(src))
		case boolWords[word] != "":
			diags.Errorf(pos, "%s takes true or false, in small letters and without quotes: %s = %s", key, key, boolWords[word])
		default:
			at := start - lineStart(text, start)
			fixed := key + ` = "` + word + `"`
			if rest := src[at:]; strings.HasPrefix(rest, word) {
				fixed = src[:at] + `"` + word + `"` + rest[len(word):]
			}
			if v, ok := valueOf(src); ok && strings.HasPrefix(v, "[") {
				// Quote every bare item of a list, not only the first.
				b := strings.IndexByte(src, '[')
				fixed = src[:b] + bareItem.ReplaceAllString(src[b:], `$1"$2"`)
			}
			diags.Errorf(pos, "put %s in quotes: %s", word, strings.TrimSpace(fixed))
		}
	case has("strings cannot contain newlines") || has(`unexpected EOF; expected '"'`) || has(`unexpected EOF; expected "'"`):
		diags.Errorf(pos, "missing closing quote: end the text of %s with \" on the same line", key)
	case has(`unexpected EOF; expected '"""'`) || has(`unexpected EOF; expected "'''"`):
		diags.Errorf(pos, "missing closing \"\"\": end the text of %s with \"\"\" on a line of its own", key)
	case has("expected a comma (',') or array terminator (']')"):
		if at := start - lineStart(text, start); tok == `"` || tok == "'" {
			fixed := strings.TrimRight(src[:at], " \t") + ", " + src[at:]
			diags.Errorf(pos, "put a comma between the items of %s: %s", key, strings.TrimSpace(fixed))
			break
		}
		// The parser notices a missing "]" only on the next line; the
		// bracket belongs at the end of the line before it.
		fixed := key + ` = ["api", "mail"]`
		if l, c, prev, ok := endOfPreviousLine(text, start); ok {
			pos.Line, pos.Col = l+line0-1, c
			fixed = strings.TrimSpace(prev) + "]"
		}
		diags.Errorf(pos, "missing ] at the end of the list %s: %s", key, fixed)
	case has("invalid datetime"):
		diags.Errorf(pos, "%s is not a date and time: write it like %s = 2026-11-20T09:12:00+09:00", strings.TrimSpace(tok), key)
	case has("Key '") && (strings.Contains(msg, "already been defined") || strings.Contains(msg, "already created")):
		diags.Errorf(pos, "%s is set twice: keep only one of the lines", key)
	case has("expected a top-level item to end with a newline"):
		if v, ok := valueOf(src); ok && strings.HasPrefix(v, "'") {
			diags.Errorf(pos, "the text has a ' inside '...' quotes: use \"...\" quotes instead: %s", strings.TrimSpace(src))
			break
		}
		diags.Errorf(pos, "unexpected %s after the value: write one setting a line, and put text in quotes", strings.TrimSpace(src[start-lineStart(text, start):]))
	case has("expected '.' or '=', but got"):
		if r, _ := utf8.DecodeRuneInString(tok); r >= utf8.RuneSelf && strings.TrimSpace(src[:start-lineStart(text, start)]) == "" {
			diags.Errorf(pos, "setting names are written in a-z, 0-9, _ and -, like title: %s is not one", strings.TrimSpace(strings.SplitN(src, "=", 2)[0]))
			break
		}
		diags.Errorf(pos, "missing = after the setting name: write name = value, like title = \"Email delayed\"")
	case has("unexpected '=': key name appears blank"):
		diags.Errorf(pos, "missing setting name before the =, like title = \"Email delayed\"")
	case has("expected end of table array name delimiter") || has("expected '.' or ']' to end table name") || has("unexpected end of table name"):
		diags.Errorf(pos, "missing ] at the end of the table name: write it like [[components]]")
	case has("invalid escape in string"):
		if i := strings.LastIndexByte(tok, '\\'); i >= 0 {
			tok = tok[i:]
			pos.Col = utf8.RuneCountInString(text[lineStart(text, start):start+i]) + 1
		}
		diags.Errorf(pos, "%s cannot be written inside \"...\": write \\\\ for a backslash, or use '...' quotes", strings.TrimSpace(tok))
	case has("TOML files cannot contain control characters"):
		// The library's position may be one off; find the character.
		col, r := 0, rune(0)
		for _, c := range src {
			col++
			if c < 0x20 && c != '\t' || c == 0x7f {
				r = c
				break
			}
		}
		if r != 0 {
			pos.Col = col
		}
		diags.Errorf(pos, "remove the invisible control character %U", r)
	default:
		diags.Errorf(pos, "TOML syntax: %s", tomlMessage(perr))
	}
}

// bareItem matches a list item written without quotes.
var bareItem = regexp.MustCompile(`([\[,]\s*)([^\s",\[\]']+)`)

// boolWords are what people type for true and false.
var boolWords = map[string]string{
	"yes": "true", "Yes": "true", "YES": "true", "on": "true", "True": "true", "TRUE": "true",
	"no": "false", "No": "false", "NO": "false", "off": "false", "False": "false", "FALSE": "false",
}

func straighten(s string) string {
	return strings.TrimSpace(strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "「", `"`, "」", `"`, "‘", `"`, "’", `"`).Replace(s))
}

// lineStart returns the byte offset where the line holding off starts.
func lineStart(text string, off int) int { return strings.LastIndexByte(text[:off], '\n') + 1 }

// lineAt returns the line holding byte offset off, without its newline.
func lineAt(text string, off int) string {
	s := text[lineStart(text, off):]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// endOfPreviousLine returns the last non-blank line before the one
// holding off, its number (from 1) and the column just after its end.
func endOfPreviousLine(text string, off int) (line, col int, src string, ok bool) {
	lines := strings.Split(text[:lineStart(text, off)], "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimRight(lines[i], " \t\r"); strings.TrimSpace(l) != "" && !strings.HasPrefix(strings.TrimSpace(l), "#") {
			return i + 1, utf8.RuneCountInString(l) + 1, l, true
		}
	}
	return 0, 0, "", false
}

// valueOf returns what follows the first = of a line, trimmed.
func valueOf(line string) (string, bool) {
	_, v, ok := strings.Cut(line, "=")
	return strings.TrimSpace(v), ok
}
