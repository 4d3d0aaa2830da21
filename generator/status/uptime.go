package status

import (
	"slices"
	"sort"
	"time"

	"github.com/statuspress/statuspress/generator/source"
)

// Weight is the share of an incident's time that counts as downtime:
// critical time fully, major time 30%, minor time and maintenance not at
// all. The pages state this rule next to the bars.
func Weight(s source.Severity) float64 {
	switch s {
	case source.Critical:
		return 1
	case source.Major:
		return 0.3
	}
	return 0
}

// Day is one day of a component's history, in the site's zone.
type Day struct {
	Start    time.Time
	Downtime time.Duration // weighted
	Uptime   float64       // percent of the day so far
	Level    Level         // the worst level seen that day
	Count    int           // incidents and maintenance touching the day
}

// dayStarts returns the midnights of the history window, oldest first;
// the last one is today.
func (m *Model) dayStarts() []time.Time {
	n := m.Site.HistoryDays
	y, mo, d := m.Now.Date()
	out := make([]time.Time, n)
	for i := range n {
		out[i] = time.Date(y, mo, d-(n-1-i), 0, 0, 0, 0, m.Now.Location())
	}
	return out
}

// counts reports whether in can count in a history of days up to now:
// only incidents that overlap the window matter, and a cancelled
// maintenance never happened.
func counts(in *Incident, days []time.Time, now time.Time) bool {
	var first time.Time
	if len(days) > 0 {
		first = days[0]
	}
	return (in.End.IsZero() || in.End.After(first)) && in.Started.Before(now) && !in.Cancelled
}

type span struct {
	from, to time.Time
	weight   float64
}

// uptime computes the daily history of component id from its incidents
// (newest first) and the overall percentage over the window. Each stretch
// of an incident counts with the severity it had then, and only while id
// was in its scope.
//
// When prev is not nil it is the history under the same days and now of
// a list that differs from incidents by changed alone: each day is the
// work of the incidents that touch it, so only the days changed touch,
// and today (whose length moves with the clock), are worked out again.
// After an edit to one incident, a component with thousands open sums
// their overlapping time on a day or two instead of on every day.
func uptime(id string, incidents []*Incident, days []time.Time, now time.Time, prev []Day, changed []*Incident) ([]Day, float64) {
	out := make([]Day, len(days))
	type acc struct {
		spans []span
		open  bool
		last  int // 1 + the index of the last incident counted
	}
	accs := make([]acc, len(days))
	for i, start := range days {
		out[i] = Day{Start: start, Level: Operational, Uptime: 100}
	}
	// Today counts until now while an incident is still open (its
	// downtime grows with the clock anyway), else as a whole day: the
	// percentages of a quiet day then do not move with each build.
	ends := make([]time.Time, len(days)) // of each day, or now
	for i, start := range days {
		ends[i] = minTime(start.AddDate(0, 0, 1), now)
	}
	// run returns the days a stretch overlaps: those ending after from
	// and starting before to (now while it lasts).
	var one [1]Period
	run := func(p Period) (lo, hi int, to time.Time, still bool) {
		from := p.From
		to = p.To
		still = to.IsZero() || to.After(now)
		if still {
			to = now
		}
		lo = sort.Search(len(days), func(i int) bool { return ends[i].After(from) })
		for hi = lo; hi < len(days) && to.After(days[hi]); hi++ {
		}
		return lo, hi, to, still
	}
	var redo []bool     // nil: every day
	var since time.Time // the first day to redo: an incident ended by then (its stretches end by its end) touches none
	if prev != nil {
		redo = make([]bool, len(days))
		if len(days) > 0 {
			redo[len(days)-1] = true
		}
		for _, in := range changed {
			if !counts(in, days, now) {
				continue
			}
			for _, p := range in.periodsIn(&one) {
				lo, hi, _, _ := run(p)
				for i := lo; i < hi; i++ {
					redo[i] = true
				}
			}
		}
		if i := slices.Index(redo, true); i >= 0 {
			since = days[i]
		}
	}
	for k, in := range incidents {
		if !counts(in, days, now) || !since.IsZero() && !in.End.IsZero() && !in.End.After(since) {
			continue
		}
		for _, p := range in.periodsIn(&one) {
			if !p.Has(id) {
				continue
			}
			lo, hi, to, still := run(p)
			for i := lo; i < hi; i++ {
				if redo != nil && !redo[i] {
					continue
				}
				day, a := &out[i], &accs[i]
				if a.last != k+1 {
					a.last = k + 1
					day.Count++
				}
				a.open = a.open || still
				day.Level = day.Level.Worse(LevelOf(p.Severity))
				if w := Weight(p.Severity); w > 0 {
					a.spans = append(a.spans, span{maxTime(p.From, days[i]), minTime(to, ends[i]), w})
				}
			}
		}
	}
	var total, down time.Duration
	for i, start := range days {
		if redo != nil && !redo[i] {
			// A day before today is whole: its end is not now.
			out[i] = prev[i]
			total += start.AddDate(0, 0, 1).Sub(start)
			down += out[i].Downtime
			continue
		}
		end := ends[i]
		if !accs[i].open {
			end = start.AddDate(0, 0, 1)
		}
		if end.After(start) {
			d := weighted(accs[i].spans)
			length := end.Sub(start)
			out[i].Downtime = d
			out[i].Uptime = 100 * (1 - float64(d)/float64(length))
			total += length
			down += d
		}
	}
	if total == 0 {
		return out, 100
	}
	return out, 100 * (1 - float64(down)/float64(total))
}

// weighted sums the spans' time, counting overlapping time once at the
// highest weight present.
func weighted(spans []span) time.Duration {
	if len(spans) == 0 {
		return 0
	}
	var cuts []time.Time
	for _, s := range spans {
		cuts = append(cuts, s.from, s.to)
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].Before(cuts[j]) })
	var sum float64
	for i := 1; i < len(cuts); i++ {
		a, b := cuts[i-1], cuts[i]
		if !b.After(a) {
			continue
		}
		w := 0.0
		for _, s := range spans {
			if !s.from.After(a) && !s.to.Before(b) && s.weight > w {
				w = s.weight
			}
		}
		sum += w * float64(b.Sub(a))
	}
	return time.Duration(sum)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
