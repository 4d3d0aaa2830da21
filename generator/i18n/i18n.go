// Package i18n owns the words and date formats of the site's language,
// read from the theme's i18n/<language>.toml. English is the fallback for
// any string a language file leaves out, so adding a language is adding
// one file.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Catalog is one language's strings.
type Catalog struct {
	Lang    string
	strings map[string]string
	// The [messages] and [message_words] tables: what check, build, new
	// and update say, by code (see Messages).
	english, messages, words map[string]string
}

// Languages lists the languages a theme has files for.
func Languages(theme fs.FS) []string {
	entries, _ := fs.ReadDir(theme, "i18n")
	var out []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".toml"); ok && !e.IsDir() {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// Load reads i18n/<lang>.toml from the theme, over i18n/en.toml.
func Load(theme fs.FS, lang string) (*Catalog, error) {
	c := &Catalog{Lang: lang, strings: map[string]string{}, english: map[string]string{}, messages: map[string]string{}, words: map[string]string{}}
	langs := []string{"en"}
	if lang != "en" {
		langs = append(langs, lang)
	}
	for _, l := range langs {
		name := path.Join("i18n", l+".toml")
		data, err := fs.ReadFile(theme, name)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		var m map[string]any
		if _, err := toml.Decode(string(data), &m); err != nil {
			return nil, fmt.Errorf("theme %s: %w", name, err)
		}
		for k, v := range m {
			switch v := v.(type) {
			case string:
				c.strings[k] = v
			case map[string]any:
				dst := map[string]map[string]string{"messages": c.messages, "message_words": c.words}[k]
				if l == "en" && k == "messages" && lang != "en" {
					dst = c.english
				}
				if dst == nil {
					return nil, fmt.Errorf("theme %s: unknown table [%s]", name, k)
				}
				for mk, mv := range v {
					s, ok := mv.(string)
					if !ok {
						return nil, fmt.Errorf("theme %s: %s.%s must be a string", name, k, mk)
					}
					dst[mk] = s
				}
			default:
				return nil, fmt.Errorf("theme %s: %s must be a string", name, k)
			}
		}
	}
	if lang == "en" {
		c.english = c.messages
	}
	return c, nil
}

// Messages returns the catalog of what the commands say (diagnostics,
// summaries): english maps each stable code to its English format, which
// is the format string at the call site; local maps codes to this
// language's formats; words translates argument values, and holds the
// theme's status_ and severity_ strings so that a status in a message can
// be shown in the site's words. The tables are [messages] and
// [message_words] in i18n/<lang>.toml; en.toml's [messages] is the list of
// codes.
func (c *Catalog) Messages() (english, local, words map[string]string) {
	words = make(map[string]string, len(c.words))
	for k, v := range c.strings {
		if strings.HasPrefix(k, "status_") || strings.HasPrefix(k, "severity_") {
			words[k] = v
		}
	}
	for k, v := range c.words {
		words[k] = v
	}
	return c.english, c.messages, words
}

// T returns the string for key, formatted with args when given. A missing
// key shows as the key itself, so it is noticed on the page.
func (c *Catalog) T(key string, args ...any) string {
	s, ok := c.strings[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is defined.
func (c *Catalog) Has(key string) bool { _, ok := c.strings[key]; return ok }

// Format formats t with the language's layout named kind ("date",
// "datetime", "time", "month"), in t's own zone.
func (c *Catalog) Format(t time.Time, kind string) string {
	var buf [64]byte
	return string(c.AppendFormat(buf[:0], t, kind))
}

// AppendFormat appends Format(t, kind) to b.
func (c *Catalog) AppendFormat(b []byte, t time.Time, kind string) []byte {
	layout := c.T("layout_" + kind)
	if c.Lang == "en" || !strings.Contains(layout, "January") {
		return t.AppendFormat(b, layout)
	}
	// Go layouts spell month and weekday names in English; a language file
	// may translate them with month_January... keys.
	s := t.Format(layout)
	for m := time.January; m <= time.December; m++ {
		if tr, ok := c.strings["month_"+m.String()]; ok {
			s = strings.ReplaceAll(s, m.String(), tr)
		}
	}
	return append(b, s...)
}

// Status returns the display word for a status or level key, such as
// "identified" or "partial_outage".
func (c *Catalog) Status(s string) string {
	return c.T("status_" + strings.ReplaceAll(s, "-", "_"))
}
