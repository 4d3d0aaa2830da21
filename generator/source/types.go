// Package source owns incident files: it splits the +++ TOML front matter
// from the Markdown body, reads the update sections and the postmortem,
// checks everything that can be checked within one file (and against the
// site's components), and renders the Markdown once, safely.
package source

import (
	"encoding/binary"
	"html/template"
	"slices"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
)

// Dir is the folder of incident files, relative to the source folder.
const Dir = "content/incidents"

// Severity is how badly an incident hurts; maintenance is planned work.
type Severity string

// Severities, least to most severe; maintenance stands apart.
const (
	Minor       Severity = "minor"
	Major       Severity = "major"
	Critical    Severity = "critical"
	Maintenance Severity = "maintenance"
)

// Severities lists the valid severities in the order they are documented.
var Severities = []Severity{Minor, Major, Critical, Maintenance}

// Status is the state an update reports.
type Status string

// Statuses of incidents and of maintenance.
const (
	Investigating Status = "investigating"
	Identified    Status = "identified"
	Monitoring    Status = "monitoring"
	Resolved      Status = "resolved"
	Updated       Status = "update"
	Scheduled     Status = "scheduled"
	InProgress    Status = "in-progress"
	Completed     Status = "completed"
)

// IncidentStatuses and MaintenanceStatuses list what each kind may use.
var (
	IncidentStatuses    = []Status{Investigating, Identified, Monitoring, Resolved, Updated}
	MaintenanceStatuses = []Status{Scheduled, InProgress, Completed}
)

// Final reports whether s closes an incident or a maintenance.
func (s Status) Final() bool { return s == Resolved || s == Completed }

// Incident is one parsed incident or maintenance file.
//
// A site keeps every incident for the whole build: the fields are laid
// out to fill a 384-byte block, and what most incidents have none of
// (the opening values when there are changes, other languages, the
// fallback of a view) is held out of line.
type Incident struct {
	Slug string
	File string // path relative to the source folder, slash-separated
	// Sum is the SHA-256 of the file's bytes as read: two incidents with
	// the same File and Sum were parsed from the same content.
	Sum [32]byte

	// Title, Severity, Scope, Impact and Workaround are the current
	// values: the top-level ones with every [[changes]] entry applied in
	// time order. Opening gives the top-level ones, and Changes what
	// changed when; FactsAt gives what held at any moment.
	Title      string
	Severity   Severity
	Scope      []string
	Started    time.Time
	ETA        time.Time // zero when not given; planned end for maintenance
	NextUpdate time.Time
	Resolved   time.Time // zero while ongoing
	Impact     string
	Workaround string
	Draft      bool
	// Cancelled marks a maintenance that was called off: its calendar
	// event says STATUS:CANCELLED, and resolved may lie before started.
	Cancelled bool
	// topBroken is set when a heading above every update that could be
	// read is an update heading with an error: which update is the
	// newest is then unknown.
	topBroken bool

	Changes []Change // oldest first; entries at the same time in file order

	Summary    template.HTML
	Updates    []Update // newest first
	Postmortem template.HTML

	// Texts is every piece of public text with where it starts, for checks
	// that look for internal details before they are published. They are
	// as large as the file: whoever keeps incidents after checking them
	// drops them (the Builder keeps the warnings instead).
	Texts []Text
	// keys packs where each front matter key of frontKeys that was set
	// is (see KeyPos): its index in frontKeys, its line and its column,
	// as uvarints. A map of positions cost a site of 100,000 files 40 MB;
	// this costs a few bytes a key.
	keys string

	// x is nil for an incident in one language without changes.
	x *extra
}

// extra is what an incident holds out of line, for want of room.
type extra struct {
	// opening holds the top-level values when Changes is not empty (when
	// it is, they are the current values).
	opening *Facts
	// lang holds the front matter's [<code>] table of each other
	// language of the site; summaryLang, postmortemLang and updateLang
	// (at the index of each update, nil when none has one) the text
	// after "### <code>" in the intro, the postmortem and each update
	// (see lang.go). In makes the view of one language from them.
	lang                        *Translations[Texts]
	summaryLang, postmortemLang *Translations[template.HTML]
	updateLang                  []*Translations[template.HTML]
	// fallback is set in a view made by In.
	fallback Fallback
}

// more returns in.x, made when nil.
func (in *Incident) more() *extra {
	if in.x == nil {
		in.x = &extra{}
	}
	return in.x
}

// Opening returns the top-level values of the front matter, before any
// [[changes]] entry.
func (in *Incident) Opening() Facts {
	if in.x != nil && in.x.opening != nil {
		return *in.x.opening
	}
	return Facts{Title: in.Title, Severity: in.Severity, Scope: in.Scope, Impact: in.Impact, Workaround: in.Workaround}
}

// SetOpening sets the top-level values, for an incident built by hand
// with changes.
func (in *Incident) SetOpening(f Facts) { in.more().opening = &f }

// Fallback says, in a view made by In, what shows the default
// language's words.
func (in *Incident) Fallback() Fallback {
	if in.x == nil {
		return Fallback{}
	}
	return in.x.fallback
}

// UpdatePos returns where the heading of u, one of in.Updates, is.
func (in *Incident) UpdatePos(u Update) diag.Pos {
	return diag.Pos{File: in.File, Line: int(u.Line), Col: 1}
}

// updateLang returns the other languages' text of the update at index i.
func (in *Incident) updateLang(i int) *Translations[template.HTML] {
	if in.x == nil || i >= len(in.x.updateLang) {
		return nil
	}
	return in.x.updateLang[i]
}

// setUpdateLang sets the other languages' text of the update at index i.
func (in *Incident) setUpdateLang(i int, t *Translations[template.HTML]) {
	if t == nil && in.updateLang(i) == nil {
		return
	}
	x := in.more()
	if len(x.updateLang) < len(in.Updates) {
		x.updateLang = append(x.updateLang, make([]*Translations[template.HTML], len(in.Updates)-len(x.updateLang))...)
	}
	x.updateLang[i] = t
}

func (in *Incident) lang() *Translations[Texts] {
	if in.x == nil {
		return nil
	}
	return in.x.lang
}

func (in *Incident) summaryLang() *Translations[template.HTML] {
	if in.x == nil {
		return nil
	}
	return in.x.summaryLang
}

func (in *Incident) postmortemLang() *Translations[template.HTML] {
	if in.x == nil {
		return nil
	}
	return in.x.postmortemLang
}

// KeyPos returns the position of a top-level front matter key
// ("resolved"), and whether it was set.
func (in *Incident) KeyPos(key string) (diag.Pos, bool) {
	want := slices.Index(frontKeys, key)
	for s := in.keys; s != ""; {
		var k, line, col int
		k, s = uvarint(s)
		line, s = uvarint(s)
		col, s = uvarint(s)
		if k == want {
			return diag.Pos{File: in.File, Line: line, Col: col}, true
		}
	}
	return diag.Pos{}, false
}

// packKeys packs the positions of the keys of frontKeys among keys, for
// Incident.keys.
func packKeys(keys map[string]config.KeyPos) string {
	var b [64]byte
	buf := b[:0]
	for i, k := range frontKeys {
		if p, ok := keys[k]; ok {
			buf = binary.AppendUvarint(buf, uint64(i))
			buf = binary.AppendUvarint(buf, uint64(p.Line))
			buf = binary.AppendUvarint(buf, uint64(p.Col))
		}
	}
	return string(buf)
}

// uvarint reads one number written by binary.AppendUvarint from s.
func uvarint(s string) (int, string) {
	var x, shift uint
	for i := 0; i < len(s); i++ {
		x |= uint(s[i]&0x7f) << shift
		if s[i] < 0x80 {
			return int(x), s[i+1:]
		}
		shift += 7
	}
	return int(x), ""
}

// IsMaintenance reports whether the file describes planned work.
func (in *Incident) IsMaintenance() bool { return in.Severity == Maintenance }

// Facts is what an incident says about itself at one moment: the fields
// a [[changes]] entry may set.
type Facts struct {
	Title      string
	Severity   Severity
	Scope      []string
	Impact     string
	Workaround string
}

// Change is one [[changes]] entry of the front matter: the values it sets
// hold from At, the time of the update it came with. A nil field, an
// empty Severity and a nil Scope leave the value as it was.
type Change struct {
	At       time.Time
	Pos      diag.Pos // of its [[changes]] line
	AtPos    diag.Pos // of the value of at
	Title    *string
	Severity Severity
	Scope    []string
	Impact   *string
	// Workaround may be set to "" when there is none any more.
	Workaround *string
	// Lang holds its [changes.<code>] table of each other language.
	Lang *Translations[Texts]
}

// Apply returns f with c's values set.
func (c Change) Apply(f Facts) Facts {
	if c.Title != nil {
		f.Title = *c.Title
	}
	if c.Severity != "" {
		f.Severity = c.Severity
	}
	if c.Scope != nil {
		f.Scope = c.Scope
	}
	if c.Impact != nil {
		f.Impact = *c.Impact
	}
	if c.Workaround != nil {
		f.Workaround = *c.Workaround
	}
	return f
}

// FactsAt returns what held at t: the opening values with every change
// from t or before applied.
func (in *Incident) FactsAt(t time.Time) Facts {
	f := in.Opening()
	for _, c := range in.Changes {
		if c.At.After(t) {
			break
		}
		f = c.Apply(f)
	}
	return f
}

// ChangesAt returns the changes that came with the update at t.
func (in *Incident) ChangesAt(t time.Time) []Change {
	var out []Change
	for _, c := range in.Changes {
		if c.At.Equal(t) {
			out = append(out, c)
		}
	}
	return out
}

// Update is one dated section of the timeline. A site holds hundreds of
// thousands: it fills 64 bytes (its text in other languages is the
// incident's, see In; its position is UpdatePos).
type Update struct {
	At     time.Time
	Status Status
	Body   template.HTML
	// Line is the line of its heading in the incident's file (a file is
	// at most MaxFileSize bytes).
	Line int32
	// Reopened marks the first update that is not final after one that
	// is: the incident, or maintenance, was open again from here.
	Reopened bool
}

// Text is a piece of public text and where it starts in the incident's
// file (a file is at most MaxFileSize bytes). A build holds every file's
// Texts until it has checked them all: each takes 24 bytes.
type Text struct {
	Line, Col int32
	Text      string
}

// textAt is the Text s starting at p.
func textAt(p diag.Pos, s string) Text { return Text{Line: int32(p.Line), Col: int32(p.Col), Text: s} }

// TextPos returns where t, one of in.Texts, starts.
func (in *Incident) TextPos(t Text) diag.Pos {
	return diag.Pos{File: in.File, Line: int(t.Line), Col: int(t.Col)}
}

// Anchor is the update's permanent fragment id on the incident page, made
// from its own time in UTC so it never changes when updates are added:
// u20261120T0105Z for a heading without seconds (or with :00), and
// u20261120T010530Z with seconds, so that the ids of files written before
// headings had seconds stay what they were. Feed item ids are built on it.
func (u Update) Anchor() string {
	t := u.At.UTC()
	if t.Second() == 0 {
		return "u" + t.Format("20060102T1504Z")
	}
	return "u" + t.Format("20060102T150405Z")
}
