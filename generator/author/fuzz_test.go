package author

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/source"
)

// FuzzUpdate applies a random update to a random file: when the file is
// valid and the update is accepted, the result is valid too (parsed with
// generator/source), holds one update more (or, with amend, as many), and
// every old update is still there with its time, status and text. A
// refusal is fine; a panic or a broken file is not.
func FuzzUpdate(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/edit/*.txtar")
	for _, name := range seeds {
		data, _ := os.ReadFile(name)
		if _, in, ok := strings.Cut(string(data), "-- in.md --\n"); ok {
			in, _, _ = strings.Cut(in, "\n-- ")
			f.Add([]byte(in+"\n"), "monitoring", "Fixed.\n\nMore text.", uint16(5), false, "", "")
			f.Add([]byte(in+"\n"), "resolved", "", uint16(0), false, "critical", "All customers.")
			f.Add([]byte(in+"\n"), "investigating", "x", uint16(90), true, "", "")
		}
	}
	s := newSite(f, "en")
	path := filepath.Join(s.Dir, "content", "incidents", "x.md")
	f.Fuzz(func(t *testing.T, file []byte, st, msg string, minutes uint16, amend bool, severity, impact string) {
		if len(file) > 64<<10 || len(msg) > 4<<10 {
			return
		}
		old, diags := source.Parse("content/incidents/x.md", file, s.options())
		if diags.Err() != nil || old.Started.IsZero() {
			return
		}
		if err := os.WriteFile(path, file, 0o644); err != nil {
			t.Fatal(err)
		}
		base := old.Started
		if len(old.Updates) > 0 && old.Updates[0].At.After(base) {
			base = old.Updates[0].At
		}
		now := base.Add(time.Duration(minutes) * time.Minute)
		u := Update{Slug: "x", Status: st, Message: msg, Amend: amend}
		if severity != "" {
			sev := source.Severity(severity)
			u.Severity = &sev
		}
		if impact != "" {
			u.Impact = &impact
		}
		c, err := s.Update(u, now)
		if err != nil {
			// A refusal is fine, unless author wrote a file that check
			// refuses.
			if strings.Contains(err.Error(), "the result would be invalid") {
				t.Fatalf("author wrote a file check refuses: %v\n%s", err, c.Data)
			}
			return
		}
		in, diags := source.Parse(c.File, c.Data, s.options())
		if err := diags.Err(); err != nil {
			t.Fatalf("the update left an invalid file:\n%s\n%v", c.Data, err)
		}
		want := len(old.Updates) + 1
		if amend {
			want--
		}
		if len(in.Updates) != want {
			t.Fatalf("%d updates after, %d before (amend %v):\n%s", len(in.Updates), len(old.Updates), amend, c.Data)
		}
		for i, o := range old.Updates {
			j := i + 1
			if amend {
				j = i
			}
			n := in.Updates[j]
			if !n.At.Equal(o.At) || n.Status != o.Status || (n.Body != o.Body && !(amend && i == 0)) {
				t.Fatalf("old update %d changed: %v %s %q became %v %s %q", i, o.At, o.Status, o.Body, n.At, n.Status, n.Body)
			}
		}
	})
}

// FuzzParseTime reads any text as a time flag: it never panics; what it
// accepts is in the site zone, and an -at is never later than now.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"90m", "15:00", "15時", "15時30分", "１５:００", "今日 15:00", "明日 10:00", "2026年12月2日 10:00",
		"tomorrow 10:00", "yesterday 23:50", "2026-11-20T15:00:00+09:00", "2026/11/20 9:00", "30分後", "15分前", "9時半", "25:00", ""} {
		f.Add(s, int64(0))
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		f.Fatal(err)
	}
	base := time.Date(2026, 11, 20, 14, 7, 30, 0, tokyo)
	f.Fuzz(func(t *testing.T, s string, shift int64) {
		now := base.Add(time.Duration(shift%(1<<40)) * time.Second)
		if got, err := ParseTime(s, now, tokyo); err == nil {
			if got.Location() != tokyo {
				t.Errorf("ParseTime(%q) is in %v", s, got.Location())
			}
			if got.Tomorrow && !got.After(now) {
				t.Errorf("ParseTime(%q) took tomorrow but gave %v, not after %v", s, got.Time, now)
			}
		}
		if at, err := ParseAt(s, now, tokyo); err == nil && at.After(now.Add(time.Minute)) {
			t.Errorf("ParseAt(%q) = %v, later than now %v", s, at, now)
		}
	})
}
