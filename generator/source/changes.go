package source

import (
	"slices"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
)

// changeKeys are the keys a [[changes]] entry may hold.
var changeKeys = []string{"at", "severity", "scope", "impact", "workaround", "title"}

// readChanges reads the [[changes]] entries of the front matter into
// in.Changes, oldest first, and sets the current values to the fold of
// them all. That each at is the time of an update is checked once the
// updates are read (checkChanges).
func readChanges(in *Incident, t *config.Table, opts Options, diags *diag.List) {
	for i, ct := range t.Tables("changes") {
		if i == MaxUpdates {
			// Each change comes with an update: more is a generated file.
			diags.Errorf(diag.Pos{File: in.File, Line: ct.Line, Col: 1}, "more than %d [[changes]] entries in one file: each change comes with an update, so merge the entries of the same update", MaxUpdates)
			break
		}
		c := Change{Pos: diag.Pos{File: in.File, Line: ct.Line, Col: 1}}
		ct.Require("at")
		c.At, c.AtPos = ct.Time("at", opts.Location), ct.ValuePos("at")
		set := false
		if ct.Has("severity") {
			set = true
			s := severityNamed(ct.String("severity"))
			switch {
			case in.Severity == Maintenance:
				diags.Errorf(ct.ValuePos("severity"), "maintenance keeps its severity: remove this line (an incident that grows out of the work is a new file: statuspress new incident)")
			case s == Maintenance:
				diags.Errorf(ct.ValuePos("severity"), "an incident cannot change into maintenance: use minor, major or critical")
			case !validSeverity(s):
				valid := strings.Join([]string{string(Minor), string(Major), string(Critical)}, ", ")
				if sug := diag.Suggest(strings.ToLower(string(s)), []string{string(Minor), string(Major), string(Critical)}); sug != "" {
					diags.Errorf(ct.ValuePos("severity"), "invalid severity %q; did you mean %q? (valid: %s)", s, sug, valid)
				} else {
					diags.Errorf(ct.ValuePos("severity"), "invalid severity %q (valid: %s)", s, valid)
				}
			default:
				c.Severity = s
			}
		}
		if ct.Has("scope") {
			set = true
			c.Scope = readScope(ct, opts, diags)
			if c.Scope == nil {
				c.Scope = []string{}
			}
		}
		words, wordsSet := readWords(in, ct, langKeys, opts.strs, diags)
		c.Title, c.Impact, c.Workaround = words.Title, words.Impact, words.Workaround
		set = set || wordsSet
		for _, lang := range opts.Languages {
			txt, lt := readTexts(in, ct, lang, changeKeys[3:], opts.strs, diags)
			c.Lang = c.Lang.with(lang, txt)
			for _, k := range []struct {
				key     string
				def, tr *string
			}{{"title", c.Title, txt.Title}, {"impact", c.Impact, txt.Impact}, {"workaround", c.Workaround, txt.Workaround}} {
				if k.def != nil {
					untranslated(ct, lt, lang, k.key, *k.def, k.tr, diags)
				}
			}
		}
		if !set && ct.Has("at") {
			diags.Errorf(c.Pos, "this change sets nothing: add what changed (%s), or remove the [[changes]] entry", strings.Join(changeKeys[1:], ", "))
		}
		checkChangeKeys(ct, opts.Languages, diags)
		if !c.At.IsZero() {
			in.Changes = append(in.Changes, c)
		}
	}
	if len(in.Changes) == 0 {
		return
	}
	slices.SortStableFunc(in.Changes, func(a, b Change) int { return a.At.Compare(b.At) })
	f := in.Opening()
	in.SetOpening(f)
	for _, c := range in.Changes {
		f = c.Apply(f)
	}
	in.Title, in.Severity, in.Scope, in.Impact, in.Workaround = f.Title, f.Severity, f.Scope, f.Impact, f.Workaround
}

// checkChangeKeys reports the keys of a [[changes]] entry it may not
// hold. In TOML every line after [[changes]] belongs to it, so a setting
// of the whole incident written below one lands there: say so.
func checkChangeKeys(ct *config.Table, langs []string, diags *diag.List) {
	var unknown []string
	for k := range ct.Values {
		if !contains(changeKeys, k) && !contains(langs, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		if contains(frontKeys, k) {
			diags.Errorf(ct.KeyPos(k), "%s cannot change with an update: move this line above the first [[changes]] (every line below a [[changes]] belongs to that change)", k)
			continue
		}
		if s := diag.Suggest(k, changeKeys); s != "" {
			diags.Errorf(ct.KeyPos(k), "unknown key %q in [[changes]]; did you mean %q?", k, s)
		} else {
			diags.Errorf(ct.KeyPos(k), "unknown key %q in [[changes]] (a change may set: %s)", k, strings.Join(changeKeys, ", "))
		}
	}
}

// checkChanges reports each change whose at is not the time of an update
// of the file: a change is dated by the update that announced it.
func checkChanges(in *Incident, loc *time.Location, diags *diag.List) {
	for _, c := range in.Changes {
		found := false
		for _, u := range in.Updates {
			if u.At.Equal(c.At) {
				found = true
				break
			}
		}
		if found {
			continue
		}
		if u, ok := sameClock(in.Updates, c.At, loc); ok {
			// at = 10:05+09:00 beside a heading 10:05 on a site whose
			// timezone is another: the heading is read in the site's zone.
			diags.Errorf(c.AtPos, "at = %s is %s in the site's time zone (%s), in which the update headings are read: set timezone in site.toml to the zone you write in, or write at = %s, the time of the heading", c.At.Format(time.RFC3339), clockText(c.At.In(loc)), loc, u.At.Format(time.RFC3339))
			continue
		}
		var times []string
		for _, u := range in.Updates {
			times = append(times, clockText(u.At.In(loc)))
			if len(times) == 5 {
				break
			}
		}
		if len(times) == 0 {
			diags.Errorf(c.AtPos, "this change has no update to come with: add an update heading at %s that says what changed", clockText(c.At.In(loc)))
			continue
		}
		diags.Errorf(c.AtPos, "no update at %s: a change is dated with the update that announces it; use the time of its heading (updates at: %s)", clockText(c.At.In(loc)), strings.Join(times, ", "))
	}
}

// sameClock finds the update whose heading, read in the site's zone loc,
// shows the clock time at has in its own offset.
func sameClock(updates []Update, at time.Time, loc *time.Location) (Update, bool) {
	const layout = "2006-01-02 15:04:05"
	for _, u := range updates {
		if u.At.In(loc).Format(layout) == at.Format(layout) {
			return u, true
		}
	}
	return Update{}, false
}
