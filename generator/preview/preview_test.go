package preview

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/output"
)

const page = "<!doctype html><html><head><title>t</title></head><body><h1>Hello</h1></body></html>"

func get(t *testing.T, h http.Handler, url string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost"+url, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func TestServeInjectsOnlyIntoHTML(t *testing.T) {
	s := New()
	set := output.Set{
		"index.html":             []byte(page),
		"incidents/a/index.html": []byte(page),
		"feed.xml":               []byte("<rss/>"),
		"404.html":               []byte("<html><body>gone</body></html>"),
	}
	if n := s.Publish(set); n != 4 {
		t.Errorf("Publish = %d changed, want 4", n)
	}
	res, body := get(t, s, "/")
	if res.StatusCode != 200 || !strings.Contains(body, `<script src="/_statuspress/reload.js" defer></script></head>`) {
		t.Errorf("home: %d %q", res.StatusCode, body)
	}
	if string(set["index.html"]) != page {
		t.Error("injection changed the built bytes")
	}
	if _, body := get(t, s, "/feed.xml"); body != "<rss/>" {
		t.Errorf("feed = %q, want it untouched", body)
	}
	if res, _ := get(t, s, "/incidents/a"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/incidents/a/" {
		t.Errorf("folder without slash: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := get(t, s, "/nope/"); res.StatusCode != 404 || !strings.Contains(body, "gone") || !strings.Contains(body, "reload.js") {
		t.Errorf("missing page: %d %q", res.StatusCode, body)
	}
	if res, body := get(t, s, "/_statuspress/reload.js"); res.StatusCode != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("reload.js: %d", res.StatusCode)
	}
}

// TestMissingPageInALanguage: on a site in several languages a missing
// page under /en/ gets the English 404 page, elsewhere the default one.
func TestMissingPageInALanguage(t *testing.T) {
	s := New()
	s.Publish(output.Set{
		"index.html":    []byte(page),
		"404.html":      []byte(`<html lang="ja"><body>見つかりません</body></html>`),
		"en/index.html": []byte(page),
		"en/404.html":   []byte(`<html lang="en"><body>Not found</body></html>`),
	})
	for _, c := range []struct{ path, want string }{
		{"/en/nope", "Not found"},
		{"/en/incidents/nope/", "Not found"},
		{"/nope", "見つかりません"},
		{"/english/", "見つかりません"},
		{"/incidents/en/x", "見つかりません"},
	} {
		if res, body := get(t, s, c.path); res.StatusCode != http.StatusNotFound || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %q, want 404 with %q", c.path, res.StatusCode, body, c.want)
		}
	}
}

func TestFailedBuildKeepsSiteAndShowsOverlay(t *testing.T) {
	s := New()
	s.Publish(output.Set{"index.html": []byte(page)})
	s.Fail([]string{"content/incidents/a.md:3:9: unknown component \"mial\" <x>"})
	_, body := get(t, s, "/")
	for _, want := range []string{"<h1>Hello</h1>", `<h2>Build failed: the last good site is shown</h2>`, `content/incidents/a.md:3:9: unknown component &#34;mial&#34; &lt;x&gt;`, "/_statuspress/overlay.css"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	s.Publish(output.Set{"index.html": []byte(page)})
	if _, body := get(t, s, "/"); strings.Contains(body, "statuspress-overlay") {
		t.Error("overlay still shown after a good build")
	}
}

func TestNoGoodBuildYet(t *testing.T) {
	s := New()
	s.Fail([]string{"content/site.toml:1:1: bad"})
	res, body := get(t, s, "/incidents/a/")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", res.StatusCode)
	}
	// The script and sheet go in the head, the overlay at the end of the
	// body; the heading does not promise a site that is not there.
	for _, want := range []string{
		`<link rel="stylesheet" href="/_statuspress/overlay.css"></head>`,
		`<h2>Build failed: no site could be built yet</h2><pre>content/site.toml:1:1: bad`,
		`</div></body></html>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "last good site") {
		t.Errorf("page speaks of a last good site:\n%s", body)
	}
	if i, j := strings.Index(body, "reload.js"), strings.Index(body, "</head>"); i < 0 || i > j {
		t.Errorf("reload script not in the head:\n%s", body)
	}
}

func TestMissingPageWithoutTheme404(t *testing.T) {
	s := New()
	s.Publish(output.Set{"index.html": []byte(page)})
	res, body := get(t, s, "/nope/")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, `defer></script></head>`) {
		t.Errorf("%d %q", res.StatusCode, body)
	}
}

func TestEventsStreamVersions(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/_statuspress/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type = %q", ct)
	}
	lines := bufio.NewScanner(res.Body)
	next := func() string {
		for lines.Scan() {
			if v, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				return v
			}
		}
		t.Fatal("stream ended:", lines.Err())
		return ""
	}
	if v := next(); v != "0" {
		t.Errorf("first version = %s, want 0", v)
	}
	s.Publish(output.Set{"index.html": []byte(page)})
	if v := next(); v != "1" {
		t.Errorf("after a build: %s, want 1", v)
	}
	s.Fail([]string{"x"})
	if v := next(); v != "2" {
		t.Errorf("after a failed build: %s, want 2", v)
	}
	s.Close()
	for lines.Scan() {
	}
}
