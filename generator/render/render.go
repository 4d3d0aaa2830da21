// Package render owns the HTML pages: it executes the theme's templates
// over the status model and returns the pages and fingerprinted assets as
// an output.Set.
package render

import (
	"io/fs"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/status"
)

// Env is what rendering needs besides the model.
type Env struct {
	Theme fs.FS // templates/, static/, i18n/
	Text  *i18n.Catalog
}

// Site renders every page of the site.
func Site(m *status.Model, env Env) (output.Set, error) {
	return output.Set{}, nil
}
