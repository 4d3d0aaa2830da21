package author

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/statuspress/statuspress/generator/config"
)

// doc is a file's text cut into lines that keep their own line ends, so
// that an edit replaces or adds whole lines, or one value inside a line,
// and every other byte (a byte order mark, comments, spacing, CRLF) stays
// as it was.
type doc struct {
	lines []string // each with its "\n" or "\r\n"; the last may have none
	eol   string   // the line end of added lines: the file's own
}

func newDoc(data []byte) *doc {
	text := string(data)
	d := &doc{lines: strings.SplitAfter(text, "\n"), eol: "\n"}
	if d.lines[len(d.lines)-1] == "" {
		d.lines = d.lines[:len(d.lines)-1]
	}
	if i := strings.IndexByte(text, '\n'); i > 0 && text[i-1] == '\r' {
		d.eol = "\r\n"
	}
	return d
}

func (d *doc) bytes() []byte { return []byte(strings.Join(d.lines, "")) }

// content returns line i without its line end.
func (d *doc) content(i int) string { return strings.TrimRight(d.lines[i], "\r\n") }

// ending returns the line end of line i ("" for a last line without one).
func (d *doc) ending(i int) string { return d.lines[i][len(d.content(i)):] }

// frontEnd returns the index of the line +++ that closes the front matter.
func (d *doc) frontEnd() (int, error) {
	if len(d.lines) == 0 || strings.TrimRight(strings.TrimPrefix(d.content(0), "\ufeff"), " \t") != "+++" {
		return 0, errors.New("the file does not start with a +++ line")
	}
	for i := 1; i < len(d.lines); i++ {
		if strings.TrimRight(d.content(i), " \t") == "+++" {
			return i, nil
		}
	}
	return 0, errors.New("the front matter has no closing +++ line")
}

// setKey gives the top-level front matter key the value, written as TOML.
// An existing value is replaced where it stands, keeping the spacing and
// any comment after it; a new key goes on a line of its own after the
// other top-level keys: before the first table ([en], [[changes]]) and the
// blank lines above it, or before the closing +++.
func (d *doc) setKey(key, value string) error {
	end, err := d.frontEnd()
	if err != nil {
		return err
	}
	p, ok := config.LocateKeys(d.frontText(end), 2)[key]
	if !ok {
		at := d.tablesStart(end)
		for at < end && at > 1 && strings.TrimSpace(d.content(at-1)) == "" {
			at--
		}
		d.insert(at, key+" = "+value)
		return nil
	}
	i := p.ValueLine - 1
	line := d.content(i)
	start := p.ValueCol - 1
	stop, err := valueEnd(line, start)
	if err != nil {
		return fmt.Errorf("line %d: %s %w", p.ValueLine, key, err)
	}
	d.lines[i] = line[:start] + value + line[stop:] + d.ending(i)
	return nil
}

// deleteKey removes the line of a top-level front matter key, when the
// line holds nothing else; it reports whether it did.
func (d *doc) deleteKey(key string) bool {
	end, err := d.frontEnd()
	if err != nil {
		return false
	}
	p, ok := config.LocateKeys(d.frontText(end), 2)[key]
	if !ok || p.Line != p.ValueLine {
		return false
	}
	i := p.ValueLine - 1
	line := d.content(i)
	stop, err := valueEnd(line, p.ValueCol-1)
	if err != nil {
		return false
	}
	if rest := strings.TrimSpace(line[stop:]); rest != "" && rest[0] != '#' {
		return false
	}
	d.lines = append(d.lines[:i], d.lines[i+1:]...)
	return true
}

// valueEnd returns where the TOML value starting at line[start] ends: after
// its closing quote, or before the spaces and comment that follow it.
func valueEnd(line string, start int) (int, error) {
	if start >= len(line) {
		return start, nil
	}
	switch q := line[start]; q {
	case '"', '\'':
		if strings.HasPrefix(line[start:], strings.Repeat(string(q), 3)) {
			return 0, errors.New("is written over several lines; write it as a single date and time")
		}
		for i := start + 1; i < len(line); i++ {
			switch line[i] {
			case '\\':
				if q == '"' {
					i++
				}
			case q:
				return i + 1, nil
			}
		}
		return 0, errors.New("has no closing quote")
	case '[', '{':
		return 0, errors.New("is not a single value")
	}
	stop := len(line)
	if i := strings.IndexByte(line[start:], '#'); i >= 0 {
		stop = start + i
	}
	return len(strings.TrimRight(line[:stop], " \t")), nil
}

// insert puts lines (without line ends) before line at.
func (d *doc) insert(at int, lines ...string) {
	add := make([]string, len(lines))
	for i, l := range lines {
		add[i] = l + d.eol
	}
	d.lines = append(d.lines[:at], append(add, d.lines[at:]...)...)
}

// postmortem returns the index of the "## Postmortem" line, or -1.
func (d *doc) postmortem(from int) int {
	fence := false
	for i := from; i < len(d.lines); i++ {
		line := d.content(i)
		t := strings.TrimLeft(line, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence && strings.HasPrefix(line, "## ") && strings.EqualFold(strings.TrimSpace(strings.Trim(line[3:], "# \t")), "postmortem") {
			return i
		}
	}
	return -1
}

// insertSection puts an update section before line at, or at the end of
// the file when at is len(lines), with one blank line around it.
func (d *doc) insertSection(at int, heading string, body []string) {
	block := append([]string{heading, ""}, body...)
	if at >= len(d.lines) {
		if n := len(d.lines); n > 0 && d.ending(n-1) == "" {
			d.lines[n-1] += d.eol
		}
		if n := len(d.lines); n > 0 && strings.TrimSpace(d.content(n-1)) != "" {
			block = append([]string{""}, block...)
		}
		d.insert(len(d.lines), block...)
		return
	}
	if at > 0 && strings.TrimSpace(d.content(at-1)) != "" {
		block = append([]string{""}, block...)
	}
	d.insert(at, append(block, "")...)
}

// tomlString quotes s as a TOML basic string. Unlike strconv.Quote it
// never writes \x escapes, which TOML does not have.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tablesStart returns the index of the first table header ([x] or [[x]])
// in the front matter that closes at end, or end when there is none: a
// top-level key must be written above it, since TOML gives every key after
// a header to that table. Lines inside multi-line strings do not count.
func (d *doc) tablesStart(end int) int {
	multi := ""
	for i := 1; i < end; i++ {
		line := d.content(i)
		if multi != "" {
			if strings.Count(line, multi)%2 == 1 {
				multi = ""
			}
			continue
		}
		t := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(t, "[") {
			return i
		}
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(line, q)%2 == 1 {
				multi = q
			}
		}
	}
	return end
}

// frontText returns the front matter between the fences, joined by "\n".
func (d *doc) frontText(end int) string {
	front := make([]string, 0, end)
	for i := 1; i < end; i++ {
		front = append(front, d.content(i))
	}
	return strings.Join(front, "\n")
}

// appendTable adds a table (its header and keys) at the end of the front
// matter, after one blank line.
func (d *doc) appendTable(lines []string) error {
	end, err := d.frontEnd()
	if err != nil {
		return err
	}
	if end > 1 && strings.TrimSpace(d.content(end-1)) != "" {
		lines = append([]string{""}, lines...)
	}
	d.insert(end, lines...)
	return nil
}

// sectionEnd returns the index just past the text of the update whose
// heading is at index h: the next level-2 heading outside a fence, or the
// end of the file.
func (d *doc) sectionEnd(h int) int {
	fence := false
	for i := h + 1; i < len(d.lines); i++ {
		line := d.content(i)
		t := strings.TrimLeft(line, " ")
		if len(line)-len(t) <= 3 && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			fence = !fence
		}
		if !fence && len(line)-len(t) <= 3 && (t == "##" || strings.HasPrefix(t, "## ") || strings.HasPrefix(t, "##\t")) {
			return i
		}
	}
	return len(d.lines)
}

// replaceBody puts body in place of the text of the update whose heading
// is at index h, keeping the heading and one blank line on each side.
func (d *doc) replaceBody(h int, body []string) {
	stop := d.sectionEnd(h)
	block := append([]string{""}, body...)
	if stop < len(d.lines) {
		block = append(block, "")
	}
	add := make([]string, len(block))
	for i, l := range block {
		add[i] = l + d.eol
	}
	if d.ending(h) == "" {
		d.lines[h] += d.eol
	}
	d.lines = append(d.lines[:h+1], append(add, d.lines[stop:]...)...)
}

// replacePart puts body in place of one language's text of the update
// whose heading is at index h: lang "" is the default language's, before
// the first "### <code>" line of a language in langs; another is the
// text after its "### <code>" line, which is added at the end of the
// update when there is none yet. One blank line stays on each side.
func (d *doc) replacePart(h int, lang string, body []string, langs []string) {
	stop := d.sectionEnd(h)
	var markers []int
	fence := false
	for i := h + 1; i < stop; i++ {
		line := d.content(i)
		t := strings.TrimLeft(line, " ")
		if len(line)-len(t) <= 3 && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			fence = !fence
		}
		if code, ok := strings.CutPrefix(strings.TrimSpace(t), "### "); ok && !fence && len(line)-len(t) <= 3 && slices.Contains(langs, strings.TrimSpace(code)) {
			markers = append(markers, i)
		}
	}
	from, to := h, stop
	if len(markers) > 0 {
		to = markers[0]
	}
	if lang != "" {
		from = -1
		for k, m := range markers {
			if strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d.content(m)), "###")) == lang {
				from, to = m, stop
				if k+1 < len(markers) {
					to = markers[k+1]
				}
			}
		}
		if from < 0 {
			// No text in lang yet: it goes at the end of the update,
			// in place of the blank lines before the next heading.
			at := stop
			for at > h+1 && strings.TrimSpace(d.content(at-1)) == "" {
				at--
			}
			if d.ending(at-1) == "" {
				d.lines[at-1] += d.eol
			}
			block := append([]string{"", "### " + lang, ""}, body...)
			if stop < len(d.lines) {
				block = append(block, "")
			}
			add := make([]string, len(block))
			for i, l := range block {
				add[i] = l + d.eol
			}
			d.lines = append(d.lines[:at], append(add, d.lines[stop:]...)...)
			return
		}
	}
	block := append([]string{""}, body...)
	if to < len(d.lines) {
		block = append(block, "")
	}
	if d.ending(from) == "" {
		d.lines[from] += d.eol
	}
	add := make([]string, len(block))
	for i, l := range block {
		add[i] = l + d.eol
	}
	d.lines = append(d.lines[:from+1], append(add, d.lines[to:]...)...)
}
