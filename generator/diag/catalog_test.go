package diag_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/themes"
)

// format is one message format found at a call site.
type format struct {
	text  string
	where string // file:line
}

// sourceFormats walks the Go sources of the repository and returns every
// literal format passed to List.Errorf, List.Warnf, diag.Errorf or
// Catalog.Sprintf: the keys the catalog must hold. It also returns the
// places that pass a bare "%s", a message built elsewhere that no catalog
// can translate. Test files and files that import "testing" are skipped
// (their Errorf is testing.T's).
func sourceFormats(t *testing.T, root string) (found []format, bare []string) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		pkgs := map[string]string{} // local name -> import path
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			local := p[strings.LastIndexByte(p, '/')+1:]
			if imp.Name != nil {
				local = imp.Name.Name
			}
			pkgs[local] = p
			if p == "testing" {
				return nil
			}
		}
		if f.Name.Name == "diag" {
			return nil // the definitions themselves
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			argIndex := -1
			x, isIdent := sel.X.(*ast.Ident)
			pkg := ""
			if isIdent {
				pkg = pkgs[x.Name]
			}
			switch {
			case pkg == "github.com/statuspress/statuspress/generator/diag" && sel.Sel.Name == "Errorf":
				argIndex = 0
			case pkg != "":
				// fmt.Errorf, fmt.Sprintf and the like.
			case sel.Sel.Name == "Errorf" || sel.Sel.Name == "Warnf":
				argIndex = 1
			case sel.Sel.Name == "Sprintf":
				argIndex = 0
			}
			if argIndex < 0 || len(call.Args) <= argIndex {
				return true
			}
			lit, ok := call.Args[argIndex].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Errorf("%s: %v", fset.Position(lit.Pos()), err)
				return true
			}
			p := fset.Position(lit.Pos())
			where := fmt.Sprintf("%s:%d", filepath.ToSlash(p.Filename), p.Line)
			if s == "%s" || s == "%v" {
				bare = append(bare, where)
				return true
			}
			found = append(found, format{s, where})
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found, bare
}

func catalogs(t *testing.T) map[string]*diag.Catalog {
	t.Helper()
	out := map[string]*diag.Catalog{}
	for _, lang := range i18n.Languages(themes.Builtin()) {
		c, err := i18n.Load(themes.Builtin(), lang)
		if err != nil {
			t.Fatal(err)
		}
		en, local, words := c.Messages()
		out[lang] = diag.NewCatalog(lang, en, local, words)
	}
	return out
}

// TestCatalogCoversSources fails for every message in the sources that
// has no code in i18n/en.toml or no text in another language's file: a
// new message must be added to the catalog (the failure prints the lines
// to add to en.toml).
func TestCatalogCoversSources(t *testing.T) {
	found, bare := sourceFormats(t, "../..")
	if len(found) < 40 {
		t.Fatalf("found only %d message formats; is the walk broken?", len(found))
	}
	for _, where := range bare {
		t.Errorf(`%s: a bare "%%s" format cannot be translated: pass the message's own format and its arguments`, where)
	}
	cats := catalogs(t)
	seen := map[string]bool{}
	var missing []string
	for _, f := range found {
		if seen[f.text] {
			continue
		}
		seen[f.text] = true
		if cats["en"].Code(f.text) == "" {
			missing = append(missing, fmt.Sprintf("%s: no code in i18n/en.toml [messages]:\n\tsome-code = %s", f.where, strconv.Quote(f.text)))
			continue
		}
		for lang, c := range cats {
			if lang != "en" && !c.Has(f.text) {
				missing = append(missing, fmt.Sprintf("%s: no %s text in i18n/%s.toml [messages] for %s = %q", f.where, lang, lang, c.Code(f.text), f.text))
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
}

// TestCatalogFormats checks each translation takes the same arguments as
// its English format, and that codes are unique and well formed.
func TestCatalogFormats(t *testing.T) {
	c, err := i18n.Load(themes.Builtin(), "en")
	if err != nil {
		t.Fatal(err)
	}
	english, _, _ := c.Messages()
	formats := map[string]string{}
	for code, f := range english {
		if strings.Trim(code, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			t.Errorf("code %q: use a-z, 0-9 and dashes", code)
		}
		if other, dup := formats[f]; dup {
			t.Errorf("codes %q and %q have the same English format %q", code, other, f)
		}
		formats[f] = code
	}
	for _, lang := range i18n.Languages(themes.Builtin()) {
		lc, err := i18n.Load(themes.Builtin(), lang)
		if err != nil {
			t.Fatal(err)
		}
		_, local, _ := lc.Messages()
		for code, f := range local {
			en, ok := english[code]
			if !ok {
				t.Errorf("i18n/%s.toml: code %q is not in en.toml", lang, code)
				continue
			}
			args := sampleArgs(en)
			if got := fmt.Sprintf(f, args...); strings.Contains(got, "%!") {
				t.Errorf("i18n/%s.toml: %s = %q does not take the arguments of %q: %s", lang, code, f, en, got)
			}
		}
	}
}

// sampleArgs returns arguments of the kinds format's verbs take.
func sampleArgs(format string) []any {
	var args []any
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.[]", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			break
		}
		switch format[j] {
		case '%':
		case 'd', 'x', 'X', 'U', 'c':
			args = append(args, 1)
		default:
			args = append(args, "x")
		}
		i = j
	}
	return args
}
