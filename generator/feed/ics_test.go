package feed

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// unfold checks RFC 5545 line syntax (CRLF ends, at most 75 octets, folds
// that do not split a character) and returns the logical lines.
func unfold(t *testing.T, name string, data []byte) []string {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatalf("%s: does not end with CRLF", name)
	}
	if bytes.Count(data, []byte("\n")) != bytes.Count(data, []byte("\r\n")) || bytes.Count(data, []byte("\r")) != bytes.Count(data, []byte("\r\n")) {
		t.Fatalf("%s: bare LF or CR", name)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("%s: line of %d octets: %q", name, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("%s: a fold splits a character: %q", name, l)
		}
		if strings.HasPrefix(l, " ") {
			if len(lines) == 0 {
				t.Fatalf("%s: starts with a continuation line", name)
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// events returns the properties of each VEVENT, by name.
func events(t *testing.T, name string, data []byte) []map[string]string {
	lines := unfold(t, name, data)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Fatalf("%s: not one VCALENDAR", name)
	}
	var out []map[string]string
	var cur map[string]string
	for _, l := range lines {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("%s: line without a colon: %q", name, l)
		}
		switch {
		case l == "BEGIN:VEVENT":
			cur = map[string]string{}
		case l == "END:VEVENT":
			for _, req := range []string{"UID", "DTSTAMP", "DTSTART", "SUMMARY"} {
				if cur[req] == "" {
					t.Errorf("%s: event without %s", name, req)
				}
			}
			out = append(out, cur)
			cur = nil
		case cur != nil:
			cur[k] = v
		}
	}
	return out
}

func TestCalendars(t *testing.T) {
	m, text := loadModel(t, siteFS("en"), testNow())
	set := render(t, m, text)
	all := events(t, CalendarFile, set[CalendarFile])
	// The CDN maintenance ended 50 days ago, beyond the site's 30 history_days.
	if len(all) != 2 || all[0]["UID"] != "2026-11-20-docs-migration@status.example.com" || all[1]["UID"] != "2026-11-25-db-upgrade@status.example.com" {
		t.Fatalf("maintenance.ics should hold the in-progress then the upcoming maintenance, got %v", all)
	}
	ev := all[1]
	// DTSTAMP is the event's own last change (its announcement), not the build time.
	if ev["DTSTART"] != "20261124T170000Z" || ev["DTEND"] != "20261124T190000Z" || ev["DTSTAMP"] != "20261118T010000Z" || ev["SEQUENCE"] != "0" {
		t.Errorf("times: %v", ev)
	}
	if ev["SUMMARY"] != `Scheduled maintenance: Database upgrade\, phase 2` {
		t.Errorf("SUMMARY not escaped: %q", ev["SUMMARY"])
	}
	if !strings.Contains(ev["DESCRIPTION"], `read-only\; writes are queued\, and retried\; nothing is lost.\n\n`) {
		t.Errorf("DESCRIPTION not escaped: %q", ev["DESCRIPTION"])
	}
	for _, slug := range []string{"2026-10-01-cdn-maintenance", "2026-11-20-docs-migration", "2026-11-25-db-upgrade"} {
		name := "incidents/" + slug + "/" + EventFile
		evs := events(t, name, set[name])
		if len(evs) != 1 || evs[0]["UID"] != slug+"@status.example.com" || evs[0]["URL"] != "https://status.example.com/incidents/"+slug+"/" {
			t.Errorf("%s: %v", name, evs)
		}
	}
	for name := range set {
		if strings.HasSuffix(name, EventFile) && (strings.Contains(name, "email-delayed") || strings.Contains(name, "api-errors")) {
			t.Errorf("%s: an incident is not a calendar event", name)
		}
	}
}

func TestCalendarUIDStable(t *testing.T) {
	maint := func(updates string) string {
		return "+++\ntitle = \"Network upgrade, Frankfurt; rack 7\"\nseverity = \"maintenance\"\nscope = [\"api\"]\n" +
			"started = 2026-06-01T22:00:00\neta = 2026-06-02T01:00:00\n+++\n\n" + updates +
			"## 2026-05-20 10:00 scheduled\n\nWe will replace the core switches.\n"
	}
	now := time.Date(2026, 5, 25, 0, 0, 0, 0, time.UTC)
	m1, text := loadModel(t, inlineSite(smallSite, map[string]string{"net.md": maint("")}), now)
	m2, _ := loadModel(t, inlineSite(smallSite, map[string]string{"net.md": maint("## 2026-05-24 09:00 scheduled\n\nThe window is confirmed.\n\n")}), now.Add(time.Hour))
	a, b := render(t, m1, text), render(t, m2, text)
	e1, e2 := events(t, "a", a["incidents/net/event.ics"]), events(t, "b", b["incidents/net/event.ics"])
	if e1[0]["UID"] != e2[0]["UID"] || e1[0]["UID"] != "net@status.acme.test" {
		t.Errorf("UID changed with a new update: %q, %q", e1[0]["UID"], e2[0]["UID"])
	}
	if e1[0]["DTSTART"] != "20260601T200000Z" || e1[0]["DTEND"] != "20260601T230000Z" {
		t.Errorf("Berlin summer time not converted to UTC: %v", e1[0])
	}
	if e1[0]["DTSTAMP"] != "20260520T080000Z" || e1[0]["SEQUENCE"] != "0" {
		t.Errorf("first build: %v", e1[0])
	}
	// A second scheduled update announces a moved window: SEQUENCE rises.
	if e2[0]["DTSTAMP"] != "20260524T070000Z" || e2[0]["SEQUENCE"] != "1" || !strings.Contains(e2[0]["DESCRIPTION"], "The window is confirmed.") {
		t.Errorf("second build: %v", e2[0])
	}
}

// TestCalendarKeepsHistory: a window that ended stays in maintenance.ics
// for history_days days, and a cancelled one says STATUS:CANCELLED with
// its planned window and a higher SEQUENCE.
func TestCalendarKeepsHistory(t *testing.T) {
	maint := func(front, updates string) string {
		return "+++\ntitle = \"Network upgrade\"\nseverity = \"maintenance\"\nscope = [\"api\"]\n" + front + "+++\n\n" + updates
	}
	files := map[string]string{
		"done.md": maint("started = 2026-05-10T22:00:00\neta = 2026-05-11T01:00:00\nresolved = 2026-05-11T00:30:00\n",
			"## 2026-05-11 00:30 completed\n\nDone.\n\n## 2026-05-01 10:00 scheduled\n\nPlanned.\n"),
		"old.md": maint("started = 2025-05-10T22:00:00\neta = 2025-05-11T01:00:00\nresolved = 2025-05-11T00:30:00\n",
			"## 2025-05-11 00:30 completed\n\nDone.\n"),
		"off.md": maint("started = 2026-06-10T22:00:00\neta = 2026-06-11T01:00:00\nresolved = 2026-05-20T09:00:00\ncancelled = true\n",
			"## 2026-05-20 09:00 completed\n\nCancelled: the new switches were not delivered.\n\n## 2026-05-01 10:00 scheduled\n\nPlanned.\n"),
	}
	now := time.Date(2026, 5, 25, 0, 0, 0, 0, time.UTC)
	m, text := loadModel(t, inlineSite(smallSite, files), now)
	set := render(t, m, text)
	all := events(t, CalendarFile, set[CalendarFile])
	if len(all) != 2 || all[0]["UID"] != "done@status.acme.test" || all[1]["UID"] != "off@status.acme.test" {
		t.Fatalf("want the window done 14 days ago and the cancelled one, not the one of last year: %v", all)
	}
	if all[0]["STATUS"] != "CONFIRMED" || all[0]["DTEND"] != "20260510T223000Z" {
		t.Errorf("done: %v", all[0])
	}
	off := all[1]
	if off["STATUS"] != "CANCELLED" || off["SEQUENCE"] != "1" || off["DTSTART"] != "20260610T200000Z" || off["DTEND"] != "20260610T230000Z" || off["DTSTAMP"] != "20260520T070000Z" {
		t.Errorf("cancelled: %v", off)
	}
}

func TestEmptySite(t *testing.T) {
	m, text := loadModel(t, inlineSite(smallSite, nil), testNow())
	set := render(t, m, text)
	if !bytes.Contains(set[JSONFile], []byte(`"items": []`)) || !bytes.Contains(set["components/web/"+JSONFile], []byte(`"items": []`)) {
		t.Errorf("JSON Feed 1.1 requires items even when empty:\n%s", set[JSONFile])
	}
	for _, name := range []string{RSSFile, AtomFile} {
		wellFormed(t, name, set[name])
	}
	lines := unfold(t, CalendarFile, set[CalendarFile])
	if len(events(t, CalendarFile, set[CalendarFile])) != 0 || !strings.Contains(strings.Join(lines, "\n"), "BEGIN:VTIMEZONE") {
		t.Errorf("an empty calendar still needs one component:\n%s", set[CalendarFile])
	}
}

func TestICSFolding(t *testing.T) {
	var c icsWriter
	long := strings.Repeat("ü", 30) + strings.Repeat("あ", 40) + strings.Repeat("x", 100)
	c.line("DESCRIPTION", icsText(long))
	lines := unfold(t, "folded", []byte(c.b.String()))
	if len(lines) != 1 || lines[0] != "DESCRIPTION:"+long {
		t.Errorf("unfolding does not give the line back: %q", lines)
	}
	// A control character is replaced as in every other output.
	if got := icsText("a\\b;c,d\r\ne\tf\x01\v"); got != `a\\b\;c\,d\ne`+"\t"+"f\uFFFD " {
		t.Errorf("icsText = %q", got)
	}
}
