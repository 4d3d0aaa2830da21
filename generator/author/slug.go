package author

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
)

// maxSlugWords bounds the part of a slug taken from the title, so that
// addresses stay short enough to read out on the phone.
const maxSlugWords = 48

// Slug makes the permanent name of an incident from its title and the day
// it starts (in the zone of day): "2026-11-20-email-delivery-delayed". A
// title with letters outside ASCII (Japanese, or accents) also gets a
// short suffix made from a hash of the whole title, so that two titles
// which differ only there still get different, stable names:
// "2026-11-20-3f9a1c" or "2026-11-20-api-3f9a1c".
func Slug(title string, day time.Time) string {
	title = strings.TrimSpace(title)
	var b strings.Builder
	dash := false
	other := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			other = true
			dash = true
		default:
			dash = true
		}
	}
	words := b.String()
	if len(words) > maxSlugWords {
		words = words[:maxSlugWords]
		if i := strings.LastIndexByte(words, '-'); i > maxSlugWords/2 {
			words = words[:i]
		}
		words = strings.TrimRight(words, "-")
	}
	slug := day.Format("2006-01-02")
	if words != "" {
		slug += "-" + words
	}
	if other || words == "" {
		sum := sha256.Sum256([]byte(title))
		slug += "-" + hex.EncodeToString(sum[:3])
	}
	return slug
}
