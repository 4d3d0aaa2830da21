package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/statuspress/statuspress/generator/diag"
)

func TestErrorText(t *testing.T) {
	e := &env{}
	cat := e.messages("ja", t.TempDir())
	err := fmt.Errorf("-eta: %w", diag.Errorf("title is empty: say in a few words what customers notice"))
	if got, want := errorText(cat, err), "-eta: title が空です: お客様に何が起きているかを短く書いてください"; got != want {
		t.Errorf("errorText = %q, want %q", got, want)
	}
	if got := errorText(cat, errors.New("plain")); got != "plain" {
		t.Errorf("errorText(plain) = %q", got)
	}
}

func TestMessageLanguage(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	site := func(text string) {
		if err := os.WriteFile(filepath.Join(dir, "content", "site.toml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		site, flag string
		env        map[string]string
		want       string
	}{
		{`language = "ja"`, "", nil, "ja"},
		{`language = "ja"`, "en", nil, "en"},
		{`language = "ja"`, "", map[string]string{"LANG": "C"}, "en"},
		{`language = "ja"`, "", map[string]string{"LC_ALL": "POSIX", "LANG": "ja_JP.UTF-8"}, "en"},
		{`language = "ja"`, "", map[string]string{"LC_ALL": "ja_JP.UTF-8", "LANG": "C"}, "ja"},
		{`language = "ja"`, "", map[string]string{"LANG": "en_US.UTF-8"}, "ja"},
		{`language = "en"`, "ja", nil, "ja"},
		{`language = "en"`, "", map[string]string{"LANG": "ja_JP.UTF-8"}, "en"},
		// A syntax error elsewhere in site.toml: still Japanese.
		{"title = \"x\nlanguage = \"ja\"\n", "", nil, "ja"},
		// No strings for the language: English.
		{`language = "fr"`, "", nil, "en"},
	} {
		site(tc.site)
		e := &env{getenv: func(k string) string { return tc.env[k] }}
		if got := e.messages(tc.flag, dir).Lang(); got != tc.want {
			t.Errorf("site %q, -lang %q, env %v: %s, want %s", tc.site, tc.flag, tc.env, got, tc.want)
		}
	}
}
