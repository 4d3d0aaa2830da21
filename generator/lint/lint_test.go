package lint

import (
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // What of each finding, in order
	}{
		// Addresses.
		{"The node 10.0.3.7 failed.", []string{`IPv4 address "10.0.3.7"`}},
		{"ノード10.0.3.7が停止しました。", []string{`IPv4 address "10.0.3.7"`}},
		{"Blocked 192.168.0.0/16.", []string{`IPv4 address "192.168.0.0/16"`}},
		{"Host fe80::1%eth0 and 2001:db8::42 down", []string{`IPv6 address "fe80::1%eth0"`, `IPv6 address "2001:db8::42"`}},
		{"Loopback ::1 refused", []string{`IPv6 address "::1"`}},
		// Not addresses: versions, dates, times, ratios, MACs.
		{"Upgraded to v1.2.3.4 and version 10.0.0.1, build 4.1.0.12.", nil},
		{"バージョン 1.2.3.4 に更新", nil},
		{"Release 1.2.3.4.5 is out; 300.1.1.1 is not an address.", nil},
		{"At 2026-11-20 10:05, started = 2026-11-20T09:12:00+09:00, 15:00:00 JST.", nil},
		{"Ratio 3:2:1 and MAC 00:1a:2b:3c:4d:5e", nil},
		{"C++ std::vector and a::b::c", nil},
		// Host names.
		{"db1.corp and cache-2.prod.internal failed", []string{`internal host name "db1.corp"`, `internal host name "cache-2.prod.internal"`}},
		{"See api.svc.cluster.local now.", []string{`internal host name "api.svc.cluster.local"`}},
		{"Visit corp.example.com or the local office; index.locale", nil},
		// Stack traces, one warning per trace.
		{"java.lang.NullPointerException\n\tat com.example.Foo.bar(Foo.java:42)\n\tat com.example.Main.main(Main.java:7)", []string{`exception name "NullPointerException"`}},
		{"Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>", []string{`stack trace "Traceback (most recent call last)"`}},
		{"panic: runtime error: index out of range\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:12 +0x1d", []string{`stack trace "panic: runtime error"`}},
		{"    at handler (/app/server.js:10:15)", []string{`stack trace "    at handler (/app/server.js:10:15)"`}},
		{"We are looking at the error logs. An error occurred.", nil},
		// Secrets are shortened.
		{"key AKIAIOSFODNN7EXAMPLE leaked", []string{`AWS access key starting "AKIA…"`}},
		{"token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U here", []string{`JSON Web Token starting "eyJh…"`}},
		{"use ghp_abcdefghijklmnopqrstuvwxyz0123456789", []string{`API token starting "ghp_…"`}},
		{"api_key=sk29d8f7g6h5", []string{`credential starting "api_…"`}},
		{"The token: expired for some users; password = required", nil},
		{"Authorization: Bearer abcDEF123456ghiJKL789", []string{`bearer token starting "Bear…"`}},
		{"https://admin:hunter2@db.example.com/", []string{`password in a URL starting "http…"`}},
		{"id 9fK2mQ7xL4pR8vT1nB6cW3zY5hJ0sD2gA8", []string{`secret-looking string starting "9fK2…"`}},
		{"commit 3f9a1c2b7e4d5f6a8b9c0d1e2f3a4b5c6d7e8f90 and /docs/getting-started-with-the-new-dashboard", nil},
	} {
		var got []string
		for _, f := range Scan(tc.text) {
			got = append(got, f.What)
			if tc.text[f.Offset:f.Offset+f.Len] == "" {
				t.Errorf("%q: empty finding", tc.text)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Scan(%q)\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

const site = `title = "S"
base_url = "https://status.example.com/"
timezone = "Asia/Tokyo"

[[components]]
id = "api"
name = "API"
`

// TestCheck runs the whole check over parsed files and compares the
// warnings with their exact positions.
func TestCheck(t *testing.T) {
	var d diag.List
	s := config.Parse(config.File, []byte(site), config.Options{}, &d)
	if d.HasErrors() {
		t.Fatal(d)
	}
	opts := source.Options{Location: s.Location, Components: s.ComponentIDs(), Markdown: markdown.New()}
	files := map[string]string{
		"content/incidents/late.md": `+++
title = "Errors on db1.corp"
severity = "major"
scope = ["api"]
started = 2026-11-20T09:12:00+09:00
eta = 2026-11-20T11:00:00+09:00
next_update = 2026-11-20T10:00:00+09:00
workaround = "Retry; 日本語 then 10.1.2.3"
+++

## 2026-11-20 09:20 investigating

We are investigating.
The node ノード 172.16.0.9 is down,
see http://grafana.internal/d/1.
`,
		"content/incidents/old.md": `+++
title = "Old"
severity = "minor"
scope = ["api"]
started = 2026-11-01T09:00:00+09:00
+++
`,
		"content/incidents/done.md": `+++
title = "Done"
severity = "minor"
scope = ["api"]
started = 2026-11-01T09:00:00+09:00
eta = 2026-11-01T10:00:00+09:00
resolved = 2026-11-01T09:30:00+09:00
+++

## 2027-11-01 09:30 resolved

A year typed wrong.

## 2026-11-01 09:20 investigating
`,
		"content/incidents/planned.md": `+++
title = "Planned"
severity = "maintenance"
scope = ["api"]
started = 2026-12-20T02:00:00+09:00
+++

## 2026-12-20 02:00 scheduled
`,
		"content/incidents/soon.md": `+++
title = "Soon"
severity = "minor"
scope = ["api"]
started = 2026-11-20T09:00:00+09:00
resolved = 2026-11-20T09:30:00+09:00
+++

## 2026-11-21 11:59 resolved
`,
	}
	var ins []*source.Incident
	for _, name := range []string{"content/incidents/done.md", "content/incidents/late.md", "content/incidents/old.md", "content/incidents/planned.md", "content/incidents/soon.md"} {
		in, d := source.Parse(name, []byte(files[name]), opts)
		if d.HasErrors() {
			t.Fatal(d)
		}
		ins = append(ins, in)
	}
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, s.Location)
	got := Check(status.New(s, ins, status.Options{Now: now}))
	var lines []string
	for _, d := range got {
		if d.Severity != diag.Warning {
			t.Errorf("not a warning: %v", d)
		}
		msg, _, _ := strings.Cut(d.String(), " in public text")
		msg, _, _ = strings.Cut(msg, " has passed")
		msg, _, _ = strings.Cut(msg, " and is late")
		msg, _, _ = strings.Cut(msg, ": resolve it")
		lines = append(lines, msg)
	}
	want := []string{
		`content/incidents/done.md:10:1: warning: this update is dated 2027-11-01 09:30 JST, more than a day after now (2026-11-20 12:00 JST): check the date; a wrong year or month keeps it on top as the latest news until then`,
		`content/incidents/late.md:2:20: warning: internal host name "db1.corp"`,
		`content/incidents/late.md:6:1: warning: the estimated recovery time 2026-11-20 11:00 JST`,
		`content/incidents/late.md:7:1: warning: the next update was promised by 2026-11-20 10:00 JST`,
		`content/incidents/late.md:8:31: warning: IPv4 address "10.1.2.3"`,
		`content/incidents/late.md:14:14: warning: IPv4 address "172.16.0.9"`,
		`content/incidents/late.md:15:12: warning: internal host name "grafana.internal"`,
		`content/incidents/old.md:5:1: warning: the incident has been unresolved for 19 days`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
