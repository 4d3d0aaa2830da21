package author

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/source"
)

// Found is the incident a SLUG argument named, and how.
type Found struct {
	Slug string
	// Note says how the incident was chosen when it was not named in full
	// ("" when it was): the person should see which one is being changed.
	Note error
}

// Find reads the SLUG a person typed: a slug, a file name (x.md), a path
// as tab completion gives it (content/incidents/x.md), or a part of a
// slug that only one incident has. With nothing typed, it takes the only
// open incident or maintenance, if there is exactly one. When it cannot
// choose, the error lists the candidates.
func (s *Site) Find(arg string) (Found, error) {
	return s.FindFor(arg, "")
}

// FindFor is Find for an update with the -status word status: with
// nothing typed and several open, it keeps those that take the status
// (identified is for an incident, in-progress for a maintenance), so
// that an incident beside upcoming maintenance is found alone.
func (s *Site) FindFor(arg, status string) (Found, error) {
	arg = strings.TrimSpace(arg)
	slugs := s.slugs()
	if arg == "" {
		return s.findOpen(slugs, status)
	}
	name := arg
	if strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".md") {
		clean := filepath.Clean(filepath.FromSlash(arg))
		if d := filepath.Dir(clean); d != "." && filepath.Base(d) != "incidents" {
			return Found{}, diag.Errorf("%s is not an incident file: incident files are in %s", arg, source.Dir)
		}
		name = strings.TrimSuffix(filepath.Base(clean), ".md")
	}
	for _, sl := range slugs {
		if sl == name {
			return Found{Slug: sl}, nil
		}
	}
	var hits []string
	low := strings.ToLower(name)
	for _, sl := range slugs {
		if low != "" && strings.Contains(sl, low) {
			hits = append(hits, sl)
		}
	}
	switch len(hits) {
	case 1:
		return Found{Slug: hits[0], Note: diag.Errorf("%q matches one incident, %s: updating it", arg, hits[0])}, nil
	case 0:
		if sug := diag.Suggest(name, slugs); sug != "" {
			return Found{}, diag.Errorf("no incident %q: there is no %s/%s.md; did you mean %q?", arg, source.Dir, name, sug)
		}
		return Found{}, diag.Errorf("no incident %q: there is no %s/%s.md", arg, source.Dir, name)
	}
	return Found{}, diag.Errorf("%q matches %d incidents; say which one with more of its name:\n  %s", arg, len(hits), strings.Join(hits, "\n  "))
}

// findOpen takes the only open incident or maintenance, or the only one
// of those that takes status.
func (s *Site) findOpen(slugs []string, status string) (Found, error) {
	var open, titles, takes, takesTitles []string
	for _, sl := range slugs {
		file := source.Dir + "/" + sl + ".md"
		data, err := s.readFile(file)
		if err != nil {
			continue
		}
		in, _ := source.Parse(file, data, s.options())
		if in == nil || !in.Resolved.IsZero() || len(in.Updates) > 0 && in.Updates[0].Status.Final() {
			continue
		}
		title := fmt.Sprintf("%s (%q)", sl, in.Title)
		open = append(open, sl)
		titles = append(titles, title)
		if _, err := s.status(status, in.IsMaintenance()); status != "" && err == nil {
			takes = append(takes, sl)
			takesTitles = append(takesTitles, title)
		}
	}
	if len(open) > 1 && len(takes) == 1 {
		return Found{Slug: takes[0], Note: diag.Errorf("no incident named: updating %s, the only open one that takes -status %s", takesTitles[0], status)}, nil
	}
	if len(open) > 1 && len(takes) > 0 {
		open, titles = takes, takesTitles
	}
	switch len(open) {
	case 1:
		return Found{Slug: open[0], Note: diag.Errorf("no incident named: updating the only open one, %s", titles[0])}, nil
	case 0:
		return Found{}, diag.Errorf("say which incident to update, like statuspress update 2026-11-20-email-delayed: none is open now")
	}
	return Found{}, diag.Errorf("say which incident to update: %d are open:\n  %s", len(open), strings.Join(titles, "\n  "))
}

// slugs lists the incident files by slug, sorted.
func (s *Site) slugs() []string {
	entries, _ := os.ReadDir(filepath.Join(s.Dir, filepath.FromSlash(source.Dir)))
	var slugs []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".md"); ok && !e.IsDir() && !strings.HasPrefix(name, ".") {
			slugs = append(slugs, name)
		}
	}
	sort.Strings(slugs)
	return slugs
}
