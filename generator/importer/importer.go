// Package importer moves a status page from another tool into a
// statuspress site: it reads a Statuspage page's public API v2 files or a
// cState site, turns them into components and incidents, and plans the
// files (site.toml and one incident file each) that hold them in
// statuspress's format. Whatever cannot be carried over exactly is listed
// as a warning at its place in the foreign data, with what was done
// instead. The plan is checked with the same rules as `statuspress check`
// before anything is written, and writing goes through the author
// package, which owns writing sources.
package importer

import (
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/source"
)

// Site is what was read from the other tool.
type Site struct {
	// Tool names the source, as in the files' import marks: "statuspage"
	// or "cstate".
	Tool string
	// Title, BaseURL, Timezone and Language fill a new site.toml.
	Title, BaseURL, Timezone, Language string
	// Components are in the order the other tool shows them.
	Components []Component
	// OwnIDs says the source is a statuspress site's own API, whose
	// component Keys are statuspress ids: they are kept, so that
	// /components/<id>/ stays where it was.
	OwnIDs bool
	// Incidents are incidents and maintenance, in any order.
	Incidents []*Incident
	// Notes list what could not be carried over exactly, at its place
	// in the foreign data.
	Notes diag.List
}

// Component is one component of the other tool.
type Component struct {
	// Key is the other tool's own name for it (a Statuspage id, a cState
	// system name); incidents refer to it by Key.
	Key         string
	Name        string
	Group       string
	Description string
	Pos         diag.Pos
}

// Incident is one incident or maintenance of the other tool.
type Incident struct {
	// ID identifies it in the other tool, for the file's import mark:
	// the same ID on a later run is the same incident.
	ID string
	// Slug is a name the other tool already used, kept when it is a
	// valid slug; "" makes one from the date and the title.
	Slug     string
	Pos      diag.Pos
	Title    string
	Severity source.Severity
	// Scope holds component Keys.
	Scope   []string
	Started time.Time
	// ETA is the planned end of a maintenance.
	ETA      time.Time
	Resolved time.Time // zero while ongoing
	Summary  string
	// Updates are newest first.
	Updates    []Update
	Postmortem string
	// Link is the incident's address in the other tool.
	Link string
}

// Update is one report in an incident's timeline.
type Update struct {
	At     time.Time
	Status source.Status
	Body   string
	Pos    diag.Pos
}
