package hosting

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestNetlifyFileHasEveryRule keeps the repository's own netlify.toml in
// step with the rules that init writes and build puts in _headers.
func TestNetlifyFileHasEveryRule(t *testing.T) {
	var file struct {
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	if _, err := toml.DecodeFile("../../netlify.toml", &file); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]string{}
	for _, h := range file.Headers {
		if got[h.For] != nil {
			t.Errorf("netlify.toml: two [[headers]] for %s", h.For)
		}
		got[h.For] = h.Values
	}
	for _, r := range Rules() {
		for _, h := range r.Headers {
			if v := got[r.For][h.Name]; v != h.Value {
				t.Errorf("netlify.toml: %s: %s = %q, want %q", r.For, h.Name, v, h.Value)
			}
		}
	}
}

func TestNetlifyDecodes(t *testing.T) {
	var file struct {
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	if _, err := toml.Decode(Netlify(), &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Headers) != len(Rules()) || file.Headers[0].Values["Access-Control-Allow-Origin"] != "*" {
		t.Errorf("decoded %+v", file.Headers)
	}
}

func TestCloudflare(t *testing.T) {
	text := string(Cloudflare())
	for _, want := range []string{"/*\n  Content-Security-Policy: default-src 'self';", "\n  Access-Control-Allow-Origin: *\n", "/api/*\n  Cache-Control: public, max-age=60, must-revalidate\n", "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("_headers lacks %q:\n%s", want, text)
		}
	}
	// Cloudflare joins a header set by two matching rules: only one rule
	// may set Cache-Control for any path, so "/*" must not.
	for _, h := range Rules()[0].Headers {
		if h.Name == "Cache-Control" {
			t.Error("the every-file rule sets Cache-Control")
		}
	}
}
