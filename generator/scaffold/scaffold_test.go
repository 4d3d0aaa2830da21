package scaffold

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestFilesPinTheRelease(t *testing.T) {
	files, err := Files(Options{Title: `Acme "Cloud" Status`, BaseURL: "https://status.acme.example/", Language: "ja", TimeZone: "Asia/Tokyo",
		Components: ParseComponents("api=Public API, mail"), Version: "v1.4.0"})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]string{}
	for _, f := range files {
		byPath[f.Path] = string(f.Data)
	}
	var site struct {
		Title      string
		Components []struct{ ID, Name string }
	}
	if _, err := toml.Decode(byPath["content/site.toml"], &site); err != nil {
		t.Fatal(err)
	}
	if site.Title != `Acme "Cloud" Status` || len(site.Components) != 2 || site.Components[1].Name != "Mail" {
		t.Errorf("site.toml decodes to %+v", site)
	}
	var netlify struct {
		Build   struct{ Command, Publish string }
		Headers []struct{ For string }
	}
	if _, err := toml.Decode(byPath["netlify.toml"], &netlify); err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	if !strings.Contains(netlify.Build.Command, "/download/v1.4.0/") || strings.Contains(netlify.Build.Command, "go ") || netlify.Build.Publish != "public" {
		t.Errorf("netlify build = %+v", netlify.Build)
	}
	for _, p := range []string{".github/workflows/status.yml", ".github/workflows/check.yml"} {
		if !strings.Contains(byPath[p], "version: v1.4.0") || strings.Contains(byPath[p], "go run") {
			t.Errorf("%s does not install the pinned release:\n%s", p, byPath[p])
		}
	}
}

func TestFilesRefuseBadAnswers(t *testing.T) {
	for _, o := range []Options{
		{Title: "x", BaseURL: "status.example.com", Language: "en", TimeZone: "UTC"},
		{Title: "x", BaseURL: "https://s.example/", Language: "en", TimeZone: "Mars/Base"},
		{Title: "x", BaseURL: "https://s.example/", Language: "en", TimeZone: "UTC", Version: "1.4"},
		{Title: "x", BaseURL: "https://s.example/", Language: "en", TimeZone: "UTC", Components: ParseComponents("=, =Name")},
		{Title: "", BaseURL: "https://s.example/", Language: "fr", TimeZone: "UTC"},
	} {
		if _, err := Files(o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestWriteKeepsWhatIsThere(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Files(Options{Title: "x", BaseURL: "https://s.example/", Language: "en", TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Write(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Kept, []string{".gitignore"}) || len(rep.Written) != len(files)-1 {
		t.Errorf("report %+v", rep)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(data) != "mine\n" {
		t.Errorf(".gitignore overwritten: %q", data)
	}
	if st, err := os.Stat(filepath.Join(dir, ".githooks", "pre-commit")); err != nil || st.Mode().Perm()&0o100 == 0 {
		t.Errorf("hook not executable: %v %v", st, err)
	}
	if _, err := Write(dir, files); err != ErrHasSite {
		t.Errorf("second write: %v, want ErrHasSite", err)
	}
}
