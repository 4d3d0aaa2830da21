package author

import (
	"regexp"
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
func (s *Site) slug(given, title string, day time.Time, scope []string, kind string) (string, error) {
	if strings.TrimSpace(title) == "" {
		return "", diag.Errorf("the title is empty: say in a few words what customers notice")
	}
	if given == "" {
		return s.freeSlug(Slug(title, day, scope, kind), title), nil
	}
	if !slugPattern.MatchString(given) {
		return "", diag.Errorf("invalid -slug %q: use only a-z, 0-9 and dashes, like 2026-11-20-email-delayed", given)
	}
	return given, nil
}

// status reads the -status word: the English name, or the word the site's
// theme shows for it ("調査中", "復旧"), in any case. It refuses a status
// the kind of file does not use, listing those it does in both forms.
func (s *Site) status(word string, maintenance bool) (source.Status, error) {
	valid, kind := source.IncidentStatuses, "an incident"
	if maintenance {
		valid, kind = source.MaintenanceStatuses, "a maintenance"
	}
	w := strings.ToLower(strings.TrimSpace(normaliseWord(word)))
	names := make([]string, len(valid))
	for i, v := range valid {
		shown := s.Text.Status(string(v))
		if w == string(v) || w == strings.ToLower(shown) {
			return v, nil
		}
		names[i] = string(v)
		if s.Text.Lang != "en" && shown != "" && shown != "status_"+strings.ReplaceAll(string(v), "-", "_") {
			names[i] += " (" + shown + ")"
		}
	}
	if w == "" {
		return "", diag.Errorf("missing -status: say where the incident stands, like -status %s (valid: %s)", string(valid[1%len(valid)]), strings.Join(names, ", "))
	}
	plain := make([]string, len(valid))
	for i, v := range valid {
		plain[i] = string(v)
	}
	if sug := diag.Suggest(w, plain); sug != "" {
		return "", diag.Errorf("invalid -status %q for %s; did you mean %q? (valid: %s)", word, diag.Word(kind), sug, strings.Join(names, ", "))
	}
	return "", diag.Errorf("invalid -status %q for %s (valid: %s)", word, diag.Word(kind), strings.Join(names, ", "))
}

// Severity reads a -severity word: minor, major or critical, or the word
// the site's theme shows for it ("重大").
func (s *Site) Severity(word string) (source.Severity, error) {
	w := strings.ToLower(strings.TrimSpace(normaliseWord(word)))
	names := []string{}
	for _, v := range []source.Severity{source.Minor, source.Major, source.Critical} {
		shown := s.Text.T("severity_" + string(v))
		if w == string(v) || w == strings.ToLower(shown) {
			return v, nil
		}
		n := string(v)
		if s.Text.Lang != "en" {
			n += " (" + shown + ")"
		}
		names = append(names, n)
	}
	if w == string(source.Maintenance) {
		return "", diag.Errorf("severity maintenance is for planned work: use statuspress new maintenance")
	}
	return "", diag.Errorf("invalid -severity %q (valid: %s)", word, strings.Join(names, ", "))
}

// normaliseWord makes full-width letters ASCII, as a Japanese input
// method may type them.
func normaliseWord(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
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

// tomlList writes ids as a TOML array of strings.
func tomlList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = tomlString(id)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
