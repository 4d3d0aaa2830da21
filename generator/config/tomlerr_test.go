package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/themes"
	"golang.org/x/tools/txtar"
)

// TestSyntaxWords reads testdata/syntax/*.txtar: each NAME.toml member is
// a TOML text with one mistake, and NAME.want what is said about it: its
// code, then the English and Japanese lines (-update rewrites them).
func TestSyntaxWords(t *testing.T) {
	ja, err := i18n.Load(themes.Builtin(), "ja")
	if err != nil {
		t.Fatal(err)
	}
	english, local, words := ja.Messages()
	cat := diag.NewCatalog("ja", english, local, words)
	en := diag.NewCatalog("en", english, english, nil)
	files, _ := filepath.Glob("testdata/syntax/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/syntax/*.txtar")
	}
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		wants := map[string]int{}
		for i, f := range ar.Files {
			if name, ok := strings.CutSuffix(f.Name, ".want"); ok {
				wants[name] = i
			}
		}
		var out []txtar.File
		for _, f := range ar.Files {
			name, ok := strings.CutSuffix(f.Name, ".toml")
			if !ok {
				continue
			}
			var diags diag.List
			if Decode("site.toml", string(f.Data), 1, &diags) != nil {
				t.Errorf("%s: %s: no syntax error", file, f.Name)
			}
			var got bytes.Buffer
			for _, d := range diags {
				fmt.Fprintf(&got, "code: %s\nen: %s\nja: %s\n", en.Code(d.Format), en.Line(d), cat.Line(d))
				if !cat.Has(d.Format) {
					t.Errorf("%s: %s: %q has no code or no Japanese", file, f.Name, d.Format)
				}
			}
			out = append(out, f, txtar.File{Name: name + ".want", Data: got.Bytes()})
			i, ok := wants[name]
			if !*update && (!ok || !bytes.Equal(ar.Files[i].Data, got.Bytes())) {
				t.Errorf("%s: %s:\n--- got:\n%s--- want:\n%s", file, f.Name, got.Bytes(), ar.Files[i].Data)
			}
		}
		if *update {
			ar.Files = out
			if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// FuzzSyntaxWords feeds arbitrary TOML to Decode: saying a syntax error
// in plain words must never panic, and every message has a code and a
// Japanese text that takes its arguments.
func FuzzSyntaxWords(f *testing.F) {
	ar, err := txtar.ParseFile("testdata/syntax/words.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, m := range ar.Files {
		if strings.HasSuffix(m.Name, ".toml") {
			f.Add(string(m.Data))
		}
	}
	ja, err := i18n.Load(themes.Builtin(), "ja")
	if err != nil {
		f.Fatal(err)
	}
	english, local, words := ja.Messages()
	cat := diag.NewCatalog("ja", english, local, words)
	f.Fuzz(func(t *testing.T, text string) {
		var diags diag.List
		Decode("site.toml", text, 1, &diags)
		lines := strings.Count(text, "\n") + 1
		for _, d := range diags {
			if !cat.Has(d.Format) {
				t.Errorf("%q: no code or no Japanese", d.Format)
			}
			if s := cat.Line(d); strings.Contains(s, "%!") && !strings.Contains(text, "%!") {
				t.Errorf("bad arguments: %s", s)
			}
			if d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Errorf("outside the text's %d lines: %s", lines, d)
			}
		}
	})
}
