package browsertest

import (
	"encoding/json"
	"testing"
)

// TestAboveTheFold opens the demo on a 375 × 812 phone during its
// incident: the home page shows what is broken, how badly, since when,
// the workaround, the estimated recovery (as an estimate) and the next
// update without scrolling, with labels above their values, also for a
// reader in another zone (whose own times add text); the incident
// page starts its newest update on the first screen.
func TestAboveTheFold(t *testing.T) {
	sv := serve(t, sites["demo"])
	for _, c := range []struct {
		dark       bool
		zone, lang string
	}{{false, "", ""}, {true, "", ""}, {false, "America/New_York", ""}, {false, "", "ja/"}, {false, "America/New_York", "ja/"}} {
		dark := c.dark
		tb := newTab(t, view{now: buildNow.Add(7 * 60e9), zone: c.zone, width: 375, height: 812, dark: dark})
		tb.open(sv.url(c.lang))
		card := `document.querySelector("#active-h ~ .card")`
		for what, sel := range map[string]string{
			"what is broken (title)": "h3",
			"what is broken (scope)": ".facts > div:first-child dd",
			"how badly":              ".tags .tag",
			"since when":             ".facts > div:nth-child(2) dd",
			"impact":                 ".facts .wide dd",
			"workaround":             ".workaround",
			"estimated recovery":     ".eta dd",
			"estimate note":          ".eta small",
			"next update":            ".eta + div dd",
		} {
			var box struct{ Top, Bottom float64 }
			raw := tb.eval(`(e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; })(` + card + `.querySelector("` + sel + `"))`)
			if err := json.Unmarshal(raw, &box); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if box.Bottom > 812 || box.Top < 0 {
				t.Errorf("dark %v, zone %q, %q: %s (%s) is at %.0f–%.0f px, not within the first 812 px", dark, c.zone, c.lang, what, sel, box.Top, box.Bottom)
			}
		}
		if got := tb.str(`(d => String(d.querySelector("dt").getBoundingClientRect().bottom <= d.querySelector("dd").getBoundingClientRect().top))(` + card + `.querySelector(".eta"))`); got != "true" {
			t.Errorf("dark %v, zone %q, %q: on a phone the label is not above its value", dark, c.zone, c.lang)
		}
		tb.open(sv.url(c.lang + "incidents/2026-11-23-email-delivery-delayed/"))
		top := tb.str(`String(Math.round(document.querySelector(".timeline > li").getBoundingClientRect().top))`)
		var y int
		if err := json.Unmarshal([]byte(top), &y); err != nil || y > 812-60 {
			t.Errorf("dark %v, zone %q, %q: the newest update starts at %s px, want it on the first screen (812 px)", dark, c.zone, c.lang, top)
		}
		for _, p := range tb.takeProblems() {
			t.Error(p)
		}
	}
}
