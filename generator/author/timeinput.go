package author

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
)

// TimeExamples lists the accepted forms of a time on the command line; it
// ends every error about a time the user typed.
const TimeExamples = "use a duration like 90m or 2h, a clock time like 15:00 or 15時, a day and time like tomorrow 10:00 or 明日 10:00, a date and time like 2026-11-20 15:00 or 2026年11月20日 15:00, or RFC 3339 like 2026-11-20T15:00:00+09:00"

// Time is a time a person typed, as it was read.
type Time struct {
	time.Time
	// Tomorrow is set when a bare clock time had already passed today and
	// was taken as tomorrow; the summary says so.
	Tomorrow bool
	// Clock is set when only a clock time was typed, no day or date.
	Clock bool
	// Input is what was typed.
	Input string
}

// clockPattern reads what is left once full-width characters are made
// ASCII: an optional day (a word or a date), then a clock time written
// 15:04[:05], 15時[30分] or 15時半.
var clockPattern = regexp.MustCompile(`(?i)^(?:(today|tomorrow|yesterday|今日|本日|明日|昨日)|(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?|(\d{1,2})月(\d{1,2})日)?(?:[ T]+)?(?:(\d{1,2}):(\d{2})(?::(\d{2}))?|(\d{1,2})時(?:(\d{1,2})分|(半))?)$`)

// jaDuration reads "30分後", "2時間後", "1時間30分前" (after normalising).
var jaDuration = regexp.MustCompile(`^(?:(\d+)時間)?(?:(\d+)分)?(後|前)$`)

// ParseTime reads a time typed by a person for something ahead: an ETA, a
// next update, a maintenance window. A duration counts from now; a clock
// time alone is today in loc, or tomorrow when it has already passed today
// (and then the result says so); a day word or a date fixes the day. The
// result is in loc. Times in the past are not refused here: the caller
// knows whether one can be meant.
func ParseTime(s string, now time.Time, loc *time.Location) (Time, error) {
	return parseTime(s, now, loc, true)
}

// ParseAt reads the time of an update that already happened: a duration
// counts back from now ("15m" is fifteen minutes ago) and a clock time
// alone is today in loc. A time later than now is refused, saying why: an
// update cannot be dated in the future, and "14:06" never silently means
// yesterday (write "yesterday 14:06" or "昨日 14:06" for that).
func ParseAt(s string, now time.Time, loc *time.Location) (time.Time, error) {
	t, err := parseTime(s, now, loc, false)
	if err != nil {
		return time.Time{}, err
	}
	// A minute's grace: "14:06" typed at 14:06:30 is now.
	if t.After(now.Add(59 * time.Second)) {
		if !t.Clock {
			// "tomorrow 10:00" or a date: "yesterday" would not be what was meant.
			return time.Time{}, diag.Errorf("%q is %s, which is later than now (%s): an update cannot be dated in the future",
				s, t.In(loc).Format("2006-01-02 15:04"), now.In(loc).Format("2006-01-02 15:04"))
		}
		return time.Time{}, diag.Errorf("%q is %s, which is later than now (%s): an update cannot be dated in the future; for yesterday, write yesterday %s",
			s, t.In(loc).Format("2006-01-02 15:04"), now.In(loc).Format("2006-01-02 15:04"), t.In(loc).Format("15:04"))
	}
	return t.Time, nil
}

func parseTime(input string, now time.Time, loc *time.Location, ahead bool) (Time, error) {
	s := normaliseTime(input)
	now = now.In(loc)
	out := Time{Input: input}
	if s == "" {
		return out, diag.Errorf("empty time: %s", diag.Word(TimeExamples))
	}
	if d, err := time.ParseDuration(strings.ToLower(s)); err == nil {
		if d <= 0 {
			return out, diag.Errorf("invalid time %q: a duration must be positive; %s", input, diag.Word(TimeExamples))
		}
		if !ahead {
			d = -d
		}
		out.Time = now.Add(d)
		return out, nil
	}
	if m := jaDuration.FindStringSubmatch(s); m != nil && (m[1] != "" || m[2] != "") {
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		d := time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute
		if d <= 0 || h > 24*366 || (m[3] == "後") != ahead {
			return out, diag.Errorf("invalid time %q: %s", input, diag.Word(TimeExamples))
		}
		if !ahead {
			d = -d
		}
		out.Time = now.Add(d)
		return out, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		out.Time = t.In(loc)
		return out, nil
	}
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return out, diag.Errorf("invalid time %q: %s", input, diag.Word(TimeExamples))
	}
	num := func(i int) int { n, _ := strconv.Atoi(m[i]); return n }
	hour, min, sec := num(7), num(8), num(9)
	if m[10] != "" {
		hour, min, sec = num(10), num(11), 0
		if m[12] != "" {
			min = 30
		}
	}
	if hour > 23 || min > 59 || sec > 59 {
		return out, diag.Errorf("invalid time %q: the hour must be 0 to 23 and the minutes 0 to 59; %s", input, diag.Word(TimeExamples))
	}
	y, mo, d := now.Date()
	dated := true
	switch {
	case m[1] != "":
		switch strings.ToLower(m[1]) {
		case "tomorrow", "明日":
			d++
		case "yesterday", "昨日":
			d--
		}
	case m[2] != "":
		y, mo, d = num(2), time.Month(num(3)), num(4)
	case m[5] != "":
		mo, d = time.Month(num(5)), num(6)
	default:
		dated = false
		out.Clock = true
	}
	t := time.Date(y, mo, d, hour, min, sec, 0, loc)
	if (m[2] != "" || m[5] != "") && (t.Month() != mo || t.Day() != d) {
		return out, diag.Errorf("invalid time %q: there is no such date; %s", input, diag.Word(TimeExamples))
	}
	if !dated && ahead && !t.After(now) {
		t = time.Date(y, mo, d+1, hour, min, sec, 0, loc)
		out.Tomorrow = true
	}
	out.Time = t
	return out, nil
}

// normaliseTime makes full-width digits, letters and signs ASCII (what a
// Japanese input method types: "１５：００"), the ideographic space a
// space, and runs of spaces one, so that one pattern reads every form.
func normaliseTime(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == '\u3000':
			r = ' '
		}
		b.WriteRune(r)
	}
	t := strings.Join(strings.Fields(b.String()), " ")
	// "今日15:00" and "今日 15:00" are the same; so are "15 時" and "15時".
	t = strings.ReplaceAll(t, " 時", "時")
	t = strings.ReplaceAll(t, "時 ", "時")
	t = strings.ReplaceAll(t, " 分", "分")
	return t
}

// tomlTime formats t as a TOML offset datetime in loc, to the second. An
// offset with seconds (local mean time, before time zones existed) cannot
// be written in TOML; such a time is written in UTC, the same instant.
func tomlTime(t time.Time, loc *time.Location) string {
	t = toSecond(t, loc)
	if _, off := t.Zone(); off%60 != 0 {
		t = t.UTC()
	}
	return t.Format("2006-01-02T15:04:05Z07:00")
}

// headingTime formats t as an update heading's date and time in loc, with
// seconds only when they are not zero (PLAN decision 1: a heading without
// seconds keeps its old feed ID).
func headingTime(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if t.Second() != 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// toMinute drops the seconds of t as read in loc. Unlike Truncate, which
// counts from the zero time in UTC, it keeps the minute a person sees,
// also in zones with an offset of seconds and for any year.
func toMinute(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return t.Add(-time.Duration(t.Second())*time.Second - time.Duration(t.Nanosecond()))
}

// toSecond drops the fraction of a second of t, in loc.
func toSecond(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return t.Add(-time.Duration(t.Nanosecond()))
}
