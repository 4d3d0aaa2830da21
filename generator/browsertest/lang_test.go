package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestLanguageSwitch opens the bilingual site's Japanese incident page on
// a phone: the switch to English is on the first screen, and following it
// lands on the same incident in English, whose switch leads back; the
// demo, in English first, links to Japanese the same way.
func TestLanguageSwitch(t *testing.T) {
	needTool(t, "Chromium", browserErr)
	for _, c := range []struct {
		site, from, to, lang, back string
	}{
		{"bilingual", "incidents/2026-11-23-mail-delay/", "en/incidents/2026-11-23-mail-delay/", "en", "ja"},
		{"demo", "", "ja/", "ja", "en"},
	} {
		t.Run(c.site, func(t *testing.T) {
			sv := serve(t, sites[c.site])
			tb := newTab(t, view{now: buildNow, width: 375, height: 667})
			tb.open(sv.url(c.from))
			sel := `nav.langs a[lang="` + c.lang + `"]`
			box := tb.str(`(r => r ? Math.round(r.top) + " " + Math.round(r.bottom) + " " + Math.round(r.left) + " " + Math.round(r.right) : "none")(document.querySelector('` + sel + `')?.getBoundingClientRect())`)
			var top, bottom, left, right int
			if _, err := fmt.Sscan(box, &top, &bottom, &left, &right); err != nil {
				t.Fatalf("no language switch to %s (%s): %v", c.lang, box, err)
			}
			if top < 0 || bottom > 667 || left < 0 || right > 375 || bottom-top < 16 {
				t.Errorf("the switch to %s is not on the first screen of a phone: box %s", c.lang, box)
			}
			tb.do(chromedp.Click(chromedp.CSS(sel)))
			tb.do(chromedp.WaitReady(chromedp.CSS(`html[lang="` + c.lang + `"]`)))
			if got := tb.str(`location.pathname`); got != sites[c.site].base+c.to {
				t.Errorf("the switch led to %s, want %s", got, sites[c.site].base+c.to)
			}
			if got := tb.str(`document.querySelector('nav.langs a[aria-current]')?.getAttribute("lang")`); got != c.lang {
				t.Errorf("the current language in the switch is %q, want %q", got, c.lang)
			}
			back := tb.str(`document.querySelector('nav.langs a[lang="` + c.back + `"]')?.getAttribute("href")`)
			if !strings.HasSuffix(sv.url(c.from), back) {
				t.Errorf("the switch back leads to %q, want %s", back, sv.url(c.from))
			}
		})
	}
}
