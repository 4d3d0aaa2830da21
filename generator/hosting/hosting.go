// Package hosting owns the response headers a host should send with a
// built site: security headers and cross-origin reads for every file
// (feeds, calendars, badges and the JSON API are read by other sites'
// scripts), and how long each kind of file may be cached. It writes them
// as a Cloudflare Pages _headers file and as netlify.toml [[headers]]
// tables, from one list.
package hosting

import (
	"fmt"
	"strings"
)

// HeadersFile is the Cloudflare Pages (and compatible hosts') headers
// file at the root of the output.
const HeadersFile = "_headers"

// Header is one response header.
type Header struct{ Name, Value string }

// Rule gives headers to the paths a pattern matches ("/*" is every path,
// "/assets/*" everything under assets/).
type Rule struct {
	For     string
	Headers []Header
}

// everyFile is sent with every response. statuspress makes no request to
// any other host and uses no inline script or style, so everything is
// 'self'. Framing is refused on the pages (see noFraming), not here: the
// page /embed/ is made to be shown in an iframe on other sites. Access-Control-Allow-Origin is on every file, not a list of
// feeds, so that no feed is forgotten (per-component and per-language
// feeds included): the whole site is public and read without credentials.
var everyFile = []Header{
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
	{"Access-Control-Allow-Origin", "*"},
}

var (
	fresh = []Header{{"Cache-Control", "public, max-age=60, must-revalidate"}}
	// noFraming keeps the pages out of other sites' frames (clickjacking).
	// A second Content-Security-Policy is a second policy, enforced
	// together with the first, so this adds frame-ancestors to it.
	noFraming = []Header{
		{"Cache-Control", "public, max-age=60, must-revalidate"},
		{"Content-Security-Policy", "frame-ancestors 'none'"},
		{"X-Frame-Options", "DENY"},
	}
	immutable = []Header{{"Cache-Control", "public, max-age=31536000, immutable"}}
)

// Rules lists the header rules, the every-file rule first. Cache-Control
// is set only on rules that never overlap: a path that matches two rules
// can get both values joined into one header. langs are the codes of a
// site's languages other than the default, whose pages, feeds and API
// live under /<code>/: all of it is fresh.
func Rules(langs ...string) []Rule {
	rules := []Rule{{"/*", everyFile}}
	for _, p := range []string{"/", "/index.html", "/404.html", "/incidents/*", "/history/*", "/components/*"} {
		rules = append(rules, Rule{p, noFraming})
	}
	for _, p := range []string{"/api/*", "/feed.xml", "/atom.xml", "/feed.json", "/badge.svg", "/maintenance.ics", "/generated.json",
		"/embed/*", "/embed.js"} {
		rules = append(rules, Rule{p, fresh})
	}
	for _, l := range langs {
		rules = append(rules, Rule{"/" + l + "/*", fresh})
	}
	// CSS and JS carry a hash of their content in the file name
	// (assets/style.<hash>.css), so an address never changes content.
	return append(rules, Rule{"/assets/*", immutable})
}

// Cloudflare returns the _headers file: a path line, then its headers
// indented. Netlify reads it too, beside netlify.toml: for the same path
// and header netlify.toml's value is used, not joined to this one, and
// the two hold the same rules anyway.
func Cloudflare(langs ...string) []byte {
	var b strings.Builder
	b.WriteString("# Response headers for Cloudflare Pages (made by statuspress build).\n")
	for _, r := range Rules(langs...) {
		b.WriteString(r.For)
		b.WriteByte('\n')
		for _, h := range r.Headers {
			fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
		}
	}
	return []byte(b.String())
}

// Netlify returns the rules as netlify.toml [[headers]] tables.
func Netlify() string {
	var b strings.Builder
	for i, r := range Rules() {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "[[headers]]\n  for = %q\n  [headers.values]\n", r.For)
		for _, h := range r.Headers {
			fmt.Fprintf(&b, "    %s = %q\n", h.Name, h.Value)
		}
	}
	return b.String()
}
