package browsertest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// shotPages are the page types that get screenshots: one of each kind in
// each test site, named for the file they are written to.
var shotPages = map[string]map[string]string{
	"en": {
		"home":      "",
		"incident":  "incidents/2026-11-23-local-datetimes/",
		"markdown":  "incidents/2026-11-12-markdown-features/",
		"history":   "history/",
		"component": "components/api/",
		"404":       "404.html",
	},
	"ja": {
		"home":        "",
		"incident":    "incidents/2026-11-23-login-failure/",
		"maintenance": "incidents/2026-11-23-storage-maintenance/",
		"postmortem":  "incidents/2026-11-05-mail-delay/",
		"history":     "history/",
		"component":   "components/auth/",
		"404":         "404.html",
	},
	"bilingual": {
		"home-ja":         "",
		"home-en":         "en/",
		"incident-en":     "en/incidents/2026-11-23-mail-delay/",
		"untranslated-en": "en/incidents/2026-11-28-database-maintenance/",
	},
	"demo": {
		"home":      "",
		"incident":  "incidents/2026-11-23-email-delivery-delayed/",
		"history":   "history/",
		"component": "components/mail/",
	},
}

// updateImages rewrites the theme's screenshots (themes/default/images,
// shown in README.md) from the demo at phone size: go test
// ./generator/browsertest -run TestPages/demo -images (then make them
// small: pngquant --force --ext .png themes/default/images/*.png)
var updateImages = flag.Bool("images", false, "rewrite themes/default/images from the demo's phone screenshots")

// readers are the time zones of the readers of each site: the English
// site's reader is abroad, so times show in both zones.
var readers = map[string]string{"en": "Europe/London", "ja": "Asia/Tokyo", "bilingual": "Europe/London", "demo": "Asia/Tokyo"}

// TestPages loads every page of the test sites (the bilingual one in
// both languages), and the demo's home and active incident, a few minutes after the build: no console error, no
// failed request, no CSP violation, and no axe-core violation in light
// or dark. The page types also get screenshots at 375 and 1280 px wide in
// both schemes.
func TestPages(t *testing.T) {
	axe := axeSource(t)
	for _, name := range []string{"en", "ja", "bilingual", "demo"} {
		s := sites[name]
		t.Run(name, func(t *testing.T) {
			sv := serve(t, s)
			tb := newTab(t, view{now: buildNow.Add(7 * time.Minute), zone: readers[name]})
			paths := pagePaths(t, s)
			if name == "demo" {
				paths = nil
				for _, p := range shotPages["demo"] {
					paths = append(paths, p)
				}
				sort.Strings(paths)
			}
			for _, p := range paths {
				tb.open(sv.url(p))
				for _, pr := range tb.takeProblems() {
					t.Errorf("%s: %s", p, pr)
				}
				for _, dark := range []bool{false, true} {
					tb.scheme(dark)
					for _, v := range tb.axe(axe) {
						t.Errorf("%s (dark %v): axe: %s", p, dark, v)
					}
				}
				tb.scheme(false)
			}
			for kind, p := range shotPages[name] {
				tb.open(sv.url(p))
				for _, w := range []int64{375, 1280} {
					h := int64(800)
					if w == 375 {
						h = 667
					}
					for _, dark := range []bool{false, true} {
						tb.do(chromedp.EmulateViewport(w, h))
						tb.scheme(dark)
						scheme := "light"
						if dark {
							scheme = "dark"
						}
						shot := filepath.Join(name, kind+"-"+strconv.FormatInt(w, 10)+"-"+scheme)
						tb.screenshot(shot, true)
						if w == 375 {
							tb.screenshot(shot+"-fold", false)
							if name == "demo" && !dark && *updateImages {
								tb.screenshot(filepath.Join(repoRoot, "themes", "default", "images", kind), false)
							}
						}
					}
				}
				tb.do(chromedp.EmulateViewport(1280, 800))
				tb.scheme(false)
			}
			t.Logf("screenshots in %s", filepath.Join(outDir, name))
		})
	}
}

// axeSource reads axe-core from node_modules (npm ci).
func axeSource(t *testing.T) string {
	t.Helper()
	needTool(t, "Chromium", browserErr)
	src, err := os.ReadFile(filepath.Join(repoRoot, "node_modules", "axe-core", "axe.min.js"))
	needTool(t, "axe-core (npm ci)", err)
	return string(src)
}

// axe runs axe-core on the page as it is now and describes each violation.
func (tb *tab) axe(src string) []string {
	tb.t.Helper()
	if string(tb.eval(`typeof axe`)) != `"object"` {
		tb.eval(src + "\n;true")
	}
	raw := tb.eval(`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v =>
		v.id + " (" + v.impact + "): " + v.help + v.nodes.map(n => "\n\t" + n.target.join(" ") + " " + n.failureSummary.replace(/\n/g, " ")).join("")))`)
	var out []string
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.t.Fatal(err)
	}
	return out
}
