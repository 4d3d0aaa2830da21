// Package source owns incident files: it splits the +++ TOML front matter
// from the Markdown body, reads the update sections and the postmortem,
// checks everything that can be checked within one file (and against the
// site's components), and renders the Markdown once, safely.
package source

import (
	"html/template"
	"time"

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
type Incident struct {
	Slug string
	File string // path relative to the source folder, slash-separated

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

	Summary    template.HTML
	Updates    []Update // newest first
	Postmortem template.HTML

	// Texts is every piece of public text with where it starts, for checks
	// that look for internal details before they are published.
	Texts []Text
	// KeyPos gives the position of each front matter key that was set.
	KeyPos map[string]diag.Pos
}

// IsMaintenance reports whether the file describes planned work.
func (in *Incident) IsMaintenance() bool { return in.Severity == Maintenance }

// Update is one dated section of the timeline.
type Update struct {
	At     time.Time
	Status Status
	Body   template.HTML
	Pos    diag.Pos // of the heading
}

// Text is a piece of public text and where it starts in the file.
type Text struct {
	Pos  diag.Pos
	Text string
}

// Anchor is the update's permanent fragment id on the incident page, made
// from its own time in UTC so it never changes when updates are added.
func (u Update) Anchor() string { return "u" + u.At.UTC().Format("20060102T1504Z") }
