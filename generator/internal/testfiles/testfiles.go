// Package testfiles reads the repository's own test inputs (sites,
// incident files, txtar archives, TOML files) for tests that check a
// rewritten routine against the one it replaced over all of them. It
// imports nothing of statuspress, so that any package's tests may use it.
package testfiles

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// File is one test input: its path and its text.
type File struct {
	Path, Ext, Text string
}

// All returns every .md, .txtar and .toml file under root (the
// repository, from a package's folder "../.."), leaving out .git and
// node_modules; the test fails when there are fewer than min.
func All(tb testing.TB, root string, min int) []File {
	tb.Helper()
	var files []File
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		ext := filepath.Ext(path)
		if d.IsDir() || ext != ".md" && ext != ".txtar" && ext != ".toml" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files = append(files, File{Path: path, Ext: ext, Text: string(data)})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) < min {
		tb.Fatalf("only %d test files found under %s", len(files), root)
	}
	return files
}
