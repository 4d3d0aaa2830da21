package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/themes"
)

// TestStatesInBuiltPages builds the Japanese site at moments where a
// state is easy to get wrong and checks what the pages say.
func TestStatesInBuiltPages(t *testing.T) {
	build := func(now time.Time) map[string][]byte {
		opts := siteOptions(t, "ja")
		opts.Now = now
		_, err := Build(t.Context(), opts)
		must(t, err)
		return readTree(t, opts.DestDir())
	}
	jst := testNow.Location()

	// 28 Nov 01:30: the database maintenance (01:00–03:00) has begun, but
	// its only report still says "scheduled". Pill, heading and the
	// components in scope all say it is in progress.
	site := build(time.Date(2026, 11, 28, 1, 30, 0, 0, jst))
	home := string(site["index.html"])
	ongoing := section(t, home, "ongoing-h")
	if !strings.Contains(ongoing, "t-2026-11-28-database-maintenance") {
		t.Errorf("the database maintenance is not under the in-progress heading:\n%s", ongoing)
	}
	if !strings.Contains(ongoing, `<span class="state">実施中</span>`) || strings.Contains(ongoing, `<span class="state">予定</span>`) {
		t.Errorf("the in-progress maintenance's pill does not say 実施中:\n%s", ongoing)
	}
	for _, id := range []string{"api"} { // dashboard has a worse outage then
		if !strings.Contains(home, `data-level="under_maintenance" data-component="`+id+`"`) {
			t.Errorf("component %s is not shown under maintenance", id)
		}
	}
	page := string(site["incidents/2026-11-28-database-maintenance/index.html"])
	if !strings.Contains(page, `<span class="state">実施中</span>`) {
		t.Errorf("the maintenance page's pill does not say 実施中")
	}

	// 10:00 on the 23rd: an incident is active and nothing ended in the
	// last 14 days but it; the recent list must not say "no incidents".
	home = string(build(testNow)["index.html"])
	if strings.Contains(home, "過去 14 日間に障害はありません") {
		t.Errorf("the home page says there were no recent incidents beside an active one")
	}
}

// section returns the <section> whose heading has the id.
func section(t *testing.T, html, heading string) string {
	t.Helper()
	i := strings.Index(html, `id="`+heading+`"`)
	if i < 0 {
		t.Fatalf("no heading %s", heading)
	}
	start := strings.LastIndex(html[:i], "<section")
	end := strings.Index(html[i:], "</section>")
	return html[start : i+end]
}

// TestDatesAndZone: times show no year when it is the current one and
// no zone except where the page names it once; the <time> title has the
// full form.
func TestDatesAndZone(t *testing.T) {
	opts := siteOptions(t, "en")
	_, err := Build(t.Context(), opts)
	must(t, err)
	page := string(readTree(t, opts.DestDir())["incidents/2026-11-23-local-datetimes/index.html"])
	times := regexp.MustCompile(`<time [^>]*>([^<]*)</time>`).FindAllStringSubmatch(page, -1)
	zones := 0
	for _, m := range times {
		if strings.Contains(m[1], "2026") {
			t.Errorf("a time shows the current year: %s", m[0])
		}
		if strings.Contains(m[1], "JST") {
			zones++
		}
		if !strings.Contains(m[0], `title="`) || !strings.Contains(m[0], "2026") {
			t.Errorf("a time has no full form in its title: %s", m[0])
		}
	}
	if zones > 2 { // the start of the incident, and the footer's "last changed"
		t.Errorf("the zone is named %d times, want it named once or twice", zones)
	}
}

// maxHome10000 is the budget of the home page's HTML for gencorpus.py's
// 10,000 incidents (12 components, about 100 open at once).
const maxHome10000 = 80_000

// TestHomeSizeGencorpus builds the workplace's synthetic 10,000-incident
// site and reports the size of the home page, which must stay under the
// budget: the home page shows no per-day lists and at most 25 active
// incidents. It runs when GENCORPUS names gencorpus.py (it takes about
// 40 s on the development machine):
//
//	GENCORPUS=/work/shared/bench/gencorpus.py go test -run HomeSizeGencorpus -v ./generator
func TestHomeSizeGencorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 10,000 incidents")
	}
	gen := os.Getenv("GENCORPUS")
	if gen == "" {
		t.Skip("set GENCORPUS to the path of gencorpus.py to measure the home page at 10,000 incidents")
	}
	src := t.TempDir()
	if out, err := exec.Command("python3", gen, "--n", "10000", "--format", "statuspress", "--out", src).CombinedOutput(); err != nil {
		t.Fatalf("gencorpus.py: %v\n%s", err, out)
	}
	dest := filepath.Join(t.TempDir(), "public")
	_, err := Build(t.Context(), Options{Source: src, Dest: dest, Now: time.Date(2026, 11, 20, 12, 0, 0, 0, testNow.Location()), Theme: themes.Builtin()})
	must(t, err)
	fi, err := os.Stat(filepath.Join(dest, "index.html"))
	must(t, err)
	t.Logf("home page HTML for gencorpus.py --n 10000: %d bytes (budget %d)", fi.Size(), maxHome10000)
	if fi.Size() >= maxHome10000 {
		t.Errorf("home page is %d bytes, over the budget of %d", fi.Size(), maxHome10000)
	}
}
