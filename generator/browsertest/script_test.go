package browsertest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// jst makes a time in the test sites' zone.
func jst(day, hour, min int) time.Time {
	return time.Date(2026, 11, day, hour, min, 0, 0, buildNow.Location())
}

// at moves the reader's clock to t and runs the script's timers once.
func (tb *tab) at(t time.Time) {
	tb.t.Helper()
	tb.eval(`__setClock(` + jsonNumber(t.UnixMilli()) + `); __tick(); true`)
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }

// expect compares what js returns (a string) with want.
func (tb *tab) expect(what, js, want string) {
	tb.t.Helper()
	if got := tb.str(js); got != want {
		tb.t.Errorf("%s: got %q, want %q", what, got, want)
	}
}

// TestScriptClock reads the Japanese home page at chosen times: relative
// times tick, a passed ETA is flagged, maintenance moves from upcoming to
// in progress to completed, all without a reload.
func TestScriptClock(t *testing.T) {
	sv := serve(t, sites["ja"])
	tb := newTab(t, view{now: jst(23, 10, 7), zone: "Asia/Tokyo"})
	tb.open(sv.url(""))

	card := `document.querySelector("#active-h ~ .card")`
	since := card + `.querySelector("dt + dd time[datetime='2026-11-23T09:10:00+09:00'] + .rt").textContent`
	passed := card + `.querySelector(".passed")`
	storage := `document.querySelector("[aria-labelledby='t-2026-11-23-storage-maintenance']")`
	database := `document.querySelector("[aria-labelledby='t-2026-11-28-database-maintenance']")`
	state := func(card string) string { return card + `.querySelector(".tags .state").textContent` }

	// 10:07: the reader is in the site's zone, so no second zone is shown.
	tb.expect("started, at 10:07", since, " (57 分前)")
	tb.expect("banner, at 10:07", `document.querySelector(".banner time + .rt").textContent`, " (7 分前)")
	tb.expect("ETA passed note, at 10:07", `String(`+passed+`.hidden)`, "true")
	tb.expect("ongoing maintenance, at 10:07", state(storage), "実施中")
	tb.expect("upcoming maintenance, at 10:07", state(database), "予定")
	tb.expect("static duration removed", `String(document.querySelectorAll(".ago").length)`, "0")

	// 11:45: the ETA (11:30) has passed and the storage window (to 11:00)
	// is over.
	tb.at(jst(23, 11, 45))
	// Hours and minutes, never rounded to whole hours, joined by no-break
	// spaces so that "2 時間" never splits across lines.
	tb.expect("started, at 11:45", since, " (2\u00a0時間\u00a035\u00a0分前)")
	tb.expect("ETA passed note, at 11:45", `getComputedStyle(`+passed+`).display + " " + `+passed+`.textContent`,
		"block 見込み時刻を過ぎています。続報をお待ちください")
	// A maintenance that is over leaves the home page, as a rebuild would.
	tb.expect("ended maintenance, at 11:45", `String(!`+storage+`)`, "true")
	tb.expect("no maintenance in progress, at 11:45", `String(document.querySelector("#ongoing").hidden)`, "true")
	tb.expect("upcoming maintenance, at 11:45", state(database), "予定")

	// A window a day and a half away is not "tomorrow", and one 2 h 49 min
	// away is not "in 2 hours".
	start := database + `.querySelector("time[datetime='2026-11-28T01:00:00+09:00'] + .rt").textContent`
	tb.at(jst(26, 13, 0))
	tb.expect("maintenance in 36 hours", start, " (36\u00a0時間後)")
	tb.at(jst(27, 22, 11))
	tb.expect("maintenance in 2 h 49 min", start, " (2\u00a0時間\u00a049\u00a0分後)")

	// 28 Nov 01:30: the database maintenance (01:00–03:00) is under way,
	// then over.
	tb.at(jst(28, 1, 30))
	tb.expect("database maintenance, at 01:30", state(database), "実施中")
	tb.expect("database maintenance moved to in progress", database+`.closest("section").id`, "ongoing")
	tb.expect("its components under maintenance", `document.querySelector('.components .tag[data-component="api"]').className`, "tag s-mt")
	tb.expect("ETA, 5 days later", `document.querySelector(".eta strong time + .rt").textContent`, " (4 日前)")
	tb.at(jst(28, 3, 0))
	tb.expect("database maintenance, at 03:00", `String(!`+database+`)`, "true")
	tb.expect("its components back, at 03:00", `document.querySelector('.components .tag[data-component="api"]').className`, "tag s-ok")
	for _, p := range tb.takeProblems() {
		t.Error(p)
	}
}

// TestScriptReaderZone reads the English site from London: each time shows
// the reader's own time beside the site's, and the relative time ticks.
func TestScriptReaderZone(t *testing.T) {
	sv := serve(t, sites["en"])
	tb := newTab(t, view{now: jst(23, 10, 7), zone: "Europe/London"})
	tb.open(sv.url(""))
	banner := `document.querySelector(".banner time + .rt").textContent`
	tb.expect("banner in London", banner, " (Nov 23, 01:00 GMT · 7 minutes ago)")
	tb.at(jst(23, 10, 19))
	tb.expect("banner 12 minutes on", banner, " (Nov 23, 01:00 GMT · 19 minutes ago)")
	tb.at(jst(23, 9, 59).Add(30 * time.Second))
	tb.expect("banner just before the build", banner, " (Nov 23, 01:00 GMT · now)")
	tb.expect("site time kept", `document.querySelector(".banner time").textContent`, "Nov 23, 10:00 JST")
	for _, p := range tb.takeProblems() {
		t.Error(p)
	}
}

// TestScriptLiveStatus serves a newer api/v2/summary.json than the page
// and checks that the next poll updates the banner and the component
// statuses, and offers a reload, without reloading.
func TestScriptLiveStatus(t *testing.T) {
	s := sites["ja"]
	raw, err := os.ReadFile(filepath.Join(s.dir, "api", "v2", "summary.json"))
	if err != nil {
		t.Fatalf("the build has no api/v2/summary.json: %v", err)
	}
	var sum map[string]any
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	for _, c := range sum["components"].([]any) {
		c := c.(map[string]any)
		c["status"] = "operational"
		if c["id"] == "mail" {
			c["status"] = "partial_outage"
		}
	}
	sum["page"].(map[string]any)["updated_at"] = "2026-11-23T10:20:00+09:00"
	newer, _ := json.Marshal(sum)

	sv := serve(t, s)
	tb := newTab(t, view{now: jst(23, 10, 21), zone: "Asia/Tokyo"})
	tb.open(sv.url(""))
	tb.expect("stale note before the poll", `String(document.querySelector(".stale").hidden)`, "true")
	sv.set("api/v2/summary.json", newer)
	tb.at(jst(23, 10, 22))
	tb.eval(`new Promise(r => { const w = () => document.querySelector(".banner").dataset.level === "partial_outage" ? r(true) : setTimeout(w, 20); w(); })`)

	tb.expect("banner", `document.querySelector(".banner").className + " | " + document.querySelector(".banner svg").getAttribute("class") + " | " + document.querySelector("#overall").textContent`,
		"banner s-po | icon s-po | 一部のサービスで障害が発生しています")
	tag := func(id string) string {
		return `(e => e.className + " " + e.textContent)(document.querySelector('.components .tag[data-component="` + id + `"]'))`
	}
	tb.expect("mail", tag("mail"), "tag s-po 一部障害")
	tb.expect("auth", tag("auth"), "tag s-ok 正常")
	tb.expect("banner time", `document.querySelector(".banner time").dateTime`, "2026-11-23T10:20:00+09:00")
	tb.expect("stale note after the poll", `String(document.querySelector(".stale").hidden)`, "false")
	for _, p := range tb.takeProblems() {
		t.Error(p)
	}
}

// TestScriptChecked reads an incident page, which says when its status
// last changed and not when it was built: the script reads the build time
// from generated.json and says when the site was checked, ticking on.
func TestScriptChecked(t *testing.T) {
	sv := serve(t, sites["en"])
	tb := newTab(t, view{now: jst(23, 10, 7), zone: "Asia/Tokyo"})
	tb.open(sv.url("incidents/2026-11-23-local-datetimes/"))
	tb.eval(`new Promise(r => { const w = () => document.querySelector(".checked").hidden ? setTimeout(w, 20) : r(true); w(); })`)
	footer := `document.querySelector("footer p").textContent`
	tb.expect("footer at 10:07", footer, "Status last changed Nov 23, 09:10 JST (57 minutes ago) · checked 7 minutes ago")
	tb.at(jst(23, 10, 19))
	tb.expect("checked, 12 minutes on", `document.querySelector(".checked").textContent`, " · checked 19 minutes ago")
	for _, p := range tb.takeProblems() {
		t.Error(p)
	}
}
