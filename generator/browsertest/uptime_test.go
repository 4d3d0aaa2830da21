package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestUptimeDays reaches the days of the demo's uptime bars by keyboard
// and by pointer: the home page's bar shows a day's date, uptime and
// incidents and leads to that day on the component page, where every day
// is a link named in words.
func TestUptimeDays(t *testing.T) {
	sv := serve(t, sites["demo"])
	tb := newTab(t, view{now: buildNow.Add(7 * 60e9), width: 375, height: 812})
	tb.open(sv.url(""))
	bar := `document.querySelector('a.days[href*="components/mail/"]')`
	tb.eval(bar + `.focus(); true`)
	tb.do(chromedp.KeyEvent(kb.ArrowLeft)) // the newest day: today
	tip := tb.str(bar + `.nextElementSibling.textContent`)
	if !strings.HasPrefix(tip, "Nov 23: ") || !strings.Contains(tip, "% uptime, 1 incident") {
		t.Errorf("tooltip of today = %q, want its date, uptime and incidents", tip)
	}
	tb.do(chromedp.KeyEvent(kb.ArrowLeft))
	if tip := tb.str(bar + `.nextElementSibling.textContent`); tip != "Nov 22: 100.00% uptime, no incidents" {
		t.Errorf("tooltip of yesterday = %q", tip)
	}
	if href := tb.str(bar + `.getAttribute("href")`); !strings.HasSuffix(href, "components/mail/#d20261122") {
		t.Errorf("the bar leads to %q, want yesterday on the component page", href)
	}
	// A tap on a day shows it first; the link then opens it.
	tb.eval(`(() => { const b = ` + bar + `, r = b.getBoundingClientRect();
		b.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, detail: 1, clientX: r.right - 1, clientY: r.top + 5})); return true; })()`)
	if tip := tb.str(bar + `.nextElementSibling.hidden ? "hidden" : "shown"`); tip != "shown" {
		t.Errorf("a tap on the bar did not show a day")
	}

	tb.open(sv.url("components/mail/#d20261123"))
	n := tb.str(`String(document.querySelectorAll("#days div.days > a[aria-label]").length)`)
	if n != "90" {
		t.Errorf("the component page's bar has %s day links, want 90", n)
	}
	day := tb.str(`document.querySelector("#d20261123").textContent`)
	if !strings.Contains(day, "Nov 23: ") || !strings.Contains(day, "Emails delayed by up to 90 minutes") {
		t.Errorf("today on the component page = %q, want its uptime and its incident", day)
	}
	label := tb.str(`document.querySelector('#days div.days > a[href="#d20261123"]').getAttribute("aria-label")`)
	if !strings.HasPrefix(day, label) {
		t.Errorf("the day's link says %q, its line %q: a screen reader should get the same words", label, day)
	}
	for _, p := range tb.takeProblems() {
		t.Error(p)
	}
}
