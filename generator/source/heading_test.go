package source

import (
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
