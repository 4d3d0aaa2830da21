package author

import (
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 10, 5, 30, 0, tokyo)
	for _, tc := range []struct {
		in, ahead, past string // want, as RFC 3339 in Tokyo; "" means an error
	}{
		{"90m", "2026-11-20T11:35:30+09:00", "2026-11-20T08:35:30+09:00"},
		{"2h", "2026-11-20T12:05:30+09:00", "2026-11-20T08:05:30+09:00"},
		{"1h30m", "2026-11-20T11:35:30+09:00", "2026-11-20T08:35:30+09:00"},
		{"15:00", "2026-11-20T15:00:00+09:00", "2026-11-19T15:00:00+09:00"},
		{"09:00", "2026-11-21T09:00:00+09:00", "2026-11-20T09:00:00+09:00"},
		{"9:30", "2026-11-21T09:30:00+09:00", "2026-11-20T09:30:00+09:00"},
		{"10:05", "2026-11-21T10:05:00+09:00", "2026-11-20T10:05:00+09:00"},
		{"2026-11-20 15:00", "2026-11-20T15:00:00+09:00", "2026-11-20T15:00:00+09:00"},
		{"2026-11-20T15:00", "2026-11-20T15:00:00+09:00", "2026-11-20T15:00:00+09:00"},
		{" 2026-11-20 15:00:00 ", "2026-11-20T15:00:00+09:00", "2026-11-20T15:00:00+09:00"},
		{"2026-11-20T06:00:00Z", "2026-11-20T15:00:00+09:00", "2026-11-20T15:00:00+09:00"},
		{"2026-11-20T15:00:00+09:00", "2026-11-20T15:00:00+09:00", "2026-11-20T15:00:00+09:00"},
		{"", "", ""},
		{"-30m", "", ""},
		{"0m", "", ""},
		{"tomorrow", "", ""},
		{"25:00", "", ""},
		{"2026-11-31 10:00", "", ""},
		{"15時", "", ""},
	} {
		for _, dir := range []struct {
			name  string
			parse func(string, time.Time, *time.Location) (time.Time, error)
			want  string
		}{{"ParseTime", ParseTime, tc.ahead}, {"ParseAt", ParseAt, tc.past}} {
			got, err := dir.parse(tc.in, now, tokyo)
			if dir.want == "" {
				if err == nil {
					t.Errorf("%s(%q) = %v, want an error", dir.name, tc.in, got)
				} else if !strings.Contains(err.Error(), "like 90m") || !strings.Contains(err.Error(), "2026-11-20 15:00") {
					t.Errorf("%s(%q): error %q shows no accepted example", dir.name, tc.in, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s(%q): %v", dir.name, tc.in, err)
				continue
			}
			if s := got.Format(time.RFC3339); s != dir.want {
				t.Errorf("%s(%q) = %s, want %s", dir.name, tc.in, s, dir.want)
			}
		}
	}
}

// TestParseTimeDST checks that "the next 02:30" skips a day in a zone
// with daylight saving time without drifting an hour.
func TestParseTimeDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 1, 3, 0, 0, 0, ny) // the day summer time ends
	got, err := ParseTime("02:30", now, ny)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 2, 2, 30, 0, 0, ny); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSlug(t *testing.T) {
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ title, want string }{
		{"Email delivery delayed", "2026-11-20-email-delivery-delayed"},
		{"  API: 503 errors (EU)!  ", "2026-11-20-api-503-errors-eu"},
		{"Sign-in -- failing", "2026-11-20-sign-in-failing"},
		{"メール配信の遅延", "2026-11-20-4460b8"},
		{"APIの障害", "2026-11-20-api-" + Slug("APIの障害", day)[len("2026-11-20-api-"):]},
		{"Café outage", "2026-11-20-caf-outage-" + Slug("Café outage", day)[len("2026-11-20-caf-outage-"):]},
		{"!!!", "2026-11-20-" + Slug("!!!", day)[len("2026-11-20-"):]},
		{"A very long title that goes on and on about everything that went wrong today", "2026-11-20-a-very-long-title-that-goes-on-and-on-about"},
	} {
		got := Slug(tc.title, day)
		if got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.title, got, tc.want)
		}
		if !slugPattern.MatchString(got) {
			t.Errorf("Slug(%q) = %q is not a valid slug", tc.title, got)
		}
		if again := Slug(tc.title, day); again != got {
			t.Errorf("Slug(%q) is not stable", tc.title)
		}
	}
	// Different Japanese titles on one day get different names.
	if Slug("メール配信の遅延", day) == Slug("メール配信の停止", day) {
		t.Error("two Japanese titles share a slug")
	}
	if Slug("APIの障害", day) == Slug("APIの遅延", day) {
		t.Error("two mixed titles share a slug")
	}
}

func TestTomlString(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:         `"plain"`,
		`say "hi" \ ok`: `"say \"hi\" \\ ok"`,
		"tab\tnl\n":     `"tab\tnl\n"`,
		"bell\x07":      `"bell\u0007"`,
		"日本語":           `"日本語"`,
	} {
		if got := tomlString(in); got != want {
			t.Errorf("tomlString(%q) = %s, want %s", in, got, want)
		}
	}
}
