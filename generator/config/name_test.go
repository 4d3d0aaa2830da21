package config

import (
	"regexp"
	"testing"
)

// TestValidName checks ValidName against the regexp it replaced.
func TestValidName(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	slugs := []string{"", "-", "a", "0", "a-", "-a", "2026-11-20-email-delayed", "2026-11-20-Email", "a_b", "a.b", "a b", "日本", "a\n", "a-\xff", "--", "a--b"}
	for c := 0; c < 256; c++ {
		slugs = append(slugs, string(rune(c)), "a"+string([]byte{byte(c)}), string([]byte{byte(c)})+"a")
	}
	for _, s := range slugs {
		if got, want := ValidName(s), re.MatchString(s); got != want {
			t.Errorf("ValidName(%q) = %v, the regexp says %v", s, got, want)
		}
	}
}
