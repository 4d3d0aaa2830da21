package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"reflect"
	"strings"
)

// A build makes the theme's templates ready to run (parsed, escaped by
// html/template, folded, typed and compiled: milliseconds, which the
// first page made waits for), and a watch builds again after every saved
// edit, which almost never changes what they are made from. A Kept gives
// the templates one build made to the next while that is the same (see
// fits); a build without one makes them anew.

// templates are the theme's templates made ready to run, with what they
// were made from. Once made they are never changed (but by
// html/template itself, under its lock, escaping a partial that memo is
// given by a name no template spells out), and may serve one build
// after another: html/template runs an escaped set on many goroutines
// at once, and a program is immutable. Their functions call
// the renderer of fn, which each build that runs them sets to its own
// before its first page; the memo of partials is that renderer's.
type templates struct {
	fn    *bound
	funcs template.FuncMap // fn's
	pages map[string]*template.Template
	base  *template.Template // the partials, for memo
	// progs are the page templates compiled (see exec.go), by name, and
	// partials those of base; nil when they could not be, or when the
	// templates are interpreted.
	progs       map[string]*program
	partials    *program
	interpreted bool // made for a renderer with interpret set
	// files are the theme's template files they were made from, the
	// partials first (see readTemplates); foldWords the catalog's words
	// fold printed into them, by key, and siteReads the settings typed
	// printed.
	files     []themeFile
	foldWords map[string]string
	siteReads []siteRead
}

// bound names the renderer whose build runs the templates, for their
// functions (funcs.go).
type bound struct{ r *renderer }

// themeFile is one file of the theme's templates/, or why it could not
// be read.
type themeFile struct {
	name, text string
	err        error
}

// siteRead is a field of the settings that typed printed as text (see
// siteText): its path under Site, its text, and whether it had one (a
// pointer on the way may be nil).
type siteRead struct {
	path []string
	text string
	ok   bool
}

// readTemplates reads the theme's templates: the partials (every other
// .html file in templates/), in the directory's order, then the page
// templates, in the order of pageTemplates. A file that cannot be read
// is listed with its error, which parse gives when it comes to it.
func readTemplates(theme fs.FS) ([]themeFile, error) {
	entries, err := fs.ReadDir(theme, "templates")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	isPage := map[string]bool{}
	for _, p := range pageTemplates {
		isPage[p] = true
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && !isPage[e.Name()] && strings.HasSuffix(e.Name(), ".html") {
			names = append(names, e.Name())
		}
	}
	files := make([]themeFile, 0, len(names)+len(pageTemplates))
	for _, name := range append(names, pageTemplates...) {
		data, err := fs.ReadFile(theme, "templates/"+name)
		files = append(files, themeFile{name: name, text: string(data), err: err})
	}
	return files, nil
}

// parse parses f into set, under f's name.
func (f themeFile) parse(set *template.Template) error {
	if f.err != nil {
		return fmt.Errorf("theme: %w", f.err)
	}
	if _, err := set.New(f.name).Parse(f.text); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

// parse gives r the templates of its theme: those the Kept made in its
// last build when they fit r, else new ones, which the Kept then keeps.
func (r *renderer) parse() error {
	files, err := readTemplates(r.env.Theme)
	if err != nil {
		return err
	}
	k := r.kept
	if k != nil && k.tmpl != nil && k.tmpl.fits(r, files) {
		k.tmpl.fn.r = r
		r.templates = k.tmpl
		return nil
	}
	if k != nil {
		k.tmpl = nil // made from what r does not have
	}
	t := &templates{fn: &bound{r: r}, interpreted: r.interpret, files: files, foldWords: map[string]string{}}
	t.funcs = t.fn.funcs()
	r.templates = t
	if err := r.parseFiles(); err != nil {
		return err
	}
	r.fold()
	if !r.interpret {
		r.compile()
	}
	if k != nil {
		k.tmpl = t
	}
	return nil
}

// parseFiles parses the partials once, then each page template over a
// clone of them.
func (r *renderer) parseFiles() error {
	files := r.files
	partials := files[:len(files)-len(pageTemplates)]
	base := template.New("").Funcs(r.funcs)
	for _, f := range partials {
		if err := f.parse(base); err != nil {
			return err
		}
	}
	memoBase, err := base.Clone()
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	r.base = memoBase
	r.pages = map[string]*template.Template{}
	for _, f := range files[len(partials):] {
		t, err := base.Clone()
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		if err := f.parse(t); err != nil {
			return err
		}
		r.pages[f.name] = t
	}
	return nil
}

// fits reports whether t, made in an earlier build, are the templates
// r would make: from the same files, with the same words for what fold
// printed and the same settings for what typed printed, and the same
// way (interpreted or not).
func (t *templates) fits(r *renderer, files []themeFile) bool {
	if t.interpreted != r.interpret || len(files) != len(t.files) {
		return false
	}
	for i, f := range files {
		if f.err != nil || f.name != t.files[i].name || f.text != t.files[i].text {
			return false
		}
	}
	for key, word := range t.foldWords {
		if r.env.Text.T(key) != word {
			return false
		}
	}
	site := reflect.ValueOf(r.m.Site)
	for _, s := range t.siteReads {
		if text, ok := siteString(site, s.path); text != s.text || ok != s.ok {
			return false
		}
	}
	return true
}
