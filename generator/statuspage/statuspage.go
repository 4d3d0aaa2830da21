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
	return rebuild.MakeAll(set, Outputs(m, text, nil))
}

// Outputs declares the files of Add, each with what it depends on, for a
// rebuild.Engine to make.
//
// parts, when not nil, keeps the JSON of each incident across runs.
func Outputs(m *status.Model, text *i18n.Catalog, parts *rebuild.Parts) []rebuild.Output {
	b := newBuilder(m, text)
	maintenances := m.Maintenance[:min(len(m.Maintenance), MaxIncidents):min(len(m.Maintenance), MaxIncidents)]
	var incidents []*status.Incident
	for _, in := range m.Incidents {
		if len(incidents) == MaxIncidents {
			break
		}
		if !in.IsMaintenance() {
			incidents = append(incidents, in)
		}
	}
	unresolved := m.Unresolved
	soon := append(slices.Clip(m.Ongoing), m.Upcoming...)
	// Each list is converted once, and only when a file that shows it
	// is not taken from the last run; users is how many files do.
	it := newItems(b, parts)
	type list = func() ([]string, error)
	once := func(l []*status.Incident, maint bool, users int) list {
		return (&shared{users: users, make: func() ([]string, error) { return it.list(l, maint) }}).get
	}
	unresolvedItems, soonItems := once(unresolved, false, 2), once(soon, true, 1)
	upcomingItems, activeItems := once(m.Upcoming, true, 1), once(m.Ongoing, true, 1)
	page, comps, st := field{key: "page", value: b.page}, field{key: "components", value: b.components}, field{key: "status", value: b.status}
	listed := func(key string, items list, more ...field) func(w *bytes.Buffer) error {
		return func(w *bytes.Buffer) error {
			l, err := items()
			if err != nil {
				return err
			}
			return writeDoc(w, append([]field{page, {key: key, items: l, list: true}}, more...)...)
		}
	}
	files := []struct {
		name  string
		shows []*status.Incident
		make  func(w *bytes.Buffer) error
	}{
		{"summary.json", append(slices.Clip(unresolved), soon...), func(w *bytes.Buffer) error {
			inc, err := unresolvedItems()
			if err != nil {
				return err
			}
			sm, err := soonItems()
			if err != nil {
				return err
			}
			return writeDoc(w, page, comps, field{key: "incidents", items: inc, list: true},
				field{key: "scheduled_maintenances", items: sm, list: true}, st)
		}},
		{"status.json", nil, func(w *bytes.Buffer) error { return writeDoc(w, page, st) }},
		{"components.json", nil, func(w *bytes.Buffer) error { return writeDoc(w, page, comps) }},
		{"incidents.json", incidents, listed("incidents", once(incidents, false, 1))},
		{"incidents/unresolved.json", unresolved, listed("incidents", unresolvedItems)},
		{"scheduled-maintenances.json", maintenances, listed("scheduled_maintenances", once(maintenances, true, 1))},
		{"scheduled-maintenances/upcoming.json", m.Upcoming, listed("scheduled_maintenances", upcomingItems)},
		{"scheduled-maintenances/active.json", m.Ongoing, listed("scheduled_maintenances", activeItems)},
	}
	// Every file holds components (incidents list theirs), whose dates
	// come from all incidents, and the page, dated by the site's last
	// change: their values are part of every key.
	extra := b.page.UpdatedAt + "|" + b.componentsKey()
	outs := make([]rebuild.Output, 0, len(files)+2+2*len(m.Components))
	for _, f := range files {
		outs = append(outs, rebuild.Output{Name: Dir + f.name, Deps: rebuild.Deps{Extra: extra, Stamps: status.Stamps(f.shows)},
			Make: f.make})
	}
	return badges(outs, m, text)
}

// shared is the items of a list that several files show, made by the
// first of them and let go once the last has them: a large site has
// thousands of unresolved incidents, whose JSON would otherwise stay
// for the whole run.
type shared struct {
	mu    sync.Mutex
	make  func() ([]string, error)
	users int // the files yet to get the items
	done  bool
	items []string
	err   error
}

func (s *shared) get() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.done {
		s.items, s.err = s.make()
		s.done = true
	}
	items, err := s.items, s.err
	if s.users--; s.users <= 0 {
		s.items, s.err, s.done = nil, nil, false // made again if asked again
	}
	return items, err
}

// The documents are written by writeDoc, member for member as
// Statuspage publishes them; these are their parts.

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
