package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/themes"
)

// TestIncrementalMatchesClean edits a site of 300 incidents step by step
// as comms staff and git would (see editSteps), with several random
// sequences: after every step the incremental Builder must give exactly
// the files a fresh Builder gives, and its engine, which under Verify
// makes every output, must find no output whose declared dependencies
// hid a change.
func TestIncrementalMatchesClean(t *testing.T) {
	var reused [3]int
	for seed := range uint64(3) {
		r := editSteps(t, 300, seed, 15, seed == 2, seed == 1)
		for i := range reused {
			reused[i] += r[i]
		}
	}
	if reused[0] == 0 || reused[1] == 0 {
		t.Errorf("engine reuse unused: pages, feeds and API files reused %v times", reused)
	}
}

// TestOldEditRemakesItsPages: new text in an update of an incident from
// last year remakes the pages that show it (its own, its history page)
// and nothing else: no feed, no API file, and no page of its components,
// which show only their newest incidents and those of their uptime window.
func TestOldEditRemakesItsPages(t *testing.T) {
	src := t.TempDir()
	sitetest.Synthetic(t, src, 1000) // components of more incidents than their pages list
	dir := filepath.Join(src, "content", "incidents")
	b := NewBuilder(Options{Source: src, Now: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), Theme: themes.Builtin()})
	_, err := b.Render(t.Context())
	must(t, err)
	entries, err := os.ReadDir(dir)
	must(t, err)
	name := entries[100].Name()
	file := filepath.Join(dir, name)
	data, err := os.ReadFile(file)
	must(t, err)
	must(t, os.WriteFile(file, append(data, "\nMore detail.\n"...), 0o644))
	b.Changed([]string{"content/incidents/" + name})
	_, err = b.Render(t.Context())
	must(t, err)
	own := "incidents/" + strings.TrimSuffix(name, ".md") + "/index.html"
	if !slices.Contains(b.engine.Made, own) {
		t.Errorf("%s was not made again: made %v", own, b.engine.Made)
	}
	for _, made := range b.engine.Made {
		if !strings.HasSuffix(made, "/index.html") || strings.HasPrefix(made, "incidents/") && made != own ||
			strings.HasPrefix(made, "components/") {
			t.Errorf("%s was made again after an edit to an old incident's text", made)
		}
	}
}

// FuzzIncrementalMatchesClean is TestIncrementalMatchesClean over any
// sequence of edits: the seed picks them.
//
//	go test -run '^$' -fuzz FuzzIncrementalMatchesClean -fuzztime 60s ./generator
func FuzzIncrementalMatchesClean(f *testing.F) {
	f.Add(uint64(7), uint8(4))
	f.Add(uint64(1234), uint8(8))
	f.Fuzz(func(t *testing.T, seed uint64, steps uint8) {
		editSteps(t, 40, seed, 1+int(steps%8), seed%2 == 1, seed%3 == 1)
	})
}

// editSteps makes a site of n incidents (in English and Japanese when
// bilingual) and edits it for the given steps, picked by seed, comparing
// an incremental build with a clean one after each. It returns how many
// page, feed and API outputs the engine reused. With publish, the
// incremental Builder publishes into an output folder (Build), and the
// folder is compared.
func editSteps(t *testing.T, n int, seed uint64, steps int, bilingual, publish bool) [3]int {
	t.Helper()
	src := t.TempDir()
	sitetest.Synthetic(t, src, n)
	if bilingual {
		settings := filepath.Join(src, "content", "site.toml")
		data, err := os.ReadFile(settings)
		must(t, err)
		must(t, os.WriteFile(settings, append([]byte("languages = [\"en\", \"ja\"]\n"), data...), 0o644))
	}
	dir := filepath.Join(src, "content", "incidents")
	opts := Options{Source: src, Now: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC), Theme: themes.Builtin()}
	b := NewBuilder(opts)
	b.engine.Verify = true
	build := b.Render
	if publish {
		b.opts.Dest = filepath.Join(t.TempDir(), "public")
		build = func(ctx context.Context) (*Result, error) {
			res, err := b.Build(ctx)
			if err == nil {
				res.Set = published(t, b.opts)
			}
			return res, err
		}
	}
	if _, err := build(t.Context()); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 11))
	resolvedLine := regexp.MustCompile(`(?m)^resolved = .*\n`)
	severityLine := regexp.MustCompile(`(?m)^severity = "(minor|major|critical)"`)
	scopeLine := regexp.MustCompile(`(?m)^scope = \[.*\]`)
	titleLine := regexp.MustCompile(`(?m)^title = ".*"`)
	startedLine := regexp.MustCompile(`(?m)^started = .*$`)
	etaLines := regexp.MustCompile(`(?m)^(eta|next_update) = .*\n`)
	firstUpdate := regexp.MustCompile(`(?m)^## `)
	edits := []struct {
		name string
		do   func(data []byte, i int) []byte
	}{
		{"append to the newest update", func(d []byte, i int) []byte { return fmt.Appendf(d, "\nMore detail, step %d.\n", i) }},
		{"reopen", func(d []byte, i int) []byte { return resolvedLine.ReplaceAll(d, nil) }},
		{"severity", func(d []byte, i int) []byte {
			return severityLine.ReplaceAll(d, []byte(`severity = "`+[]string{"minor", "major", "critical"}[i%3]+`"`))
		}},
		{"scope", func(d []byte, i int) []byte { return scopeLine.ReplaceAll(d, []byte(`scope = ["mail", "web"]`)) }},
		{"title", func(d []byte, i int) []byte {
			return titleLine.ReplaceAll(d, fmt.Appendf(nil, `title = "Renamed %d"`, i))
		}},
		{"eta and next update", func(d []byte, i int) []byte {
			d = etaLines.ReplaceAll(d, nil)
			return startedLine.ReplaceAllFunc(d, func(line []byte) []byte {
				return fmt.Appendf(slices.Clip(line), "\neta = 2026-11-20T%02d:30:00+09:00\nnext_update = 2026-11-20T%02d:00:00+09:00", 10+i%8, 11+i%8)
			})
		}},
		{"draft", func(d []byte, i int) []byte {
			return startedLine.ReplaceAllFunc(d, func(l []byte) []byte { return append(slices.Clip(l), "\ndraft = true"...) })
		}},
		{"new update", func(d []byte, i int) []byte {
			loc := firstUpdate.FindIndex(d)
			if loc == nil {
				return d
			}
			head := fmt.Appendf(nil, "## 2026-11-20 11:%02d monitoring\n\nWatching, step %d.\n\n", i%60, i)
			return slices.Concat(d[:loc[0]], head, d[loc[0]:])
		}},
	}
	var reused [3]int
	for step := range steps {
		var changed []string
		files := 1 + rng.IntN(3)
		if rng.IntN(4) == 0 {
			files = 0 // only the clock moves on
		}
		for range files {
			entries, err := os.ReadDir(dir)
			must(t, err)
			if len(entries) == 0 {
				break
			}
			name := entries[rng.IntN(len(entries))].Name()
			if rng.IntN(3) == 0 {
				// The newest incidents are on the home page and in
				// every feed: edit those often.
				name = entries[len(entries)-1-rng.IntN(min(5, len(entries)))].Name()
			}
			file := filepath.Join(dir, name)
			what := "delete"
			switch k := rng.IntN(len(edits) + 3); {
			case k < len(edits):
				data, err := os.ReadFile(file)
				must(t, err)
				what = edits[k].name
				must(t, os.WriteFile(file, edits[k].do(data, step), 0o644))
			case k < len(edits)+2:
				name = fmt.Sprintf("2026-11-20-new-%d-%d.md", step, k)
				what = "new"
				kind := "severity = \"major\"\nscope = [\"api\"]\nstarted = 2026-11-20T11:%02d:00+09:00\n+++\n\n## 2026-11-20 11:%02d investigating\n\nLooking.\n"
				if k == len(edits)+1 {
					what = "new maintenance"
					kind = "severity = \"maintenance\"\nscope = [\"db\"]\nstarted = 2026-11-2%dT02:00:00+09:00\neta = 2026-11-2%dT04:00:00+09:00\n+++\n\n## 2026-11-20 09:00 scheduled\n\nPlanned.\n"
				}
				must(t, os.WriteFile(filepath.Join(dir, name), fmt.Appendf(nil, "+++\ntitle = \"New %d\"\n"+kind, step, step%10, step%10), 0o644))
			default:
				must(t, os.Remove(file))
			}
			changed = append(changed, "content/incidents/"+name)
			t.Logf("seed %d step %d: %s %s", seed, step, what, name)
		}
		if files == 0 || rng.IntN(2) == 0 {
			// CI builds with the real clock: a later build comes minutes,
			// hours or months later, across ETAs, days and a new year.
			by := clockSteps[rng.IntN(len(clockSteps))]
			opts.Now = opts.Now.Add(by)
			b.opts.Now = opts.Now
			t.Logf("seed %d step %d: clock +%v to %v", seed, step, by, opts.Now)
		}
		slices.Sort(changed)
		b.Changed(slices.Compact(changed))
		got, err := build(t.Context())
		if err != nil {
			var stale *rebuild.StaleError
			if errors.As(err, &stale) {
				t.Fatalf("seed %d step %d: %v", seed, step, err)
			}
			// An edit made the site invalid (a draft of the only
			// incident a maintenance needs, a time out of order): the
			// clean build must fail alike.
			if _, cleanErr := NewBuilder(opts).Render(t.Context()); cleanErr == nil || cleanErr.Error() != err.Error() {
				t.Fatalf("seed %d step %d: incremental build fails with %v, a clean one with %v", seed, step, err, cleanErr)
			}
			continue
		}
		want, err := NewBuilder(opts).Render(t.Context())
		must(t, err)
		if _, ok := want.Set["ja/index.html"]; bilingual && !ok {
			t.Fatal("the bilingual site has no ja/index.html")
		}
		for name, data := range want.Set {
			if !bytes.Equal(got.Set[name], data) {
				t.Fatalf("seed %d step %d: incremental %s differs from a clean build", seed, step, name)
			}
		}
		if len(got.Set) != len(want.Set) {
			t.Fatalf("seed %d step %d: incremental build has %d files, a clean one %d", seed, step, len(got.Set), len(want.Set))
		}
		// The warnings too: lint looks at the changed incidents only.
		var g, w strings.Builder
		must(t, got.Diags.WriteText(&g))
		must(t, want.Diags.WriteText(&w))
		if g.String() != w.String() {
			t.Fatalf("seed %d step %d: incremental warnings\n%s\na clean build's\n%s", seed, step, g.String(), w.String())
		}
		made := map[string]bool{}
		for _, name := range b.engine.Made {
			made[name] = true
		}
		for name := range got.Set {
			switch {
			case made[name]:
			case strings.HasSuffix(name, ".html"):
				reused[0]++
			case strings.HasPrefix(name, "api/v2/"):
				reused[2]++
			case strings.HasSuffix(name, "feed.xml"):
				reused[1]++
			}
		}
	}
	return reused
}

// clockSteps are the clock advances editSteps makes between builds.
var clockSteps = []time.Duration{time.Second, 7 * time.Minute, 90 * time.Minute, 9 * time.Hour,
	21 * time.Hour, 3 * 24 * time.Hour, 41 * 24 * time.Hour}

// TestBuildCancelled stops a build before it starts: nothing is
// published, and the edits the stopped build missed are not lost to the
// next one, though the watcher's next hint names other files.
func TestBuildCancelled(t *testing.T) {
	src := copySite(t, "en")
	opts := Options{Source: src, Dest: filepath.Join(t.TempDir(), "public"), Now: testNow, Theme: themes.Builtin()}
	b := NewBuilder(opts)
	_, err := b.Build(t.Context())
	must(t, err)
	inc := filepath.Join(src, "content", "incidents")
	edit := func(name, text string) string {
		file := filepath.Join(inc, name)
		data, err := os.ReadFile(file)
		must(t, err)
		must(t, os.WriteFile(file, append(data, "\n"+text+"\n"...), 0o644))
		return "content/incidents/" + name
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b.Changed([]string{edit("2026-11-20-explicit-offset.md", "First missed edit.")})
	if _, err := b.Build(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: %v, want context.Canceled", err)
	}
	if page, _ := os.ReadFile(filepath.Join(opts.Dest, "incidents", "2026-11-20-explicit-offset", "index.html")); strings.Contains(string(page), "First missed edit.") {
		t.Error("a cancelled build published")
	}
	b.Changed([]string{edit("2026-11-23-local-datetimes.md", "Second edit.")})
	_, err = b.Build(t.Context())
	must(t, err)
	for page, text := range map[string]string{"2026-11-20-explicit-offset": "First missed edit.", "2026-11-23-local-datetimes": "Second edit."} {
		data, err := os.ReadFile(filepath.Join(opts.Dest, "incidents", page, "index.html"))
		must(t, err)
		if !strings.Contains(string(data), text) {
			t.Errorf("%s lacks %q after the build that followed a cancelled one", page, text)
		}
	}
}

// TestEditorFilesNotPublished: a backup or auto-save file an editor leaves
// in a theme's static folder is not published (a watch ignores it too, so
// the two would otherwise differ).
func TestEditorFilesNotPublished(t *testing.T) {
	src := copySite(t, "en")
	static := filepath.Join(src, "themes", "default", "static")
	must(t, os.MkdirAll(static, 0o755))
	for _, name := range []string{"style.css~", "#style.css#", ".style.css.swp", "extra.txt"} {
		must(t, os.WriteFile(filepath.Join(static, name), []byte("x"), 0o644))
	}
	res, err := NewBuilder(Options{Source: src, Now: testNow, Theme: themes.Builtin()}).Render(t.Context())
	must(t, err)
	for _, name := range []string{"style.css~", "#style.css#", ".style.css.swp"} {
		if _, ok := res.Set[name]; ok {
			t.Errorf("%s was published", name)
		}
	}
	if _, ok := res.Set["extra.txt"]; !ok {
		t.Error("the theme's own extra.txt was not published")
	}
}

// TestOutputChangedBehindTheBuilder: when the output folder is removed,
// or another build writes into it, the next build of a long-running
// Builder (a watch) publishes the whole site again instead of only what
// it changed itself.
func TestOutputChangedBehindTheBuilder(t *testing.T) {
	src := copySite(t, "en")
	opts := Options{Source: src, Dest: filepath.Join(t.TempDir(), "public"), Now: testNow, Theme: themes.Builtin()}
	b := NewBuilder(opts)
	_, err := b.Build(t.Context())
	must(t, err)
	file := filepath.Join(src, "content", "incidents", "2026-11-20-explicit-offset.md")
	step := 0
	edit := func() {
		step++
		data, err := os.ReadFile(file)
		must(t, err)
		must(t, os.WriteFile(file, fmt.Appendf(data, "\nEdit %d.\n", step), 0o644))
		b.Changed([]string{"content/incidents/2026-11-20-explicit-offset.md"})
	}
	check := func(what string) {
		t.Helper()
		_, err := b.Build(t.Context())
		must(t, err)
		got := readTree(t, opts.Dest)
		clean, err := NewBuilder(opts).Render(t.Context())
		must(t, err)
		if len(got) != len(clean.Set) {
			t.Fatalf("after %s: the folder holds %d files, a clean build %d", what, len(got), len(clean.Set))
		}
		for name, data := range clean.Set {
			if !bytes.Equal(got[name], data) {
				t.Fatalf("after %s: %s on disk differs from the build", what, name)
			}
		}
	}
	must(t, os.RemoveAll(opts.Dest))
	edit()
	check("removing the output folder")
	other := opts
	other.Now = testNow.Add(time.Hour)
	_, err = Build(t.Context(), other)
	must(t, err)
	edit()
	check("another build into the folder")
}

// TestIncrementalLastChange announces a maintenance in a new file: the
// site's last change moves, and every file that prints it (the API's
// page.updated_at, empty feeds, the footers of the home and 404 pages)
// must show it although the incidents those files list did not change.
func TestIncrementalLastChange(t *testing.T) {
	src := copySite(t, "en")
	opts := Options{Source: src, Now: testNow, Theme: themes.Builtin()}
	b := NewBuilder(opts)
	_, err := b.Render(t.Context())
	must(t, err)
	announce := "+++\ntitle = \"Network upgrade\"\nseverity = \"maintenance\"\nscope = [\"api\"]\n" +
		"started = 2026-12-05T02:00:00+09:00\neta = 2026-12-05T04:00:00+09:00\n+++\n\n" +
		"## 2026-11-23 09:59 scheduled\n\nPlanned.\n"
	name := "content/incidents/2026-12-05-network.md"
	must(t, os.WriteFile(filepath.Join(src, filepath.FromSlash(name)), []byte(announce), 0o644))
	b.Changed([]string{name})
	inc, err := b.Render(t.Context())
	must(t, err)
	clean, err := NewBuilder(opts).Render(t.Context())
	must(t, err)
	for _, p := range clean.Set.Paths() {
		if !bytes.Equal(inc.Set[p], clean.Set[p]) {
			t.Errorf("%s: the incremental build differs from a clean one", p)
		}
	}
	if !bytes.Contains(clean.Set["api/v2/status.json"], []byte(`"updated_at": "2026-11-23T09:59:00+09:00"`)) {
		t.Errorf("status.json is not dated by the announcement:\n%s", clean.Set["api/v2/status.json"])
	}
}
