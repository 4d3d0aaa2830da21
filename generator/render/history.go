package render

import (
	"time"

	"github.com/statuspress/statuspress/generator/status"
)

// historyCount is the number of history pages of n incidents: one at
// least, which says there are none.
func historyCount(n int) int { return max(1, (n+perHistoryPage-1)/perHistoryPage) }

// historyRun is where the incidents of history page number n lie in
// the model's list of n incidents.
func historyRun(number, n int) (lo, hi int) {
	return min((number-1)*perHistoryPage, n), min(number*perHistoryPage, n)
}

// historyPage is history page number of count, showing incidents (newest
// first) grouped by month in the site's zone.
func historyPage(incidents []*status.Incident, number, count int, loc *time.Location) *HistoryPage {
	hp := &HistoryPage{Number: number, Count: count, Path: historyPath(number)}
	if number > 1 {
		hp.Newer = historyPath(number - 1)
	}
	if number < count {
		hp.Older = historyPath(number + 1)
	}
	for _, in := range incidents {
		y, mo, _ := in.Started.In(loc).Date()
		start := time.Date(y, mo, 1, 0, 0, 0, 0, loc)
		if n := len(hp.Months); n == 0 || !hp.Months[n-1].Start.Equal(start) {
			hp.Months = append(hp.Months, Month{Start: start})
		}
		last := &hp.Months[len(hp.Months)-1]
		last.Incidents = append(last.Incidents, in)
	}
	return hp
}
