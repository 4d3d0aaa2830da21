package author

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/source"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// scope checks the component ids given on the command line. With none
// given, a site with a single component means that one.
func (s *Site) scope(ids []string) ([]string, error) {
	known := s.Settings.ComponentIDs()
	var out []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if s.Settings.Component(id) == nil {
			if sug := diag.Suggest(id, known); sug != "" {
				return nil, diag.Errorf("unknown component %q in -scope; did you mean %q? (known: %s)", id, sug, strings.Join(known, ", "))
			}
			return nil, diag.Errorf("unknown component %q in -scope (known: %s)", id, strings.Join(known, ", "))
		}
		out = append(out, id)
	}
	switch {
	case len(out) > 0:
		return out, nil
	case len(known) == 1:
		return known, nil
	case len(known) == 0:
		return nil, diag.Errorf("the site has no components: add [[components]] to content/site.toml")
	}
	return nil, diag.Errorf("say what is affected with -scope, like -scope %s (known: %s)", known[0], strings.Join(known, ", "))
}

// slug returns the given slug after checking it, or one made from the title.
func (s *Site) slug(given, title string, day time.Time) (string, error) {
	if strings.TrimSpace(title) == "" {
		return "", diag.Errorf("the title is empty: say in a few words what customers notice")
	}
	if given == "" {
		return Slug(title, day), nil
	}
	if !slugPattern.MatchString(given) {
		return "", diag.Errorf("invalid -slug %q: use only a-z, 0-9 and dashes, like 2026-11-20-email-delayed", given)
	}
	return given, nil
}

// noSuchSlug explains a missing incident, suggesting the nearest one.
func (s *Site) noSuchSlug(slug string) error {
	entries, _ := os.ReadDir(filepath.Join(s.Dir, filepath.FromSlash(source.Dir)))
	var slugs []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".md"); ok && !e.IsDir() && !strings.HasPrefix(name, ".") {
			slugs = append(slugs, name)
		}
	}
	sort.Strings(slugs)
	if sug := diag.Suggest(slug, slugs); sug != "" {
		return diag.Errorf("no incident %q: there is no %s/%s.md; did you mean %q?", slug, source.Dir, slug, sug)
	}
	return diag.Errorf("no incident %q: there is no %s/%s.md", slug, source.Dir, slug)
}

// checkStatus refuses a status the kind of file does not use.
func checkStatus(st source.Status, maintenance bool) error {
	valid, kind := source.IncidentStatuses, "an incident"
	if maintenance {
		valid, kind = source.MaintenanceStatuses, "a maintenance"
	}
	names := make([]string, len(valid))
	for i, v := range valid {
		if v == st {
			return nil
		}
		names[i] = string(v)
	}
	list := strings.Join(names, ", ")
	if st == "" {
		return diag.Errorf("missing -status (valid: %s)", list)
	}
	// st is the word as typed: a plain string, shown untranslated.
	if sug := diag.Suggest(string(st), names); sug != "" {
		return diag.Errorf("invalid -status %q for %s; did you mean %q? (valid: %s)", string(st), diag.Word(kind), sug, list)
	}
	return diag.Errorf("invalid -status %q for %s (valid: %s)", string(st), diag.Word(kind), list)
}

// template returns the site-language text for an update with no message:
// the status sentence, then the ETA and the next update when known.
// oldETA is the ETA already in the file, repeated when the update does not
// give a new one.
func (s *Site) template(st source.Status, scope []string, eta, next, oldETA time.Time) string {
	loc := s.Settings.Location
	key := "author_" + strings.ReplaceAll(string(st), "-", "_")
	parts := []string{s.Text.T(key, s.componentNames(scope))}
	if eta.IsZero() && st != source.Investigating {
		eta = oldETA
	}
	if !eta.IsZero() && !st.Final() && st != source.Monitoring {
		parts = append(parts, s.Text.T("author_eta", s.Text.Format(eta.In(loc), "datetime")))
	}
	if !next.IsZero() && !st.Final() {
		parts = append(parts, s.Text.T("author_next_update", s.Text.Format(next.In(loc), "datetime")))
	}
	sep := " "
	if s.Text.Lang == "ja" || s.Text.Lang == "zh" {
		sep = ""
	}
	return strings.Join(parts, sep)
}

// componentNames lists the names of the components, in scope order.
func (s *Site) componentNames(ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if c := s.Settings.Component(id); c != nil && c.Name != "" {
			names = append(names, c.Name)
		} else {
			names = append(names, id)
		}
	}
	return strings.Join(names, s.Text.T("author_list_sep"))
}

// messageLines splits an update's text into lines, refusing headings that
// would start a new section.
func messageLines(msg string) ([]string, error) {
	msg = strings.TrimSpace(strings.ReplaceAll(msg, "\r\n", "\n"))
	if msg == "" {
		return nil, diag.Errorf("the update text is empty")
	}
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
		if strings.HasPrefix(l, "## ") || l == "##" || strings.HasPrefix(l, "+++") {
			return nil, diag.Errorf("line %d of the update text starts with %q, which would break the file: use ### for a subheading", i+1, l[:min(len(l), 3)])
		}
	}
	return lines, nil
}

// tomlList writes ids as a TOML array of strings.
func tomlList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = tomlString(id)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
