package render

import (
	"os"
	"reflect"
	"testing"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/status"
)

// TestDayViews: the days of every component of a synthetic site list
// the incidents that touch each, as a look at every day for every
// incident finds them, and daysShown with an earlier list of the
// component finds what it finds without one.
func TestDayViews(t *testing.T) {
	dir := t.TempDir()
	sitetest.Synthetic(t, dir, 2000)
	m, _ := sitetest.LoadModel(t, os.DirFS(dir), sitetest.Now())
	touched := 0
	for _, c := range m.Components {
		shown := shownIn(c, shownDays{}).shown
		got := dayViews(c, shown)
		want := make([]DayView, len(c.Days))
		for i := range want {
			d := c.Days[len(c.Days)-1-i]
			want[i] = DayView{Day: d, Anchor: dayAnchor(d.Start)}
			next := d.Start.AddDate(0, 0, 1)
			for _, in := range c.Incidents {
				end, ok := inDays(in, c.Days[0].Start, c.Days[len(c.Days)-1].Start.AddDate(0, 0, 1))
				if ok && in.Started.Before(next) && end.After(d.Start) {
					want[i].Incidents = append(want[i].Incidents, in)
					touched++
				}
			}
		}
		if want = quietRuns(want); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: days\n%v\nwant\n%v", c.ID, got, want)
		}
		// An earlier list: without every third incident, and with one
		// of another component.
		var older []*status.Incident
		for i, in := range c.Incidents {
			if i%3 != 0 {
				older = append(older, in)
			}
		}
		other := m.Components[(len(m.Components)-1)%len(m.Components)].Incidents
		older = append(older, other[len(other)/2])
		old := shownIn(&status.Component{Incidents: older, Days: c.Days}, shownDays{})
		if again := shownIn(c, old).shown; !reflect.DeepEqual(again, shown) {
			t.Errorf("%s: shown from an earlier list %d incidents, want %d", c.ID, len(again), len(shown))
		}
	}
	if touched == 0 {
		t.Error("no day shows an incident")
	}
}
