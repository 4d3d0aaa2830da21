package author

import (
	"strings"
	"time"

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

// current is what holds now: the incident's fields, which generator/source
// folds from the top-level values and every [[changes]] entry.
type current struct {
	Title, Impact, Workaround string
	Severity                  source.Severity
	Scope                     []string
}

// currentFields returns what holds now for in.
func currentFields(in *source.Incident) current {
	return current{Title: in.Title, Impact: in.Impact, Workaround: in.Workaround, Severity: in.Severity, Scope: in.Scope}
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
