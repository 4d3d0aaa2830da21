package preview

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/statuspress/statuspress/generator/output"
)

// TestHost: a request whose Host is not the listening address or a
// loopback name with its port is refused with 421 and a short
// explanation, whatever its path or method.
func TestHost(t *testing.T) {
	s := New()
	s.Publish(output.Set{"index.html": []byte(page)})
	for _, tc := range []struct {
		listen string
		hosts  map[string]bool
	}{
		{"127.0.0.1:1313", map[string]bool{
			"127.0.0.1:1313": true, "localhost:1313": true, "LOCALHOST:1313": true, "[::1]:1313": true, "127.0.0.2:1313": true,
			"localhost.:1313":   true,
			"evil.example:1313": false, "evil.example": false, "localhost:8080": false, "127.0.0.1": false,
			"localhost.evil.example:1313": false, "192.168.1.5:1313": false, "": false,
		}},
		{"[::1]:4000", map[string]bool{"[::1]:4000": true, "localhost:4000": true, "evil.example:4000": false}},
		{"0.0.0.0:1313", map[string]bool{"192.168.1.5:1313": true, "localhost:1313": true, "evil.example:1313": false, "192.168.1.5:80": false}},
		{"mybox.lan:1313", map[string]bool{"mybox.lan:1313": true, "localhost:1313": true, "evil.example:1313": false}},
		{"", map[string]bool{"localhost:9999": true, "127.0.0.1": true, "evil.example": false}},
	} {
		s.Listen = tc.listen
		for host, ok := range tc.hosts {
			for _, target := range []string{"/", "/_statuspress/events", "/index.html"} {
				req := httptest.NewRequest("GET", target, nil)
				req.Host = host
				rec := httptest.NewRecorder()
				if !ok || target != "/_statuspress/events" {
					s.ServeHTTP(rec, req)
				} else {
					continue // an event stream does not end
				}
				got := rec.Code != http.StatusMisdirectedRequest
				if got != ok {
					t.Errorf("listening on %q, Host %q, %s: answered %v (%d), want %v", tc.listen, host, target, got, rec.Code, ok)
				}
				if !ok && !strings.Contains(rec.Body.String(), "for this computer only") {
					t.Errorf("listening on %q, Host %q: the refusal says %q", tc.listen, host, rec.Body.String())
				}
			}
		}
	}
	s.Listen = "127.0.0.1:1313"
	req := httptest.NewRequest("POST", "/", nil)
	req.Host = "evil.example"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusMisdirectedRequest || !strings.Contains(rec.Body.String(), "http://127.0.0.1:1313/") {
		t.Errorf("POST from another host: %d %q", rec.Code, rec.Body.String())
	}
}

// TestHeadersMatchNetlify: every response carries the security headers
// that netlify.toml sends with every path of the published site, with the
// same values, but not its permission for other sites to read.
func TestHeadersMatchNetlify(t *testing.T) {
	var conf struct {
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	data, err := os.ReadFile("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := toml.Decode(string(data), &conf); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, h := range conf.Headers {
		if h.For == "/*" {
			for k, v := range h.Values {
				want[http.CanonicalHeaderKey(k)] = v
			}
		}
	}
	if want["Content-Security-Policy"] == "" || want["Referrer-Policy"] == "" {
		t.Fatalf("netlify.toml has no security headers for /*: %v", want)
	}
	s := New()
	s.Publish(output.Set{"index.html": []byte(page), "feed.xml": []byte("<rss/>")})
	for _, target := range []string{"/", "/feed.xml", "/missing", "/_statuspress/reload.js"} {
		res, _ := get(t, s, target)
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s: Access-Control-Allow-Origin = %q: any page could read the preview", target, got)
		}
		for k, v := range want {
			if k == "Access-Control-Allow-Origin" {
				continue // the published site is public; the preview is not
			}
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, netlify.toml sends %q", target, k, got, v)
			}
		}
	}
}

// FuzzLookup: whatever the URL path, lookup never panics and never
// answers with a file outside the built set: a 200 is a file of the set
// with its bytes, anything else a redirect to the same path with a slash
// or the 404 page.
func FuzzLookup(f *testing.F) {
	set := output.Set{
		"index.html":             []byte("home"),
		"incidents/a/index.html": []byte("a"),
		"feed.xml":               []byte("feed"),
		"404.html":               []byte("gone"),
	}
	for _, seed := range []string{"/", "/incidents/a", "/incidents/a/", "/../../etc/passwd", "/..%2f..%2fetc/passwd", "//feed.xml", "/./index.html", "\\..\\x", "/incidents/a/../../../", "/feed.xml/", "\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, urlPath string) {
		name, data, code := lookup(set, urlPath)
		switch code {
		case http.StatusOK:
			if got, ok := set[name]; !ok || string(got) != string(data) {
				t.Fatalf("%q: served %q, not a file of the set", urlPath, name)
			}
			if strings.Contains(name, "..") || path.Clean(name) != name {
				t.Fatalf("%q: served the unclean name %q", urlPath, name)
			}
		case http.StatusMovedPermanently:
			if name != "" || data != nil {
				t.Fatalf("%q: a redirect with a body", urlPath)
			}
		case http.StatusNotFound:
			if name != "404.html" || string(data) != "gone" {
				t.Fatalf("%q: a 404 with %q", urlPath, name)
			}
		default:
			t.Fatalf("%q: status %d", urlPath, code)
		}
	})
}
