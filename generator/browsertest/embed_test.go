package browsertest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestEmbed puts the copy-paste snippet of README.md on a page of another
// origin with a strict policy that allows the status site only in
// script-src and frame-src: the script makes an iframe of /embed/, the
// page in it reports its height, and nothing breaks the host's policy or
// loads from a third host.
func TestEmbed(t *testing.T) {
	sv := serve(t, sites["ja"])
	origin := sv.URL
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src "+origin+"; frame-src "+origin+"; style-src 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body><main><h1>Our product</h1>` +
			`<script src="` + sv.url("embed.js") + `" async></script></main></body></html>`))
	}))
	t.Cleanup(host.Close)
	for _, dark := range []bool{false, true} {
		tb := newTab(t, view{now: buildNow.Add(7 * time.Minute), dark: dark})
		tb.open(host.URL)
		h := tb.str(`new Promise(r => { const w = () => { const f = document.querySelector("iframe"); f && f.style.height !== "7rem" ? r(f.style.height) : setTimeout(w, 20); }; w(); })`)
		if !strings.HasSuffix(h, "px") || h == "0px" {
			t.Errorf("dark %v: the iframe's height is %q, want the page's height in px", dark, h)
		}
		if src := tb.str(`document.querySelector("iframe").src`); src != sv.url("embed/") {
			t.Errorf("iframe src = %q, want %q", src, sv.url("embed/"))
		}
		for _, p := range tb.takeProblems() {
			t.Errorf("dark %v: %s", dark, p)
		}
	}
	sv.mu.Lock()
	_, framed := sv.served["embed/"]
	sv.mu.Unlock()
	if !framed {
		t.Errorf("the status site never served embed/")
	}
}
