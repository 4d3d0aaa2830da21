// Package testsite writes small statuspress sites for the tests of watch
// mode and live preview: settings, valid and invalid incident files, and
// optionally a tiny theme that keeps the tests apart from the look of the
// built-in one.
package testsite

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Now returns the build time the test sites are made for.
func Now() time.Time { return time.Date(2026, 11, 20, 12, 0, 0, 0, time.FixedZone("JST", 9*3600)) }

// Settings is the content of content/site.toml.
const Settings = `title = "Test Status"
base_url = "https://status.example.com/"
language = "en"
timezone = "Asia/Tokyo"
history_days = 30

[[components]]
id = "api"
name = "Public API"
group = "Platform"

[[components]]
id = "mail"
name = "Email delivery"
group = "Delivery"
`

// tinyTheme returns page templates that print just enough to see an edit.
func tinyTheme() map[string]string {
	return map[string]string{
		"home.html":      `<!doctype html><html lang="en"><head><title>{{.Site.Title}}</title></head><body><h1>{{.Site.Title}}</h1>{{range .M.Incidents}}<p><a href="incidents/{{.Slug}}/">{{.Title}}</a></p>{{end}}</body></html>`,
		"incident.html":  `<!doctype html><html lang="en"><head><title>{{.Title}}</title></head><body><h1>{{.Incident.Title}}</h1><p>{{.Incident.Severity}}</p></body></html>`,
		"component.html": `<!doctype html><html lang="en"><head><title>{{.Title}}</title></head><body><h1>{{.Component.Name}}</h1></body></html>`,
		"history.html":   `<!doctype html><html lang="en"><head><title>{{.Title}}</title></head><body>{{range .History.Months}}{{range .Incidents}}<p>{{.Slug}}</p>{{end}}{{end}}</body></html>`,
		"404.html":       `<!doctype html><html lang="en"><head><title>{{.Title}}</title></head><body><h1>Not found</h1></body></html>`,
	}
}

// Write makes a site in dir: settings, the given incidents (slug to file
// content) and, when tiny is set, the tiny theme over the built-in one.
func Write(t testing.TB, dir string, tiny bool, incidents map[string]string) {
	t.Helper()
	files := map[string]string{"content/site.toml": Settings}
	for slug, text := range incidents {
		files["content/incidents/"+slug+".md"] = text
	}
	if tiny {
		for name, text := range tinyTheme() {
			files["themes/default/templates/"+name] = text
		}
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Incident returns a valid, ongoing incident file titled title that
// started day days before Now, with body as its one update's text.
func Incident(title string, day int, body string) string {
	start := Now().AddDate(0, 0, -day).Add(-2 * time.Hour)
	return fmt.Sprintf(`+++
title = %q
severity = "minor"
scope = ["api"]
started = %s
+++

## %s investigating

%s
`, title, start.Format(time.RFC3339), start.Add(5*time.Minute).Format("2006-01-02 15:04"), body)
}

// Invalid returns an incident file with errors: a misspelt severity, an
// unknown component and, when cut is set, no closing +++.
func Invalid(title string, cut bool) string {
	text := fmt.Sprintf("+++\ntitle = %q\nseverity = \"majr\"\nscope = [\"mial\"]\nstarted = 2026-11-20T09:00:00+09:00\n", title)
	if cut {
		return text
	}
	return text + "+++\n\nhalf\n"
}

// WriteMany makes a site in dir with n resolved incidents of several
// updates each, spread over the history of the site and beyond, for the
// tests that need a build to take a while (n = 5,000 takes seconds).
func WriteMany(t testing.TB, dir string, n int) {
	t.Helper()
	files := map[string]string{}
	para := "Requests to the public API failed or timed out for some customers. " +
		"We moved traffic to a healthy region and are watching the error rates; " +
		"*retries* succeed, and no data was lost. See [the runbook](https://example.com/runbook) for details.\n"
	for i := range n {
		start := Now().Add(-time.Duration(i*7+3) * time.Hour)
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"Incident number %d\"\nseverity = %q\nscope = [%q]\nstarted = %s\nresolved = %s\n+++\n\n",
			i, []string{"minor", "major", "critical"}[i%3], []string{"api", "mail"}[i%2],
			start.Format(time.RFC3339), start.Add(5*time.Hour).Format(time.RFC3339))
		for j, st := range []string{"resolved", "monitoring", "update", "identified", "investigating"} {
			fmt.Fprintf(&b, "## %s %s\n\n%s\n%s\n", start.Add(time.Duration(4-j)*time.Hour).Format("2006-01-02 15:04"), st, para, para)
		}
		files[fmt.Sprintf("many-%05d", i)] = b.String()
	}
	Write(t, dir, false, files)
}
