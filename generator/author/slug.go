package author

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/statuspress/statuspress/generator/source"
)

// maxSlugWords bounds the part of a slug taken from the title, so that
// addresses stay short enough to read out on the phone.
const maxSlugWords = 48

// Slug makes the permanent name of an incident from its title, the day it
// starts (in the zone of day) and the ids of the components it affects:
// "2026-11-20-email-delivery-delayed". The words come from the title's
// ASCII letters and digits. A title written (partly) in another script,
// such as Japanese, gives few or no such words, so the component ids are
// added, then kind ("maintenance") when it is not empty:
// "メール配信の遅延" on mail gives "2026-11-20-mail", "APIの障害" on api
// gives "2026-11-20-api". Names stay readable; Site.freeSlug makes them
// unique on the day with -2, -3.
func Slug(title string, day time.Time, scope []string, kind string) string {
	title = strings.TrimSpace(title)
	var words []string
	var b strings.Builder
	other := false
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range strings.ToLower(title) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			other = true
			flush()
		default:
			flush()
		}
	}
	flush()
	if other || len(words) == 0 {
		have := map[string]bool{}
		for _, w := range words {
			have[w] = true
		}
		for _, id := range scope {
			for _, w := range strings.Split(id, "-") {
				if w != "" && !have[w] {
					have[w] = true
					words = append(words, w)
				}
			}
		}
		if kind != "" && !have[kind] {
			words = append(words, kind)
		}
	}
	joined := strings.Join(words, "-")
	if len(joined) > maxSlugWords {
		joined = joined[:maxSlugWords]
		if i := strings.LastIndexByte(joined, '-'); i > maxSlugWords/2 {
			joined = joined[:i]
		}
		joined = strings.TrimRight(joined, "-")
	}
	slug := day.Format("2006-01-02")
	if joined != "" {
		slug += "-" + joined
	}
	return slug
}

// freeSlug returns base, or base-2, base-3... the first that no file in
// the incidents folder uses, so that two incidents on one day get two
// names without anyone choosing one. A file of that day with the same
// title is returned as it is: the command was most likely run twice, and
// create refuses it rather than start a duplicate incident.
func (s *Site) freeSlug(base, title string) string {
	dir := filepath.Join(s.Dir, filepath.FromSlash(source.Dir))
	slug := base
	for n := 2; ; n++ {
		data, err := s.readFile(source.Dir + "/" + slug + ".md")
		if err != nil {
			if _, lerr := os.Lstat(filepath.Join(dir, slug+".md")); lerr != nil {
				return slug
			}
		}
		if in, _ := source.Parse(source.Dir+"/"+slug+".md", data, s.options()); in != nil && strings.TrimSpace(in.Title) == strings.TrimSpace(title) {
			return slug
		}
		slug = base + "-" + strconv.Itoa(n)
	}
}
