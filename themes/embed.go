// Package themes holds the built-in theme, embedded in the binary so that
// `go install` gives a working tool with no other files.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default/templates default/static default/i18n
var builtin embed.FS

// Builtin returns the files of the built-in theme ("default").
func Builtin() fs.FS {
	sub, err := fs.Sub(builtin, "default")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}
