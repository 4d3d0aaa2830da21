package author

import (
	"fmt"
	"strings"
	"time"
)

// TimeExamples lists the accepted forms of a time on the command line; it
// ends every error about a time the user typed.
const TimeExamples = "use a duration like 90m or 2h, a clock time like 15:00, a date and time like 2026-11-20 15:00, or RFC 3339 like 2026-11-20T15:00:00+09:00"

// localLayouts are dates with a time of day, read in the site zone.
var localLayouts = []string{
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
}

// ParseTime reads a time typed by a person for something ahead: an ETA, a
// next update, a maintenance window. A duration counts from now, a clock
// time is the next such time in loc, a date and time without an offset is
// read in loc. The result is in loc.
func ParseTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseTime(s, now, loc, true)
}

// ParseAt reads the time of an update that already happened: a duration
// counts back from now ("15m" is fifteen minutes ago) and a clock time is
// the latest such time not after now. Other forms are read as in
// ParseTime.
func ParseAt(s string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseTime(s, now, loc, false)
}

func parseTime(input string, now time.Time, loc *time.Location, ahead bool) (time.Time, error) {
	s := strings.TrimSpace(input)
	now = now.In(loc)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time: %s", TimeExamples)
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, fmt.Errorf("invalid time %q: a duration must be positive; %s", input, TimeExamples)
		}
		if !ahead {
			d = -d
		}
		return now.Add(d), nil
	}
	if c, err := time.Parse("15:04", s); err == nil && len(s) >= 4 {
		return clockTime(c, now, loc, ahead), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid time %q: %s", input, TimeExamples)
}

// clockTime places the clock time c on the day of now, moving it a day
// forward (ahead) or back so that it lies after now, or not after now.
func clockTime(c, now time.Time, loc *time.Location, ahead bool) time.Time {
	y, m, d := now.Date()
	t := time.Date(y, m, d, c.Hour(), c.Minute(), 0, 0, loc)
	switch {
	case ahead && !t.After(now):
		t = time.Date(y, m, d+1, c.Hour(), c.Minute(), 0, 0, loc)
	case !ahead && t.After(now):
		t = time.Date(y, m, d-1, c.Hour(), c.Minute(), 0, 0, loc)
	}
	return t
}

// tomlTime formats t as a TOML offset datetime in loc, to the minute.
func tomlTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Truncate(time.Minute).Format("2006-01-02T15:04:05Z07:00")
}

// headingTime formats t as an update heading's date and time in loc.
func headingTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04")
}
