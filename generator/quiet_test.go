package generator

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/themes"
)

// quietSite has a resolved incident, a maintenance done last week, one
// planned for next week (with a moved window) and a component without
// incidents: nothing changes between 10:00 and 10:40 on 2026-11-23.
var quietSite = map[string]string{
	"content/site.toml": `title = "Acme Status"
base_url = "https://status.acme.test/"
language = "en"
timezone = "Asia/Tokyo"

[[components]]
id = "api"
name = "API"

[[components]]
id = "mail"
name = "Email"
`,
	"content/incidents/2026-11-20-api-errors.md": `+++
title = "API errors"
severity = "major"
scope = ["api"]
started = 2026-11-20T09:00:00+09:00
resolved = 2026-11-20T10:30:00+09:00
+++

## 2026-11-20 10:30 resolved

Fixed.

## 2026-11-20 09:10 investigating

Looking.
`,
	"content/incidents/2026-11-16-db.md": `+++
title = "Database upgrade"
severity = "maintenance"
scope = ["api"]
started = 2026-11-16T02:00:00+09:00
eta = 2026-11-16T04:00:00+09:00
+++

## 2026-11-10 10:00 scheduled

Planned.
`,
	"content/incidents/2026-11-30-network.md": `+++
title = "Network upgrade"
severity = "maintenance"
scope = ["api"]
started = 2026-11-30T02:00:00+09:00
eta = 2026-11-30T04:00:00+09:00
+++

## 2026-11-22 10:00 scheduled

Moved to 30 November.

## 2026-11-18 10:00 scheduled

Planned.
`,
}

// TestQuietRebuild builds a site, then builds it again 40 minutes later
// (as a scheduled rebuild would) with no change to the content and no
// transition in between: only the home page and the file carrying the
// build time may change.
func TestQuietRebuild(t *testing.T) {
	quietRebuild(t, quietSite)
}

// TestQuietRebuildCancelled: a maintenance called off in advance keeps its
// planned window for calendars, but nothing happens when that window
// comes and goes (10:10 to 10:30 here), so no file changes then.
func TestQuietRebuildCancelled(t *testing.T) {
	site := map[string]string{
		"content/incidents/2026-11-23-cache.md": `+++
title = "Cache upgrade"
severity = "maintenance"
scope = ["mail"]
started = 2026-11-23T10:10:00+09:00
eta = 2026-11-23T10:30:00+09:00
cancelled = true
resolved = 2026-11-21T09:00:00+09:00
+++

## 2026-11-21 09:00 completed

Cancelled: not needed after all.

## 2026-11-19 09:00 scheduled

Planned.
`,
	}
	for name, text := range quietSite {
		site[name] = text
	}
	quietRebuild(t, site)
}

func quietRebuild(t *testing.T, site map[string]string) {
	t.Helper()
	src := t.TempDir()
	for name, text := range site {
		p := filepath.Join(src, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(text), 0o644))
	}
	dest := filepath.Join(t.TempDir(), "public")
	opts := Options{Source: src, Dest: dest, Now: testNow, Theme: themes.Builtin()}
	first, err := Build(t.Context(), opts)
	must(t, err)
	before := readTree(t, dest)
	manifest := filepath.Join(dest, output.Manifest)
	was, err := os.Stat(manifest)
	must(t, err)

	opts.Now = testNow.Add(40 * time.Minute)
	second, err := Build(t.Context(), opts) // a new process: nothing kept from the first
	must(t, err)
	after := readTree(t, dest)
	var changed []string
	for name, data := range after {
		if string(before[name]) != string(data) {
			changed = append(changed, name)
		}
	}
	sort.Strings(changed)
	if len(changed) != 2 || changed[0] != "generated.json" || changed[1] != "index.html" {
		t.Errorf("a quiet rebuild changed %d of %d files, want only generated.json and index.html: %v", len(changed), len(after), changed)
	}
	if second.Stats.Written != 2 || first.Files != second.Files || first.Files == 0 {
		t.Errorf("second build wrote %d files (%+v)", second.Stats.Written, second.Stats)
	}
	// The list of published files keeps its bytes, so it is not written
	// again either: a host that uploads what changed gets two files.
	if now, err := os.Stat(manifest); err != nil || !os.SameFile(was, now) || !now.ModTime().Equal(was.ModTime()) {
		t.Errorf("the quiet rebuild wrote %s again (err %v)", output.Manifest, err)
	}
	t.Logf("quiet rebuild: %d of %d files changed: %v", len(changed), len(after), changed)
}
