package author

import (
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/statuspress/statuspress/generator/source"
)

// Fields are the incident fields an update may change (PLAN decision 2):
// a nil field is not changed. An empty Impact or Workaround clears it.
type Fields struct {
	Title      *string
	Severity   *source.Severity
	Scope      []string // nil: unchanged
	Impact     *string
	Workaround *string
}

// empty reports whether no field is set.
func (f Fields) empty() bool {
	return f.Title == nil && f.Severity == nil && f.Scope == nil && f.Impact == nil && f.Workaround == nil
}

// current is what held last: the top-level fields folded with every
// [[changes]] entry in time order.
type current struct {
	Title, Impact, Workaround string
	Severity                  source.Severity
	Scope                     []string
}

// currentFields folds the [[changes]] entries of the front matter text
// over the top-level fields of in. It reads the entries itself so that it
// works before and after the parser learns them; the model owns the rule
// for the site, this is only for what `update` prints and compares.
func currentFields(in *source.Incident, front string) current {
	cur := current{Title: in.Title, Impact: in.Impact, Workaround: in.Workaround, Severity: in.Severity, Scope: in.Scope}
	var doc struct {
		Changes []struct {
			At         time.Time
			Title      *string
			Severity   *string
			Scope      *[]string
			Impact     *string
			Workaround *string
		}
	}
	if _, err := toml.Decode(front, &doc); err != nil {
		return cur
	}
	sort.SliceStable(doc.Changes, func(i, j int) bool { return doc.Changes[i].At.Before(doc.Changes[j].At) })
	for _, c := range doc.Changes {
		if c.Title != nil {
			cur.Title = strings.TrimSpace(*c.Title)
		}
		if c.Severity != nil {
			cur.Severity = source.Severity(*c.Severity)
		}
		if c.Scope != nil {
			cur.Scope = *c.Scope
		}
		if c.Impact != nil {
			cur.Impact = strings.TrimSpace(*c.Impact)
		}
		if c.Workaround != nil {
			cur.Workaround = strings.TrimSpace(*c.Workaround)
		}
	}
	return cur
}

// changeLines returns the TOML lines of a [[changes]] entry dated at,
// holding the fields of f that differ from cur, in a fixed order; none
// when nothing differs. said lists, for the summary, what changed, as the
// page labels it (label gives the theme string of a key).
func changeLines(f Fields, cur current, at time.Time, loc *time.Location, label func(key string) string) (lines []string, said []string) {
	add := func(key, value, what string) {
		lines = append(lines, key+" = "+value)
		said = append(said, label(what))
	}
	if f.Title != nil && strings.TrimSpace(*f.Title) != cur.Title {
		add("title", tomlString(strings.TrimSpace(*f.Title)), "author_summary_title")
	}
	if f.Severity != nil && *f.Severity != cur.Severity {
		add("severity", tomlString(string(*f.Severity)), "severity")
	}
	if f.Scope != nil && strings.Join(f.Scope, ",") != strings.Join(cur.Scope, ",") {
		add("scope", tomlList(f.Scope), "affected")
	}
	if f.Impact != nil && strings.TrimSpace(*f.Impact) != cur.Impact {
		add("impact", tomlString(strings.TrimSpace(*f.Impact)), "impact")
	}
	if f.Workaround != nil && strings.TrimSpace(*f.Workaround) != cur.Workaround {
		add("workaround", tomlString(strings.TrimSpace(*f.Workaround)), "workaround")
	}
	if len(lines) == 0 {
		return nil, nil
	}
	return append([]string{"[[changes]]", "at = " + tomlTime(at, loc)}, lines...), said
}
