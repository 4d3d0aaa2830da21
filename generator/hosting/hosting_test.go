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

// TestLanguagePagesRefuseFraming: on a site in several languages the
// pages under /en/ are refused framing like the default language's, and
// every path still gets Cache-Control from one rule only.
func TestLanguagePagesRefuseFraming(t *testing.T) {
	text := string(Cloudflare("en"))
	for _, want := range []string{
		"\n/en/\n  Cache-Control: public, max-age=60, must-revalidate\n  Content-Security-Policy: frame-ancestors 'none'\n",
		"\n/en/incidents/*\n  Cache-Control: public, max-age=60, must-revalidate\n  Content-Security-Policy: frame-ancestors 'none'\n",
		"\n/en/404.html\n  Cache-Control: public, max-age=60, must-revalidate\n  Content-Security-Policy: frame-ancestors 'none'\n",
		"\n/en/api/*\n  Cache-Control: public, max-age=60, must-revalidate\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("_headers lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\n/en/*\n") {
		t.Errorf("_headers has a rule for all of /en/, which overlaps its pages' rules:\n%s", text)
	}
	if strings.Contains(text, "/en/embed.js") {
		t.Errorf("embed.js is shared, at the root only:\n%s", text)
	}
}
