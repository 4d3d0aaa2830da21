package source

import (
	"bytes"
	"crypto/sha256"
	"path"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/markdown"
)

// Options is what parsing needs to know about the site.
type Options struct {
	Location   *time.Location // zone for datetimes without an offset
	Components []string       // known component ids
	Markdown   *markdown.Converter
	// StatusWords maps the words the site's pages show for statuses
	// (調査中, 復旧) to the status, from StatusWords. A heading written
	// with one is an error giving the heading the file takes.
	StatusWords map[string]Status
	// Languages lists the site's languages other than the default: the
	// [<code>] tables and "### <code>" parts a file may have.
	Languages []string
	// Default is the site's default language, written without a heading.
	Default string
	// Known, when not nil, gives the incident parsed before from a file's
	// path and the SHA-256 of its bytes (an on-disk cache), or nil: the
	// Loader takes it instead of parsing. It must give only incidents
	// parsed under the same options in which no problem was found, and
	// may be called from several goroutines at once.
	Known func(file string, sum [32]byte) *Incident
	// Check, when not nil, is called with each incident the Loader
	// parses (not those it takes from the last load or from Known), on
	// the worker that parsed it, as soon as it is: a check of its Texts
	// runs there and drops them, so that a load of many files holds the
	// texts of those being parsed, not of every file until all are. It
	// may be called from several goroutines at once.
	Check func(*Incident)

	// strs shares the texts of the files one Loader worker parses.
	strs strs
}

// StatusWords maps what show gives for each status (the page's word for
// it) back to the status, for Options.StatusWords. show is the theme
// catalog's Status; a word that is the status itself, or the key shown
// for a missing string, is left out.
func StatusWords(show func(string) string) map[string]Status {
	words := map[string]Status{}
	for _, s := range append(slices.Clone(IncidentStatuses), MaintenanceStatuses...) {
		w := strings.ToLower(strings.TrimSpace(show(string(s))))
		if w != "" && w != string(s) && !strings.HasPrefix(w, "status_") {
			words[w] = s
		}
	}
	return words
}

// owned is config.Normalize for bytes the caller gives up: the text
// is data itself when there is nothing to remove, without a copy.
func owned(data []byte) string {
	if len(data) == 0 || bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || bytes.IndexByte(data, '\r') >= 0 {
		return config.Normalize(data)
	}
	return unsafe.String(&data[0], len(data))
}

var frontKeys = []string{"title", "severity", "scope", "started", "eta", "next_update", "resolved", "impact", "workaround", "draft", "cancelled", "changes"}

// Parse reads one incident file. file is its slash-separated path, used in
// messages and to derive the slug. The incident is returned even when
// problems were found, so that one run reports all of them.
func Parse(file string, data []byte, opts Options) (*Incident, diag.List) {
	return parse(file, config.Normalize(data), len(data), sha256.Sum256(data), opts)
}

// parse is Parse given the file's text, with Windows line ends and a
// byte order mark removed (see owned), and the size and sum of its
// bytes, which the Loader has made already. What the incident keeps of
// the text is copied, but for its Texts.
func parse(file, text string, size int, sum [32]byte, opts Options) (*Incident, diag.List) {
	var diags diag.List
	in := &Incident{File: file, Slug: strings.TrimSuffix(path.Base(file), ".md"), Sum: sum}
	if !config.ValidName(in.Slug) {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1},
			"file name %q cannot be a permanent address: rename it using only a-z, 0-9 and dashes, like 2026-11-20-email-delayed.md", path.Base(file))
	}
	if !checkSize(file, size, &diags) {
		return in, diags
	}
	text = cleanText(file, text, &diags)
	lines := strings.Split(text, "\n")
	if strings.TrimRight(lines[0], " \t") != "+++" {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "missing front matter: the file must start with a line +++, then the settings, then another +++")
		return in, diags
	}
	end := -1
	// from and to are where the front matter's text starts and ends.
	from := len(lines[0]) + 1
	to := from
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t") == "+++" {
			end = i
			break
		}
		to += len(lines[i]) + 1
	}
	if end < 0 {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "unclosed front matter: add a line +++ after the last setting")
		return in, diags
	}
	if !checkFront(file, lines, end, &diags) {
		return in, diags
	}
	headings, ok := checkBody(file, lines, end+1, &diags)
	if !ok {
		return in, diags
	}
	front := text[from:max(from, to-1)] // lines[1:end], joined
	// The title, impact and workaround, the intro, each update and the
	// postmortem, at most (other languages add theirs).
	in.Texts = make([]Text, 0, headings+5)
	if t := config.Decode(file, front, 2, &diags); t != nil {
		t.Line = 1
		readFront(in, t, opts, &diags)
		checkScope(in, &diags)
	}
	parseBody(in, text, lines, end+1, to+len(lines[end])+1, headings, opts, &diags)
	check(in, &diags)
	checkChanges(in, opts.Location, &diags)
	packTexts(in)
	return in, diags
}

// packTexts copies the Texts into one string of their own: they are
// cut from the file's text, which they would keep whole (with the
// headings and front matter) until they are checked, and a build reads
// every file before it checks any.
func packTexts(in *Incident) {
	n := 0
	for _, t := range in.Texts {
		n += len(t.Text)
	}
	var b strings.Builder
	b.Grow(n)
	for _, t := range in.Texts {
		b.WriteString(t.Text)
	}
	all := b.String()
	for i := range in.Texts {
		n := len(in.Texts[i].Text)
		in.Texts[i].Text, all = all[:n], all[n:]
	}
}

func readFront(in *Incident, t *config.Table, opts Options, diags *diag.List) {
	in.keys = packKeys(t.Keys)
	t.Require("title", "severity", "scope", "started")
	in.Title = opts.strs.text(strings.TrimSpace(t.String("title")))
	if s, ok := t.Values["title"].(string); ok && strings.TrimSpace(s) == "" {
		diags.Errorf(t.ValuePos("title"), "title is empty: say in a few words what customers notice")
	}
	if t.Has("severity") {
		s := t.String("severity")
		in.Severity = severityNamed(s)
		if !validSeverity(in.Severity) {
			if sug := diag.Suggest(strings.ToLower(s), severityNames()); sug != "" {
				diags.Errorf(t.ValuePos("severity"), "invalid severity %q; did you mean %q? (valid: %s)", s, sug, strings.Join(severityNames(), ", "))
			} else {
				diags.Errorf(t.ValuePos("severity"), "invalid severity %q (valid: %s)", s, strings.Join(severityNames(), ", "))
			}
		}
	}
	if t.Has("scope") {
		in.Scope = readScope(t, opts, diags)
	}
	in.Started = t.Time("started", opts.Location)
	in.ETA = t.Time("eta", opts.Location)
	in.NextUpdate = t.Time("next_update", opts.Location)
	in.Resolved = t.Time("resolved", opts.Location)
	in.Impact = opts.strs.text(strings.TrimSpace(t.String("impact")))
	in.Workaround = opts.strs.text(strings.TrimSpace(t.String("workaround")))
	in.Draft = t.Bool("draft")
	in.Cancelled = t.Bool("cancelled")
	if in.Cancelled && in.Severity != Maintenance {
		diags.Errorf(t.ValuePos("cancelled"), "cancelled is for a maintenance (severity = \"maintenance\"); an incident that turned out to be nothing is resolved with a resolved update")
	}
	for _, k := range []string{"title", "impact", "workaround"} {
		// Read the raw value: t.String again would report a wrong type twice.
		if s, ok := t.Values[k].(string); ok {
			in.Texts = append(in.Texts, textAt(t.ValuePos(k), s))
		}
	}
	if !in.Started.IsZero() {
		if !in.Resolved.IsZero() && in.Resolved.Before(in.Started) && !in.Cancelled {
			if in.Severity == Maintenance {
				diags.Errorf(t.ValuePos("resolved"), "resolved (%s) is before started (%s); to call off a maintenance before it starts, add cancelled = true", stamp(in.Resolved, opts.Location), stamp(in.Started, opts.Location))
			} else {
				diags.Errorf(t.ValuePos("resolved"), "resolved (%s) is before started (%s)", stamp(in.Resolved, opts.Location), stamp(in.Started, opts.Location))
			}
		}
		if !in.ETA.IsZero() && in.ETA.Before(in.Started) {
			diags.Errorf(t.ValuePos("eta"), "eta (%s) is before started (%s)", stamp(in.ETA, opts.Location), stamp(in.Started, opts.Location))
		}
	}
	readLangs(in, t, opts, diags)
	readChanges(in, t, opts, diags)
	foreignLangs(t, opts, diags)
	t.CheckUnknown(frontKeys)
}

// foreignLangs reports a table named like a language code ([en]) that
// the site does not publish in, as when a file from a site in two
// languages is copied to a site in one: the fix is in site.toml, or
// the table goes.
func foreignLangs(t *config.Table, opts Options, diags *diag.List) {
	var keys []string
	for k, v := range t.Values {
		if _, isTable := v.(map[string]any); isTable && config.ValidLang(k) && !contains(frontKeys, k) && !contains(opts.Languages, k) && k != opts.Default {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		t.Lang(k) // read: not also an unknown key
		diags.Errorf(t.KeyPos(k), "[%s] holds the texts in %s, but the site is not published in %s: add it to languages in site.toml (the default first, like languages = [\"ja\", \"en\"]), or remove the table", k, k, k)
	}
}

// readScope reads the scope list of t, checking every id.
func readScope(t *config.Table, opts Options, diags *diag.List) []string {
	scope := t.Strings("scope")
	if list, ok := t.Values["scope"].([]any); ok && len(list) == 0 {
		diags.Errorf(t.ValuePos("scope"), "scope is empty: list the affected component ids, like scope = [%q] (known: %s)", first(opts.Components), strings.Join(opts.Components, ", "))
	}
	for i, id := range scope {
		switch {
		case slices.Contains(scope[:i], id):
			diags.Errorf(t.ItemPos("scope", id), "component %q is listed twice in scope", id)
		case !contains(opts.Components, id):
			if s := diag.Suggest(id, opts.Components); s != "" {
				diags.Errorf(t.ItemPos("scope", id), "unknown component %q; did you mean %q? (known: %s)", id, s, strings.Join(opts.Components, ", "))
			} else {
				diags.Errorf(t.ItemPos("scope", id), "unknown component %q (known: %s)", id, strings.Join(opts.Components, ", "))
			}
		}
	}
	for i, id := range scope {
		scope[i] = opts.strs.known(id, opts.Components)
	}
	return scope
}

func stamp(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02 15:04 MST") }

func validSeverity(s Severity) bool {
	for _, v := range Severities {
		if v == s {
			return true
		}
	}
	return false
}

func severityNames() []string {
	out := make([]string, len(Severities))
	for i, s := range Severities {
		out[i] = string(s)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func first(list []string) string {
	if len(list) == 0 {
		return "api"
	}
	return list[0]
}
