package status

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/source"
)

var tokyo = mustZone("Asia/Tokyo")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at reads "2026-11-20 09:00" in Tokyo; "" is the zero time.
func at(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", s, tokyo)
	if err != nil {
		panic(err)
	}
	return t
}

func testSite(days int) *config.Site {
	return &config.Site{
		Title: "Status", BaseURL: "https://status.example.com/", BasePath: "/",
		Language: "en", Timezone: "Asia/Tokyo", Location: tokyo, HistoryDays: days,
		Components: []config.Component{
			{ID: "api", Name: "API", Group: "Platform"},
			{ID: "mail", Name: "Email", Group: "Platform"},
			{ID: "web", Name: "Website"},
		},
	}
}

// inc describes an incident in one line: "slug severity scope,scope
// started|end" with times as "2026-11-20 09:00", end being resolved (or,
// for maintenance, eta); "-" for no end. Updates are "time status".
func inc(spec string, updates ...string) *source.Incident {
	parts := strings.SplitN(spec, " ", 4)
	times := strings.Split(parts[3], "|")
	in := &source.Incident{
		Slug: parts[0], File: "content/incidents/" + parts[0] + ".md",
		Title: parts[0], Severity: source.Severity(parts[1]),
		Scope: strings.Split(parts[2], ","), Started: at(times[0]),
	}
	if times[1] != "-" {
		if in.IsMaintenance() {
			in.ETA = at(times[1])
		} else {
			in.Resolved = at(times[1])
		}
	}
	for _, u := range updates {
		i := strings.LastIndexByte(u, ' ')
		in.Updates = append(in.Updates, source.Update{At: at(u[:i]), Status: source.Status(u[i+1:])})
	}
	return in
}

func draft(in *source.Incident) *source.Incident { in.Draft = true; return in }

func TestLevels(t *testing.T) {
	const now = "2026-11-20 12:00"
	for _, tc := range []struct {
		name      string
		incidents []*source.Incident
		drafts    bool
		want      string // api mail web overall
		phases    string // slug:phase ...
	}{
		{"nothing", nil, false,
			"operational operational operational operational", ""},
		{"minor", []*source.Incident{inc("a minor api 2026-11-20 09:00|-")}, false,
			"degraded_performance operational operational degraded_performance", "a:active"},
		{"major", []*source.Incident{inc("a major api,mail 2026-11-20 09:00|-")}, false,
			"partial_outage partial_outage operational partial_outage", "a:active"},
		{"critical", []*source.Incident{inc("a critical web 2026-11-20 09:00|-")}, false,
			"operational operational major_outage major_outage", "a:active"},
		{"resolved", []*source.Incident{inc("a critical web 2026-11-20 09:00|2026-11-20 11:00")}, false,
			"operational operational operational operational", "a:resolved"},
		{"resolved exactly now", []*source.Incident{inc("a critical web 2026-11-20 09:00|2026-11-20 12:00")}, false,
			"operational operational operational operational", "a:resolved"},
		{"resolved later than now", []*source.Incident{inc("a critical web 2026-11-20 09:00|2026-11-20 13:00")}, false,
			"operational operational major_outage major_outage", "a:active"},
		{"incident starting later", []*source.Incident{inc("a critical web 2026-11-20 13:00|-")}, false,
			"operational operational operational operational", "a:upcoming"},
		{"maintenance before start", []*source.Incident{inc("m maintenance api 2026-11-20 13:00|2026-11-20 15:00")}, false,
			"operational operational operational operational", "m:upcoming"},
		{"maintenance inside window", []*source.Incident{inc("m maintenance api 2026-11-20 11:00|2026-11-20 15:00")}, false,
			"under_maintenance operational operational under_maintenance", "m:in_progress"},
		{"maintenance starting now", []*source.Incident{inc("m maintenance api 2026-11-20 12:00|2026-11-20 15:00")}, false,
			"under_maintenance operational operational under_maintenance", "m:in_progress"},
		{"maintenance after end", []*source.Incident{inc("m maintenance api 2026-11-20 09:00|2026-11-20 11:00")}, false,
			"operational operational operational operational", "m:completed"},
		{"maintenance ending now", []*source.Incident{inc("m maintenance api 2026-11-20 09:00|2026-11-20 12:00")}, false,
			"operational operational operational operational", "m:completed"},
		{"maintenance completed early", []*source.Incident{
			func() *source.Incident {
				in := inc("m maintenance api 2026-11-20 09:00|2026-11-20 15:00")
				in.Resolved = at("2026-11-20 10:00")
				return in
			}()}, false,
			"operational operational operational operational", "m:completed"},
		{"worst per component", []*source.Incident{
			inc("a minor api 2026-11-20 09:00|-"),
			inc("b critical api 2026-11-20 10:00|-"),
			inc("c major mail 2026-11-20 10:30|-"),
		}, false,
			"major_outage partial_outage operational major_outage", "c:active b:active a:active"},
		{"outage over maintenance", []*source.Incident{
			inc("m maintenance api,mail 2026-11-20 11:00|2026-11-20 15:00"),
			inc("a major api 2026-11-20 09:00|-"),
			inc("b minor mail 2026-11-20 09:00|-"),
		}, false,
			"partial_outage under_maintenance operational partial_outage", "m:in_progress a:active b:active"},
		{"draft hidden", []*source.Incident{draft(inc("a critical api 2026-11-20 09:00|-"))}, false,
			"operational operational operational operational", ""},
		{"draft shown", []*source.Incident{draft(inc("a critical api 2026-11-20 09:00|-"))}, true,
			"major_outage operational operational major_outage", "a:active"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New(testSite(3), tc.incidents, Options{Now: at(now), Drafts: tc.drafts})
			var got []string
			for _, c := range m.Components {
				got = append(got, string(c.Level))
			}
			got = append(got, string(m.Overall))
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("levels = %s, want %s", g, tc.want)
			}
			var phases []string
			for _, in := range m.Incidents {
				phases = append(phases, in.Slug+":"+string(in.Phase))
			}
			if g := strings.Join(phases, " "); g != tc.phases {
				t.Errorf("phases = %q, want %q", g, tc.phases)
			}
			if m.Groups[0].Level != m.Components[0].Level.Worse(m.Components[1].Level) {
				t.Errorf("group Platform = %s, want the worse of api and mail", m.Groups[0].Level)
			}
		})
	}
}

func TestLists(t *testing.T) {
	m := New(testSite(3), []*source.Incident{
		inc("old-minor minor api 2026-11-20 08:00|-"),
		inc("new-minor minor api 2026-11-20 09:00|-"),
		inc("critical critical web 2026-11-20 07:00|-"),
		inc("done major mail 2026-11-19 07:00|2026-11-19 08:00"),
		inc("m-later maintenance api 2026-11-22 01:00|2026-11-22 03:00"),
		inc("m-soon maintenance api 2026-11-21 01:00|2026-11-21 03:00"),
		inc("m-long maintenance web 2026-11-20 11:30|2026-11-20 18:00"),
		inc("m-short maintenance mail 2026-11-20 11:00|2026-11-20 13:00"),
		inc("m-open maintenance mail 2026-11-20 09:30|-"),
	}, Options{Now: at("2026-11-20 12:00")})
	slugs := func(list []*Incident) string {
		var s []string
		for _, in := range list {
			s = append(s, in.Slug)
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct{ name, got, want string }{
		{"incidents", slugs(m.Incidents), "m-later m-soon m-long m-short m-open new-minor old-minor critical done"},
		{"active (worst, then newest)", slugs(m.Active), "critical new-minor old-minor"},
		{"upcoming (soonest first)", slugs(m.Upcoming), "m-soon m-later"},
		{"ongoing (soonest end first)", slugs(m.Ongoing), "m-short m-long m-open"},
		{"api incidents (newest first)", slugs(m.Components[0].Incidents), "m-later m-soon new-minor old-minor"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestState(t *testing.T) {
	const now = "2026-11-20 12:00"
	for _, tc := range []struct {
		in        *source.Incident
		state     source.Status
		etaGiven  string
		etaPassed bool
	}{
		{inc("a major api 2026-11-20 09:00|-", "2026-11-20 10:05 identified", "2026-11-20 09:20 investigating"),
			source.Identified, "2026-11-20 10:05", false},
		{inc("a major api 2026-11-20 09:00|-"), source.Investigating, "2026-11-20 09:00", false},
		{inc("a major api 2026-11-20 09:00|2026-11-20 11:00"), source.Resolved, "2026-11-20 09:00", false},
		{inc("a major api 2026-11-20 09:00|2026-11-20 11:00", "2026-11-20 11:00 resolved", "2026-11-20 09:20 monitoring"),
			source.Resolved, "2026-11-20 11:00", false},
		{inc("m maintenance api 2026-11-20 13:00|2026-11-20 15:00"), source.Scheduled, "2026-11-20 13:00", false},
		{inc("m maintenance api 2026-11-20 11:00|2026-11-20 15:00"), source.InProgress, "2026-11-20 11:00", false},
		{inc("m maintenance api 2026-11-20 09:00|2026-11-20 11:00"), source.Completed, "2026-11-20 09:00", false},
		{inc("m maintenance api 2026-11-20 09:00|2026-11-20 11:00", "2026-11-20 09:00 in-progress"), source.InProgress, "2026-11-20 09:00", false},
		{func() *source.Incident {
			in := inc("a major api 2026-11-20 09:00|-", "2026-11-20 09:30 identified")
			in.ETA = at("2026-11-20 11:00")
			return in
		}(), source.Identified, "2026-11-20 09:30", true},
	} {
		m := New(testSite(3), []*source.Incident{tc.in}, Options{Now: at(now)})
		got := m.Incidents[0]
		if got.State() != tc.state || !got.ETAGiven().Equal(at(tc.etaGiven)) || got.ETAPassed != tc.etaPassed {
			t.Errorf("%s %v: state %s, eta given %v, passed %t; want %s, %s, %t",
				tc.in.Slug, got.Phase, got.State(), got.ETAGiven().In(tokyo), got.ETAPassed, tc.state, tc.etaGiven, tc.etaPassed)
		}
		if tc.in.Updates != nil && got.Latest() != &tc.in.Updates[0] {
			t.Errorf("%s: Latest is not the newest update", tc.in.Slug)
		}
	}
}

func TestDuration(t *testing.T) {
	m := New(testSite(3), []*source.Incident{
		inc("open major api 2026-11-20 09:00|-"),
		inc("closed major api 2026-11-19 09:00|2026-11-19 10:30"),
	}, Options{Now: at("2026-11-20 12:00")})
	for i, want := range []time.Duration{3 * time.Hour, 90 * time.Minute} {
		if got := m.Incidents[i].Duration; got != want {
			t.Errorf("%s: duration %v, want %v", m.Incidents[i].Slug, got, want)
		}
	}
}

// TestUptime checks the daily history over three days, the last one
// (today) 12 hours long at "now" while an incident is open on it, else a
// whole day (so that a quiet day's percentages do not move with the
// clock). Downtime lists each day's weighted
// downtime in minutes.
func TestUptime(t *testing.T) {
	const now = "2026-11-20 12:00"
	for _, tc := range []struct {
		name      string
		incidents []*source.Incident
		downtime  [3]float64 // minutes, per day, for api
		levels    [3]Level
		counts    [3]int
	}{
		{"none", nil, [3]float64{}, [3]Level{Operational, Operational, Operational}, [3]int{}},
		{"critical counts fully",
			[]*source.Incident{inc("a critical api 2026-11-19 10:00|2026-11-19 12:00")},
			[3]float64{0, 120, 0}, [3]Level{Operational, MajorOutage, Operational}, [3]int{0, 1, 0}},
		{"major counts 30%",
			[]*source.Incident{inc("a major api 2026-11-19 10:00|2026-11-19 20:00")},
			[3]float64{0, 180, 0}, [3]Level{Operational, Partial, Operational}, [3]int{0, 1, 0}},
		{"minor and maintenance count nothing",
			[]*source.Incident{
				inc("a minor api 2026-11-18 10:00|2026-11-18 20:00"),
				inc("m maintenance api 2026-11-19 01:00|2026-11-19 05:00"),
			},
			[3]float64{0, 0, 0}, [3]Level{Degraded, Maintenance, Operational}, [3]int{1, 1, 0}},
		{"overlap counted once at the highest weight",
			[]*source.Incident{
				inc("a critical api 2026-11-19 10:00|2026-11-19 12:00"),
				inc("b major api 2026-11-19 11:00|2026-11-19 14:00"),
				inc("c critical api 2026-11-19 11:30|2026-11-19 12:30"),
			},
			// 10:00-12:30 critical (150), 12:30-14:00 major (90 * 0.3 = 27)
			[3]float64{0, 177, 0}, [3]Level{Operational, MajorOutage, Operational}, [3]int{0, 3, 0}},
		{"minor inside critical changes nothing",
			[]*source.Incident{
				inc("a critical api 2026-11-19 10:00|2026-11-19 12:00"),
				inc("b minor api 2026-11-19 09:00|2026-11-19 13:00"),
			},
			[3]float64{0, 120, 0}, [3]Level{Operational, MajorOutage, Operational}, [3]int{0, 2, 0}},
		{"days split at midnight in the site zone",
			[]*source.Incident{inc("a critical api 2026-11-18 23:00|2026-11-19 01:00")},
			[3]float64{60, 60, 0}, [3]Level{MajorOutage, MajorOutage, Operational}, [3]int{1, 1, 0}},
		{"ongoing: today counts until now",
			[]*source.Incident{inc("a critical api 2026-11-20 06:00|-")},
			[3]float64{0, 0, 360}, [3]Level{Operational, Operational, MajorOutage}, [3]int{0, 0, 1}},
		{"ongoing since before the window",
			[]*source.Incident{inc("a critical api 2026-11-10 06:00|-")},
			[3]float64{1440, 1440, 720}, [3]Level{MajorOutage, MajorOutage, MajorOutage}, [3]int{1, 1, 1}},
		{"resolved in the future (by -now) counts until now",
			[]*source.Incident{inc("a critical api 2026-11-20 11:00|2026-11-20 18:00")},
			[3]float64{0, 0, 60}, [3]Level{Operational, Operational, MajorOutage}, [3]int{0, 0, 1}},
		{"future incident and other components ignored",
			[]*source.Incident{
				inc("a critical api 2026-11-20 13:00|-"),
				inc("b critical web 2026-11-19 10:00|2026-11-19 12:00"),
			},
			[3]float64{0, 0, 0}, [3]Level{Operational, Operational, Operational}, [3]int{0, 0, 0}},
		{"drafts ignored",
			[]*source.Incident{draft(inc("a critical api 2026-11-19 10:00|2026-11-19 12:00"))},
			[3]float64{0, 0, 0}, [3]Level{Operational, Operational, Operational}, [3]int{0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := New(testSite(3), tc.incidents, Options{Now: at(now)})
			api := m.Components[0]
			if len(api.Days) != 3 {
				t.Fatalf("%d days, want 3", len(api.Days))
			}
			lengths := [3]float64{1440, 1440, 1440}
			if tc.downtime[2] > 0 { // in these cases only an open incident is down today
				lengths[2] = 720
			}
			var down float64
			for i, d := range api.Days {
				if want := at("2026-11-18 00:00").AddDate(0, 0, i); !d.Start.Equal(want) || d.Start.Location() != tokyo {
					t.Errorf("day %d starts %v, want %v in the site zone", i, d.Start, want)
				}
				if got := d.Downtime.Minutes(); !near(got, tc.downtime[i]) {
					t.Errorf("day %d: downtime %v min, want %v", i, got, tc.downtime[i])
				}
				if want := 100 * (1 - tc.downtime[i]/lengths[i]); !near(d.Uptime, want) {
					t.Errorf("day %d: uptime %v%%, want %v%%", i, d.Uptime, want)
				}
				if d.Level != tc.levels[i] || d.Count != tc.counts[i] {
					t.Errorf("day %d: level %s count %d, want %s %d", i, d.Level, d.Count, tc.levels[i], tc.counts[i])
				}
				down += tc.downtime[i]
			}
			if want := 100 * (1 - down/(lengths[0]+lengths[1]+lengths[2])); !near(api.Uptime, want) {
				t.Errorf("uptime %v%%, want %v%%", api.Uptime, want)
			}
		})
	}
}

// TestUptimeDST checks that a day is a calendar day of the site zone, 23
// or 25 hours long around a clock change.
func TestUptimeDST(t *testing.T) {
	ny := mustZone("America/New_York")
	site := testSite(2)
	site.Location = ny
	now := time.Date(2026, 11, 2, 0, 0, 0, 0, ny) // midnight after the 25-hour Nov 1
	in := inc("a critical api 2026-11-20 09:00|-")
	in.Started = time.Date(2026, 11, 1, 0, 0, 0, 0, ny)
	in.Resolved = now
	m := New(site, []*source.Incident{in}, Options{Now: now})
	d := m.Components[0].Days[0]
	if d.Downtime != 25*time.Hour || !near(d.Uptime, 0) {
		t.Errorf("Nov 1 in New York: downtime %v, uptime %v%%; want 25h, 0%%", d.Downtime, d.Uptime)
	}
	if today := m.Components[0].Days[1]; today.Uptime != 100 || today.Downtime != 0 {
		t.Errorf("today, zero hours long: %+v", today)
	}
}

func TestWeight(t *testing.T) {
	for s, want := range map[source.Severity]float64{
		source.Critical: 1, source.Major: 0.3, source.Minor: 0, source.Maintenance: 0,
	} {
		if got := Weight(s); got != want {
			t.Errorf("Weight(%s) = %v, want %v", s, got, want)
		}
	}
}

func TestLevelOrder(t *testing.T) {
	order := []Level{Operational, Degraded, Maintenance, Partial, MajorOutage}
	for i := 1; i < len(order); i++ {
		if order[i].Worse(order[i-1]) != order[i] || order[i-1].Worse(order[i]) != order[i] {
			t.Errorf("%s should be worse than %s", order[i], order[i-1])
		}
	}
	for s, want := range map[source.Severity]Level{
		source.Minor: Degraded, source.Major: Partial, source.Critical: MajorOutage, source.Maintenance: Maintenance,
	} {
		if got := LevelOf(s); got != want {
			t.Errorf("LevelOf(%s) = %s, want %s", s, got, want)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// TestIncidentDependsOnItsFileAndClockOnly guards what Stamp assumes: an
// incident's derived fields are the same whatever other incidents the
// site has, so pages keyed on stamps can be reused.
func TestIncidentDependsOnItsFileAndClockOnly(t *testing.T) {
	now := Options{Now: at("2026-11-20 12:00")}
	subjects := []*source.Incident{
		inc("open major api 2026-11-20 09:00|-", "2026-11-20 10:00 identified"),
		inc("done minor web 2026-11-19 09:00|2026-11-19 10:00"),
		inc("window maintenance mail 2026-11-20 11:00|2026-11-20 13:00"),
		inc("later maintenance api 2026-11-22 11:00|2026-11-22 13:00"),
	}
	others := []*source.Incident{
		inc("other critical api,mail,web 2026-11-20 08:00|-"),
		inc("older major web 2026-10-01 08:00|2026-10-01 09:00"),
	}
	alone := New(testSite(90), subjects, now)
	crowd := New(testSite(90), append(others, subjects...), now)
	find := func(m *Model, slug string) Incident {
		for _, in := range m.Incidents {
			if in.Slug == slug {
				return *in
			}
		}
		t.Fatalf("%s missing", slug)
		return Incident{}
	}
	for _, s := range subjects {
		if a, c := find(alone, s.Slug), find(crowd, s.Slug); !reflect.DeepEqual(a, c) {
			t.Errorf("%s: %+v alone, %+v among others", s.Slug, a, c)
		}
	}
}
