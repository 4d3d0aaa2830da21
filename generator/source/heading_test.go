package source

import (
	"fmt"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
)

// TestHeadingTime: a heading without an offset gives the time
// time.ParseInLocation gives, in the site's zone, across a change of
// daylight saving time too.
func TestHeadingTime(t *testing.T) {
	for _, zone := range []string{"Asia/Tokyo", "Europe/Berlin", "America/New_York", "UTC"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skip(err)
		}
		for _, h := range []string{"2026-11-20 09:05", "2026-03-29 02:30", "2026-10-25 02:30:15", "2026-03-08 02:00", "2024-02-29 23:59:59", "0001-01-01 00:00"} {
			var diags diag.List
			u, ok := parseHeading("## "+h+" investigating", diag.Pos{File: "x.md", Line: 9, Col: 1}, loc, false, nil, &diags)
			layout := "2006-01-02 15:04"
			if len(h) > 16 {
				layout += ":05"
			}
			want, err := time.ParseInLocation(layout, h, loc)
			if !ok || err != nil || !u.At.Equal(want) || u.At.Location() != want.Location() || u.At.Format(time.RFC3339) != want.Format(time.RFC3339) {
				t.Errorf("%s in %s: %v (%v), want %v (%v)", h, zone, u.At, diags, want, err)
			}
		}
	}
}

// TestPlainDateAndClock checks that what plainDate and plainClock take
// without time.Parse, time.Parse takes too, over every month and day
// and every hour, minute and second, and some shapes around them.
func TestPlainDateAndClock(t *testing.T) {
	var dates, clocks []string
	for _, y := range []string{"0000", "1999", "2024", "2026", "9999"} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				dates = append(dates, fmt.Sprintf("%s-%02d-%02d", y, m, d))
			}
		}
	}
	dates = append(dates, "2026-1-20", "2026-11-2", "2026/11/20", "20261-11-20", "2026-11-20x", "", "+026-11-20", "2026-1a-20")
	for h := 0; h <= 25; h++ {
		for m := 0; m <= 61; m++ {
			clocks = append(clocks, fmt.Sprintf("%02d:%02d", h, m), fmt.Sprintf("%02d:%02d:%02d", h, m, m), fmt.Sprintf("%02d:%02d:60", h, m))
		}
	}
	clocks = append(clocks, "9:05", "09:5", "09-05", "09:05:1", "0905", "", "09:05:", "+9:05", "09:+5")
	for _, s := range dates {
		_, err := time.Parse("2006-01-02", s)
		if plainDate(s) && err != nil {
			t.Errorf("plainDate(%q) but time.Parse: %v", s, err)
		}
	}
	for _, s := range clocks {
		layout := "15:04"
		if len(s) == 8 {
			layout = "15:04:05"
		}
		_, err := time.Parse(layout, s)
		if plainClock(s) && err != nil {
			t.Errorf("plainClock(%q) but time.Parse: %v", s, err)
		}
	}
}
