// Package statuspage owns the machine-readable status: the JSON files of
// the public Statuspage API v2 (summary, status, components, incidents,
// scheduled maintenances) under api/v2/, so that tools written for
// Statuspage read a statuspress site unchanged, and the status badges
// (badge.svg and a shields.io endpoint JSON) for the site and for each
// component.
package statuspage

import (
	"bytes"
	"encoding/json"
	"slices"
	"sync"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/status"
)

// MaxIncidents is how many incidents (and, separately, maintenances) the
// list files hold: the most recent ones, as on Statuspage.
const MaxIncidents = 50

// Dir is the folder of the API files, relative to the site root.
const Dir = "api/v2/"

// Add writes the API files and the badges of the model into set:
//
//	api/v2/summary.json, status.json, components.json, incidents.json,
//	incidents/unresolved.json, scheduled-maintenances.json,
//	scheduled-maintenances/upcoming.json, scheduled-maintenances/active.json,
//	badge.svg, api/shields.json, components/<id>/badge.svg and
//	components/<id>/shields.json.
//
// text gives the words of the status descriptions and badges.
func Add(set output.Set, m *status.Model, text *i18n.Catalog) error {
	return rebuild.MakeAll(set, Outputs(m, text))
}

// Outputs declares the files of Add, each with what it depends on, for a
// rebuild.Engine to make.
func Outputs(m *status.Model, text *i18n.Catalog) []rebuild.Output {
	b := newBuilder(m, text)
	maintenances := m.Maintenance[:min(len(m.Maintenance), MaxIncidents):min(len(m.Maintenance), MaxIncidents)]
	var incidents, unresolved []*status.Incident
	for _, in := range m.Incidents {
		// This runs over every incident on every build: the phase, held
		// in the model, first. Those of an incident are active, upcoming
		// or resolved; a maintenance is never active nor resolved.
		open := in.Phase == status.Active || in.Phase == status.Upcoming
		if !open && len(incidents) == MaxIncidents {
			continue
		}
		if in.IsMaintenance() {
			continue
		}
		if len(incidents) < MaxIncidents {
			incidents = append(incidents, in)
		}
		if open {
			unresolved = append(unresolved, in)
		}
	}
	soon := append(slices.Clip(m.Ongoing), m.Upcoming...)
	// Each list is converted once, and only when a file that shows it
	// is not taken from the cache.
	unresolvedDocs := sync.OnceValue(func() []incident { return b.incidents(unresolved) })
	upcomingDocs := sync.OnceValue(func() []maintenance { return b.maintenances(m.Upcoming) })
	activeDocs := sync.OnceValue(func() []maintenance { return b.maintenances(m.Ongoing) })
	files := []struct {
		name  string
		shows []*status.Incident
		doc   func() any
	}{
		{"summary.json", append(slices.Clip(unresolved), soon...), func() any {
			soonDocs := append(slices.Clip(activeDocs()), upcomingDocs()...)
			return summaryDoc{Page: b.page, Components: b.components, Incidents: unresolvedDocs(), ScheduledMaintenances: soonDocs, Status: b.status}
		}},
		{"status.json", nil, func() any { return statusDoc{Page: b.page, Status: b.status} }},
		{"components.json", nil, func() any { return componentsDoc{Page: b.page, Components: b.components} }},
		{"incidents.json", incidents, func() any { return incidentsDoc{Page: b.page, Incidents: b.incidents(incidents)} }},
		{"incidents/unresolved.json", unresolved, func() any { return incidentsDoc{Page: b.page, Incidents: unresolvedDocs()} }},
		{"scheduled-maintenances.json", maintenances, func() any {
			return maintenancesDoc{Page: b.page, ScheduledMaintenances: b.maintenances(maintenances)}
		}},
		{"scheduled-maintenances/upcoming.json", m.Upcoming, func() any {
			return maintenancesDoc{Page: b.page, ScheduledMaintenances: upcomingDocs()}
		}},
		{"scheduled-maintenances/active.json", m.Ongoing, func() any {
			return maintenancesDoc{Page: b.page, ScheduledMaintenances: activeDocs()}
		}},
	}
	// Every file holds components (incidents list theirs), whose dates
	// come from all incidents, and the page, dated by the site's last
	// change: their values are part of every key.
	extra := b.page.UpdatedAt + "|" + b.componentsKey()
	outs := make([]rebuild.Output, 0, len(files)+2+2*len(m.Components))
	for _, f := range files {
		outs = append(outs, rebuild.Output{Name: Dir + f.name, Deps: rebuild.Deps{Extra: extra, Stamps: status.Stamps(f.shows)},
			Make: func() ([]byte, error) { return marshal(f.doc()) }})
	}
	return badges(outs, m, text)
}

// The documents, field for field as Statuspage publishes them.
type (
	summaryDoc struct {
		Page                  page          `json:"page"`
		Components            []component   `json:"components"`
		Incidents             []incident    `json:"incidents"`
		ScheduledMaintenances []maintenance `json:"scheduled_maintenances"`
		Status                pageStatus    `json:"status"`
	}
	statusDoc struct {
		Page   page       `json:"page"`
		Status pageStatus `json:"status"`
	}
	componentsDoc struct {
		Page       page        `json:"page"`
		Components []component `json:"components"`
	}
	incidentsDoc struct {
		Page      page       `json:"page"`
		Incidents []incident `json:"incidents"`
	}
	maintenancesDoc struct {
		Page                  page          `json:"page"`
		ScheduledMaintenances []maintenance `json:"scheduled_maintenances"`
	}
)

type page struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

type pageStatus struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

type component struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Status             string   `json:"status"`
	CreatedAt          string   `json:"created_at"`
	UpdatedAt          string   `json:"updated_at"`
	Position           int      `json:"position"`
	Description        *string  `json:"description"`
	Showcase           bool     `json:"showcase"`
	StartDate          *string  `json:"start_date"`
	GroupID            *string  `json:"group_id"`
	PageID             string   `json:"page_id"`
	Group              bool     `json:"group"`
	OnlyShowIfDegraded bool     `json:"only_show_if_degraded"`
	Components         []string `json:"components,omitempty"` // ids of a group's members
}

// incident is an incident as Statuspage shows it.
type incident struct {
	ID              string           `json:"id"`
	Name            string           `json:"name"`
	Status          string           `json:"status"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
	MonitoringAt    *string          `json:"monitoring_at"`
	ResolvedAt      *string          `json:"resolved_at"`
	Impact          string           `json:"impact"`
	Shortlink       string           `json:"shortlink"`
	StartedAt       string           `json:"started_at"`
	PageID          string           `json:"page_id"`
	IncidentUpdates []incidentUpdate `json:"incident_updates"`
	Components      []component      `json:"components"`
	// ReminderIntervals is Statuspage's schedule of reminder emails for a
	// maintenance; statuspress sends none, so it is always null.
	ReminderIntervals *string `json:"reminder_intervals"`
}

// maintenance is a scheduled maintenance: an incident with its window.
type maintenance struct {
	incident
	ScheduledFor   string  `json:"scheduled_for"`
	ScheduledUntil *string `json:"scheduled_until"`
}

type incidentUpdate struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	Body       string `json:"body"`
	IncidentID string `json:"incident_id"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
	DisplayAt  string `json:"display_at"`
	// The fields real Statuspage updates carry besides: which components
	// the update moved, and the notification settings (statuspress
	// tweets nothing; notify sends every update).
	AffectedComponents   []affectedComponent `json:"affected_components"`
	DeliverNotifications bool                `json:"deliver_notifications"`
	CustomTweet          *string             `json:"custom_tweet"`
	TweetID              *string             `json:"tweet_id"`
}

// affectedComponent is a component's status before and after an update.
type affectedComponent struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// marshal writes indented JSON with a final newline, leaving <, > and &
// as they are (the files are not embedded in HTML).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
