package importer_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/statuspress/statuspress/generator/importer"
)

// FuzzStatuspage: whatever API file reads without an error gives a plan
// that passes the file checks (MakePlan refuses one that does not).
func FuzzStatuspage(f *testing.F) {
	for _, p := range []string{"testdata/statuspage/emma/incidents.json", "testdata/statuspage/renku/summary.json", "testdata/statuspage/github/00km0kwpz23b.json"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		site, err := importer.Statuspage([]importer.File{{Name: "summary.json", Data: data}})
		if err != nil {
			return
		}
		if _, err := importer.MakePlan(dir, site); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCState: whatever post reads without an error gives a plan that
// passes the file checks.
func FuzzCState(f *testing.F) {
	config, err := os.ReadFile("testdata/cstate/example/config.yml")
	if err != nil {
		f.Fatal(err)
	}
	posts, _ := filepath.Glob("testdata/cstate/example/content/issues/*.md")
	for _, p := range posts {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, post []byte) {
		fsys := fstest.MapFS{
			"config.yml":                 {Data: config},
			"content/issues/2025-x-y.md": {Data: post},
		}
		site, err := importer.CState(fsys, "")
		if err != nil {
			return
		}
		if _, err := importer.MakePlan(dir, site); err != nil {
			t.Fatal(err)
		}
	})
}
