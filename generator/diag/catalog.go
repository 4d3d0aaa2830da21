package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Catalog prints problems in one language, gettext style: the English
// format string a call site passes to Errorf or Warnf is the key. The
// theme's i18n/en.toml gives each English format a stable code
// ([messages] code = "format"), and i18n/<lang>.toml gives the format in
// that language under the same code. A format missing from the catalog
// prints in English, so a new message is never lost, only untranslated
// (a test lists those).
//
// A nil *Catalog prints English without codes.
type Catalog struct {
	lang  string
	codes map[string]string // English format -> code
	local map[string]string // code -> format in lang
	words map[string]string // argument value -> words in lang
}

// NewCatalog returns the catalog for lang. english maps codes to English
// formats, local maps codes to lang's formats (it may equal english).
// words translates argument values: a Word is replaced by its entry, and
// a value of another named string type T (source.Status, source.Severity)
// is looked up as "t_value" with dashes as underscores
// ("status_in_progress") and shown after the value as written in the
// file, so that the person can still find it there: "investigating"（調査中）.
// Plain strings are what the person wrote and are never translated.
func NewCatalog(lang string, english, local, words map[string]string) *Catalog {
	c := &Catalog{lang: lang, codes: make(map[string]string, len(english)), local: local, words: words}
	for code, format := range english {
		c.codes[format] = code
	}
	return c
}

// Lang returns the catalog's language; a nil catalog is "en".
func (c *Catalog) Lang() string {
	if c == nil {
		return "en"
	}
	return c.lang
}

// Code returns the stable code of an English format, or "" when the
// catalog has none.
func (c *Catalog) Code(format string) string {
	if c == nil {
		return ""
	}
	return c.codes[format]
}

// Has reports whether format has a code and a text in the catalog's
// language.
func (c *Catalog) Has(format string) bool {
	if c == nil {
		return false
	}
	code, ok := c.codes[format]
	if !ok {
		return false
	}
	_, ok = c.local[code]
	return ok
}

// Sprintf formats an English format in the catalog's language.
func (c *Catalog) Sprintf(format string, args ...any) string {
	if c == nil {
		return fmt.Sprintf(format, args...)
	}
	local, ok := c.local[c.codes[format]]
	if !ok || c.lang == "en" {
		return fmt.Sprintf(format, args...)
	}
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = c.word(a)
	}
	return fmt.Sprintf(local, out...)
}

// Word is an argument that is a word of statuspress's own, not something
// the person wrote: a catalog prints it in the site's language ("IPv4
// address", "incidents"), looked up in words as it is.
type Word string

// word returns a translated stand-in for an argument, or a itself.
func (c *Catalog) word(a any) any {
	if w, ok := a.(Word); ok {
		if tr, ok := c.words[string(w)]; ok {
			return tr
		}
		return a
	}
	v := reflect.ValueOf(a)
	if !v.IsValid() || v.Kind() != reflect.String || v.Type() == reflect.TypeFor[string]() {
		return a
	}
	s := v.String()
	key := strings.ToLower(v.Type().Name()) + "_" + strings.ReplaceAll(s, "-", "_")
	if tr, ok := c.words[key]; ok {
		return annotated{s, tr}
	}
	return a
}

// annotated prints a word as written, then its meaning in brackets.
type annotated struct{ written, meaning string }

func (a annotated) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), a.written)
	fmt.Fprintf(f, "（%s）", a.meaning)
}

// Message returns d's message in the catalog's language.
func (c *Catalog) Message(d Diagnostic) string {
	if d.Format == "" {
		return d.Message
	}
	return c.Sprintf(d.Format, d.Args...)
}

// Line returns d as one line: position, "warning: " for a warning, and
// the message.
func (c *Catalog) Line(d Diagnostic) string {
	msg := c.Message(d)
	if d.Severity == Warning {
		msg = c.Sprintf("warning: %s", msg)
	}
	if s := d.Pos.String(); s != "" {
		return s + ": " + msg
	}
	return msg
}

// WriteText prints one problem a line.
func (c *Catalog) WriteText(w io.Writer, l List) error {
	for _, d := range l {
		if _, err := fmt.Fprintln(w, c.Line(d)); err != nil {
			return err
		}
	}
	return nil
}

type jsonDiag struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code,omitempty"`
	Message  string `json:"message"`
}

// WriteJSON prints the list as a JSON array of {file, line, col,
// severity, code, message}; an empty list is []. The code names the kind
// of problem and is the same in every language; the message is in the
// catalog's language.
func (c *Catalog) WriteJSON(w io.Writer, l List) error {
	out := make([]jsonDiag, 0, len(l))
	for _, d := range l {
		sev := "error"
		if d.Severity == Warning {
			sev = "warning"
		}
		out = append(out, jsonDiag{d.Pos.File, d.Pos.Line, d.Pos.Col, sev, c.Code(d.Format), c.Message(d)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Message is an error whose text a Catalog can print in another
// language: commands that fail before any file is read return one, and
// the command prints it with Catalog.Sprintf.
type Message struct {
	Format string
	Args   []any
}

// Errorf returns a Message. Like List.Errorf, format is the English key.
func Errorf(format string, args ...any) error { return &Message{Format: format, Args: args} }

func (m *Message) Error() string { return fmt.Sprintf(m.Format, m.Args...) }
