package output

import "strings"

// EditorFile reports whether base is a name editors give their temporary,
// swap, lock and backup files: vim's .swp and .swx files and its 4913
// write test, "~" backups, Emacs's .#lock files and #auto-save# files. A
// theme's copies of them are never published, and a watch does not
// rebuild for them.
func EditorFile(base string) bool {
	switch {
	case base == "4913",
		strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"),
		strings.HasSuffix(base, ".swx"),
		strings.HasSuffix(base, ".swpx"),
		strings.HasPrefix(base, ".#"),
		len(base) > 1 && strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"):
		return true
	}
	return false
}
