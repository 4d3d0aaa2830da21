package author

import (
	"path/filepath"
)

// TOMLString writes s as a TOML basic string, the way new and update do.
func TOMLString(s string) string { return tomlString(s) }

// TOMLList writes ids as a TOML array of strings.
func TOMLList(ids []string) string { return tomlList(ids) }

// NewChange returns a change of the file at the slash path file under the
// source folder dir to data, for writers that check their content
// themselves (import checks a whole site at once). old is the content the
// file had when it was read, or nil to create a file that must not exist
// yet; Write refuses to replace a file that changed since.
func NewChange(dir, file string, data, old []byte) *Change {
	return &Change{
		File: file, Path: filepath.Join(dir, filepath.FromSlash(file)),
		Data: data, old: old, create: old == nil,
	}
}
