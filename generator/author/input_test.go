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
		tomorrow        bool   // ParseTime took a passed clock time as tomorrow
	}{
		{"90m", "2026-11-20T11:35:30+09:00", "2026-11-20T08:35:30+09:00", false},
		{"2h", "2026-11-20T12:05:30+09:00", "2026-11-20T08:05:30+09:00", false},
		{"1h30m", "2026-11-20T11:35:30+09:00", "2026-11-20T08:35:30+09:00", false},
		// A clock time alone is today; ahead, one that has passed is
		// tomorrow (and says so); for -at, one still to come is refused,
		// never yesterday.
		{"15:00", "2026-11-20T15:00:00+09:00", "", false},
		{"09:00", "2026-11-21T09:00:00+09:00", "2026-11-20T09:00:00+09:00", true},
		{"9:30", "2026-11-21T09:30:00+09:00", "2026-11-20T09:30:00+09:00", true},
		{"10:05", "2026-11-21T10:05:00+09:00", "2026-11-20T10:05:00+09:00", true},
		{"10:06", "2026-11-20T10:06:00+09:00", "2026-11-20T10:06:00+09:00", false}, // a minute's grace
		{"10:07", "2026-11-20T10:07:00+09:00", "", false},
		{"yesterday 23:50", "2026-11-19T23:50:00+09:00", "2026-11-19T23:50:00+09:00", false},
		{"tomorrow 10:00", "2026-11-21T10:00:00+09:00", "", false},
		{"today 15:00", "2026-11-20T15:00:00+09:00", "", false},
		{"2026-11-20 15:00", "2026-11-20T15:00:00+09:00", "", false},
		{"2026-11-20T09:00", "2026-11-20T09:00:00+09:00", "2026-11-20T09:00:00+09:00", false},
		{" 2026-11-20 09:00:00 ", "2026-11-20T09:00:00+09:00", "2026-11-20T09:00:00+09:00", false},
		{"2026/11/20 9:00", "2026-11-20T09:00:00+09:00", "2026-11-20T09:00:00+09:00", false},
		{"2026-11-20T00:00:00Z", "2026-11-20T09:00:00+09:00", "2026-11-20T09:00:00+09:00", false},
		{"2026-11-20T15:00:00+09:00", "2026-11-20T15:00:00+09:00", "", false},
		// Japanese input.
		{"１５:００", "2026-11-20T15:00:00+09:00", "", false},
		{"１５：００", "2026-11-20T15:00:00+09:00", "", false},
		{"15時", "2026-11-20T15:00:00+09:00", "", false},
		{"15時30分", "2026-11-20T15:30:00+09:00", "", false},
		{"9時半", "2026-11-21T09:30:00+09:00", "2026-11-20T09:30:00+09:00", true},
		{"今日 15:00", "2026-11-20T15:00:00+09:00", "", false},
		{"今日15時", "2026-11-20T15:00:00+09:00", "", false},
		{"明日 10:00", "2026-11-21T10:00:00+09:00", "", false},
		{"明日　１０時", "2026-11-21T10:00:00+09:00", "", false},
		{"昨日 23:00", "2026-11-19T23:00:00+09:00", "2026-11-19T23:00:00+09:00", false},
		{"2026年12月2日 10:00", "2026-12-02T10:00:00+09:00", "", false},
		{"２０２６年１１月２０日 ９時", "2026-11-20T09:00:00+09:00", "2026-11-20T09:00:00+09:00", false},
		{"11月20日 9:00", "2026-11-20T09:00:00+09:00", "2026-11-20T09:00:00+09:00", false},
		{"30分後", "2026-11-20T10:35:30+09:00", "", false},
		{"1時間30分後", "2026-11-20T11:35:30+09:00", "", false},
		{"15分前", "", "2026-11-20T09:50:30+09:00", false},
		// Refused everywhere.
		{"", "", "", false},
		{"-30m", "", "", false},
		{"0m", "", "", false},
		{"tomorrow", "", "", false},
		{"25:00", "", "", false},
		{"15時60分", "", "", false},
		{"2026-11-31 10:00", "", "", false},
		{"2026年2月30日 10:00", "", "", false},
	} {
		got, err := ParseTime(tc.in, now, tokyo)
		check := func(name string, got time.Time, err error, want string) {
			t.Helper()
			if want == "" {
				if err == nil {
					t.Errorf("%s(%q) = %v, want an error", name, tc.in, got)
				} else if !strings.Contains(err.Error(), "like 90m") && !strings.Contains(err.Error(), "later than now") {
					t.Errorf("%s(%q): error %q shows no accepted example", name, tc.in, err)
				}
				return
			}
			if err != nil {
				t.Errorf("%s(%q): %v", name, tc.in, err)
				return
			}
			if s := got.Format(time.RFC3339); s != want {
				t.Errorf("%s(%q) = %s, want %s", name, tc.in, s, want)
			}
		}
		check("ParseTime", got.Time, err, tc.ahead)
		if err == nil && got.Tomorrow != tc.tomorrow {
			t.Errorf("ParseTime(%q).Tomorrow = %v, want %v", tc.in, got.Tomorrow, tc.tomorrow)
		}
		at, err := ParseAt(tc.in, now, tokyo)
		check("ParseAt", at, err, tc.past)
	}
}

// TestParseAtFuture checks that a clock time still to come today is
// refused with the reason and the way to say yesterday.
func TestParseAtFuture(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Date(2026, 11, 20, 14, 3, 0, 0, tokyo)
	_, err := ParseAt("14:06", now, tokyo)
	if err == nil || !strings.Contains(err.Error(), "later than now (2026-11-20 14:03)") || !strings.Contains(err.Error(), "yesterday 14:06") {
		t.Errorf("got %v", err)
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
	for _, tc := range []struct {
		title string
		scope []string
		kind  string
		want  string
	}{
		{"Email delivery delayed", []string{"mail"}, "", "2026-11-20-email-delivery-delayed"},
		{"  API: 503 errors (EU)!  ", []string{"api"}, "", "2026-11-20-api-503-errors-eu"},
		{"Sign-in -- failing", nil, "", "2026-11-20-sign-in-failing"},
		{"メール配信の遅延", []string{"mail"}, "", "2026-11-20-mail"},
		{"メール配信の遅延", []string{"mail", "api"}, "", "2026-11-20-mail-api"},
		{"APIの障害", []string{"api", "mail"}, "", "2026-11-20-api-mail"},
		{"メール基盤のメンテナンス", []string{"mail"}, "maintenance", "2026-11-20-mail-maintenance"},
		{"Café outage", []string{"web-app"}, "", "2026-11-20-caf-outage-web-app"},
		{"!!!", nil, "", "2026-11-20"},
		{"A very long title that goes on and on about everything that went wrong today", nil, "", "2026-11-20-a-very-long-title-that-goes-on-and-on-about"},
	} {
		got := Slug(tc.title, day, tc.scope, tc.kind)
		if got != tc.want {
			t.Errorf("Slug(%q, %v) = %q, want %q", tc.title, tc.scope, got, tc.want)
		}
		if !slugPattern.MatchString(got) {
			t.Errorf("Slug(%q) = %q is not a valid slug", tc.title, got)
		}
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

// TestMessageLines checks which -m texts are refused: lines that would
// start a section or an update at any indentation, +++ lines, and
// characters no reader can see; the rest is kept as typed.
func TestMessageLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // part of the error; "" means accepted
	}{
		{"Found it.\n\n### Details\nA ## in a line and a +++ too.", ""},
		{"    ## code block, no date", ""},
		{"Replacement character \uFFFD is text.", ""},
		{"tab\tis fine", ""},
		{"##", "starts with ##"},
		{"ok\n   ## Postmortem", "starts with ##"},
		{"ok\n##\tx", "starts with ##"},
		{"ok\n    ## 2026-11-20 10:00 resolved", "looks like the heading of an update"},
		{"ok\n\t### 2026-11-20 10:00 resolved", "looks like the heading of an update"},
		{"ok\n#2026-11-20 10:00 resolved", "looks like the heading of an update"},
		{"ok\n\u3000## 2026-11-20 10:00 resolved", "looks like the heading of an update"},
		{"+++", "starts with +++"},
		{"ok\n        +++ x", "starts with +++"},
		{"ok\n\u3000+++", "starts with +++"},
		{"a\x00b", "NUL character (U+0000) at line 1, column 2"},
		{"ab\ncd\x0b", "invisible control character (U+000B) at line 2, column 3, often pasted"},
		{"\u0085", "U+0085"},
		{"x\uFFFF", "non-character U+FFFF"},
		{"bad \xff byte", "not UTF-8"},
		{"   \n  ", "the update text is empty"},
	} {
		_, err := messageLines(tc.in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("messageLines(%q): %v", tc.in, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("messageLines(%q) = %v, want an error with %q", tc.in, err, tc.want)
		}
	}
}
