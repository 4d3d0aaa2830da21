package author

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/diag"
)

// updateLike matches a line that reads as an update heading once its
// indentation is gone: hashes, a date and a time. Such a line in a
// message would either start a second update or, indented, sit in the
// file waiting to become one at the next edit; it is refused either way.
var updateLike = regexp.MustCompile(`^#+[ \t]*\d{4}-\d{1,2}-\d{1,2}[ \tT]+\d{1,2}:\d{2}`)

// messageLines splits an update's text into lines, refusing what would
// break the file: a line that would start a section or an update (a level-2
// heading, or a heading with a date and time at any level and indentation),
// a +++ line (the front matter's fence) at any indentation, and characters
// that no reader can see (see checkText).
func messageLines(msg string) ([]string, error) {
	if err := checkText(diag.Word("the update text"), msg); err != nil {
		return nil, err
	}
	// Blank lines around the text go; the first line keeps its
	// indentation, which Markdown reads (four spaces make code).
	lines := strings.Split(strings.ReplaceAll(msg, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil, diag.Errorf("the update text is empty: say in a sentence what customers should know")
	}
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		lines[i] = l
		t := strings.TrimLeft(l, " \t\u3000")
		indent := len(l) - len(strings.TrimLeft(l, " "))
		switch {
		case strings.HasPrefix(t, "+++"):
			return nil, diag.Errorf("line %d of the update text starts with +++, which marks the start and end of the settings at the top of the file: remove it, or write it differently (for example with a space between the plus signs)", i+1)
		case updateLike.MatchString(t):
			return nil, diag.Errorf("line %d of the update text (%q) looks like the heading of an update, which would split this update in two: remove the # signs at its start, or run update again for a separate update", i+1, clip(t))
		case indent <= 3 && (t == "##" || strings.HasPrefix(t, "## ") || strings.HasPrefix(t, "##\t")):
			return nil, diag.Errorf("line %d of the update text starts with ##, which would end this update there: use ### for a subheading", i+1)
		}
	}
	return lines, nil
}

// checkText refuses text no reader can see but that breaks machines: NUL
// and other control characters (a vertical tab pasted from a slide makes
// an RSS feed unreadable), U+FFFE and U+FFFF, and bytes that are not
// UTF-8. Tabs and line ends are fine. what names the text in the message.
func checkText(what any, s string) error {
	line, col := 1, 1
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return diag.Errorf("%s has a byte that is not text (it is not UTF-8) at line %d, column %d: delete it and type that part again", what, line, col)
		case r == 0:
			return diag.Errorf("%s has a NUL character (U+0000) at line %d, column %d: delete it and type that part again", what, line, col)
		case r == '\n':
			line, col = line+1, 1
			continue
		case r == '\t' || r == '\r':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return diag.Errorf("%s has an invisible control character (U+%04X) at line %d, column %d, often pasted from a slide or a chat: delete it and type that part again", what, r, line, col)
		case r == 0xFFFE || r == 0xFFFF:
			return diag.Errorf("%s has the non-character U+%04X at line %d, column %d: delete it and type that part again", what, r, line, col)
		}
		col++
	}
	return nil
}

// clip shortens a line quoted in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "..."
}
