package browsertest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
)

// TestUptimeTouch taps a day of a home page uptime bar on a phone with a
// real touch screen: the first tap shows the day, a second tap on the
// same spot opens it on the component page.
func TestUptimeTouch(t *testing.T) {
	sv := serve(t, sites["demo"])
	tb := newTab(t, view{now: buildNow, width: 375, height: 812})
	tb.do(call(emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 1}))
	tb.open(sv.url(""))
	bar := `document.querySelector("a.days[href*='components/mail/']")`
	var p struct{ X, Y float64 }
	raw := tb.eval(`(b => { b.scrollIntoView({block: "center"}); const r = b.getBoundingClientRect(); return {x: r.right - 2, y: r.top + r.height / 2}; })(` + bar + `)`)
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	tap := func() {
		tb.do(call(input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: p.X, Y: p.Y}}}),
			call(input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}))
		time.Sleep(400 * time.Millisecond)
	}
	tap()
	if tip := tb.str(bar + `.nextElementSibling.hidden ? "hidden" : "shown"`); tip != "shown" {
		t.Fatalf("a tap on the bar did not show the day")
	}
	tap()
	if u := tb.str(`location.href`); !strings.Contains(u, "components/mail/#d20261123") {
		t.Errorf("a second tap on the same day left the page at %s, want today on the component page", u)
	}
	for _, p := range tb.takeProblems() {
		t.Error(p)
	}
}
