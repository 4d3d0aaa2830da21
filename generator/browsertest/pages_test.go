package browsertest

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
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
		"embed":     "embed/",
	},
}

// updateImages rewrites the theme's screenshots (themes/default/images,
// shown in README.md) as contact sheets of the page types (see sheets):
// go test ./generator/browsertest -run 'TestPages/(demo|ja)' -images
// (then make them small: pngquant --force --ext .png themes/default/images/*.png)
var updateImages = flag.Bool("images", false, "rewrite themes/default/images from the screenshots")

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
						h = 812
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
						}
					}
				}
				tb.do(chromedp.EmulateViewport(1280, 800))
				tb.scheme(false)
			}
			t.Logf("screenshots in %s", filepath.Join(outDir, name))
			if *updateImages {
				for _, sheet := range sheets[name] {
					tb.contactSheet(name, sheet)
				}
			}
		})
	}
}

// A sheet is one image of themes/default/images: screenshots of one page
// type side by side, each cut to the first screen (the fold).
type sheet struct {
	file  string   // name in themes/default/images, without .png
	kind  string   // a key of shotPages
	tiles []string // "375-light", "1280-dark", ...
	h     int      // the height of a phone tile; 0 for a phone's screen
}

// sheets are the images README.md and the theme show: every page type in
// English (the demo, with its logo and brand colour) and the main ones in
// Japanese, on a phone and a desktop, light and dark.
var sheets = map[string][]sheet{
	"demo": {
		{"home", "home", []string{"1280-light", "375-light", "375-dark"}, 0},
		{"incident", "incident", []string{"375-light", "375-dark", "1280-dark"}, 0},
		{"component", "component", []string{"1280-light", "375-dark"}, 0},
		{"history", "history", []string{"1280-dark", "375-light"}, 0},
		{"embed", "embed", []string{"375-light", "375-dark"}, 200},
	},
	"ja": {
		{"ja-home", "home", []string{"375-light", "375-dark", "1280-light"}, 0},
		{"ja-incident", "maintenance", []string{"1280-dark", "375-light"}, 0},
	},
}

// contactSheet lays the sheet's screenshots out in one page and writes
// its screenshot to themes/default/images.
func (tb *tab) contactSheet(site string, sh sheet) {
	tb.t.Helper()
	const zoom = 0.6
	var html strings.Builder
	html.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>` +
		`body{margin:0;padding:24px;background:#dfe3ea;display:flex;gap:24px;align-items:flex-start;zoom:0.6;font:600 20px system-ui,sans-serif;color:#333}` +
		`figure{margin:0}img{display:block;object-fit:cover;object-position:top;border-radius:10px;box-shadow:0 2px 12px rgb(0 0 0/25%)}` +
		`figcaption{margin-top:10px;text-align:center}</style></head><body>`)
	width, height := 24, 0
	for _, tile := range sh.tiles {
		w, h := 1280, 800
		if strings.HasPrefix(tile, "375") {
			w, h = 375, 812
			if sh.h > 0 {
				w, h = 375, sh.h
			}
		}
		width += w + 24
		height = max(height, h)
		file := filepath.Join(outDir, site, sh.kind+"-"+tile+".png")
		caption := strings.NewReplacer("375-", "Phone, ", "1280-", "Desktop, ").Replace(tile)
		fmt.Fprintf(&html, `<figure><img src="file://%s" width="%d" height="%d" alt=""><figcaption>%s</figcaption></figure>`, file, w, h, caption)
	}
	html.WriteString(`</body></html>`)
	page := filepath.Join(outDir, site, sh.file+"-sheet.html")
	if err := os.WriteFile(page, []byte(html.String()), 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.do(chromedp.EmulateViewport(int64(float64(width)*zoom), int64(float64(height+24+48)*zoom)))
	tb.open("file://" + page)
	tb.eval(`Promise.all([...document.images].map(i => i.complete || new Promise(r => { i.onload = i.onerror = r; }))).then(() => true)`)
	tb.screenshot(filepath.Join(repoRoot, "themes", "default", "images", sh.file), false)
	tb.do(chromedp.EmulateViewport(1280, 800))
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
