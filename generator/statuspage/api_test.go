package statuspage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The public Statuspage API v2 shapes, written from its documentation
// (https://metastatuspage.com/api/v2/), not from this package's types.
// Decoding disallows unknown fields, so a field we invent fails.
type (
	apiPage struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		URL       string `json:"url"`
		TimeZone  string `json:"time_zone"`
		UpdatedAt string `json:"updated_at"`
	}
	apiStatus struct {
		Indicator   string `json:"indicator"`
		Description string `json:"description"`
	}
	apiComponent struct {
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
		Components         []string `json:"components"`
	}
	apiUpdate struct {
		ID         string `json:"id"`
		Status     string `json:"status"`
		Body       string `json:"body"`
		IncidentID string `json:"incident_id"`
		CreatedAt  string `json:"created_at"`
		UpdatedAt  string `json:"updated_at"`
		DisplayAt  string `json:"display_at"`

		AffectedComponents []struct {
			Code      string `json:"code"`
			Name      string `json:"name"`
			OldStatus string `json:"old_status"`
			NewStatus string `json:"new_status"`
		} `json:"affected_components"`
		DeliverNotifications bool    `json:"deliver_notifications"`
		CustomTweet          *string `json:"custom_tweet"`
		TweetID              *string `json:"tweet_id"`
	}
	apiIncident struct {
		ID              string         `json:"id"`
		Name            string         `json:"name"`
		Status          string         `json:"status"`
		CreatedAt       string         `json:"created_at"`
		UpdatedAt       string         `json:"updated_at"`
		MonitoringAt    *string        `json:"monitoring_at"`
		ResolvedAt      *string        `json:"resolved_at"`
		Impact          string         `json:"impact"`
		Shortlink       string         `json:"shortlink"`
		StartedAt       string         `json:"started_at"`
		PageID          string         `json:"page_id"`
		IncidentUpdates []apiUpdate    `json:"incident_updates"`
		Components      []apiComponent `json:"components"`
		Reminders       *string        `json:"reminder_intervals"`
		ScheduledFor    *string        `json:"scheduled_for"`
		ScheduledUntil  *string        `json:"scheduled_until"`
	}
	apiDoc struct {
		Page                  *apiPage       `json:"page"`
		Status                *apiStatus     `json:"status"`
		Components            []apiComponent `json:"components"`
		Incidents             []apiIncident  `json:"incidents"`
		ScheduledMaintenances []apiIncident  `json:"scheduled_maintenances"`
	}
)

// apiFiles lists every API file and the top-level keys it must have.
var apiFiles = map[string][]string{
	"summary.json":                         {"page", "components", "incidents", "scheduled_maintenances", "status"},
	"status.json":                          {"page", "status"},
	"components.json":                      {"page", "components"},
	"incidents.json":                       {"page", "incidents"},
	"incidents/unresolved.json":            {"page", "incidents"},
	"scheduled-maintenances.json":          {"page", "scheduled_maintenances"},
	"scheduled-maintenances/upcoming.json": {"page", "scheduled_maintenances"},
	"scheduled-maintenances/active.json":   {"page", "scheduled_maintenances"},
}

func decodeAPI(t *testing.T, name string, data []byte) apiDoc {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	keys := apiFiles[strings.TrimPrefix(name, Dir)]
	for _, k := range keys {
		raw, ok := top[k]
		if !ok || string(raw) == "null" {
			t.Errorf("%s: %q missing or null", name, k)
		}
	}
	if len(top) != len(keys) {
		t.Errorf("%s: %d top-level keys, want %v", name, len(top), keys)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc apiDoc
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: not in the Statuspage shape: %v", name, err)
	}
	return doc
}

func enum(t *testing.T, where, got string, valid ...string) {
	t.Helper()
	if !slices.Contains(valid, got) {
		t.Errorf("%s = %q, want one of %v", where, got, valid)
	}
}

func rfc3339(t *testing.T, where string, s *string, nullable bool) {
	t.Helper()
	if s == nil {
		if !nullable {
			t.Errorf("%s is null", where)
		}
		return
	}
	if _, err := time.Parse(time.RFC3339, *s); err != nil {
		t.Errorf("%s: %v", where, err)
	}
}

func checkComponent(t *testing.T, where string, c apiComponent) {
	enum(t, where+".status", c.Status, "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance")
	rfc3339(t, where+".created_at", &c.CreatedAt, false)
	rfc3339(t, where+".updated_at", &c.UpdatedAt, false)
	if c.ID == "" || c.Name == "" || c.PageID == "" || c.Position < 1 || c.Group != (c.Components != nil) || c.Group && c.GroupID != nil {
		t.Errorf("%s: %+v", where, c)
	}
}

func checkIncident(t *testing.T, where string, in apiIncident, maintenance bool) {
	if maintenance {
		enum(t, where+".status", in.Status, "scheduled", "in_progress", "verifying", "completed")
		rfc3339(t, where+".scheduled_for", in.ScheduledFor, false)
		rfc3339(t, where+".scheduled_until", in.ScheduledUntil, true)
	} else {
		enum(t, where+".status", in.Status, "investigating", "identified", "monitoring", "resolved", "postmortem")
		if in.ScheduledFor != nil || in.ScheduledUntil != nil {
			t.Errorf("%s: an incident with a maintenance window", where)
		}
	}
	enum(t, where+".impact", in.Impact, "none", "minor", "major", "critical", "maintenance")
	for _, s := range []*string{&in.CreatedAt, &in.UpdatedAt, &in.StartedAt} {
		rfc3339(t, where+" time", s, false)
	}
	rfc3339(t, where+".monitoring_at", in.MonitoringAt, true)
	rfc3339(t, where+".resolved_at", in.ResolvedAt, true)
	if len(in.IncidentUpdates) == 0 || in.Components == nil || in.ID == "" || in.Name == "" || in.Shortlink == "" {
		t.Errorf("%s: incomplete: %+v", where, in)
	}
	for i, u := range in.IncidentUpdates {
		w := fmt.Sprintf("%s.incident_updates[%d]", where, i)
		enum(t, w+".status", u.Status, "investigating", "identified", "monitoring", "resolved", "postmortem", "scheduled", "in_progress", "verifying", "completed")
		for _, s := range []*string{&u.CreatedAt, &u.UpdatedAt, &u.DisplayAt} {
			rfc3339(t, w, s, false)
		}
		if u.IncidentID != in.ID || u.ID == "" || u.Body == "" || u.AffectedComponents == nil {
			t.Errorf("%s: %+v", w, u)
		}
		for j, a := range u.AffectedComponents {
			levels := []string{"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
			enum(t, fmt.Sprintf("%s.affected_components[%d].old_status", w, j), a.OldStatus, levels...)
			enum(t, fmt.Sprintf("%s.affected_components[%d].new_status", w, j), a.NewStatus, levels...)
			if a.Code == "" || a.Name == "" {
				t.Errorf("%s.affected_components[%d]: %+v", w, j, a)
			}
		}
	}
	for i, c := range in.Components {
		checkComponent(t, fmt.Sprintf("%s.components[%d]", where, i), c)
	}
}

func TestAPIShapes(t *testing.T) {
	for _, site := range []string{"en", "ja"} {
		t.Run(site, func(t *testing.T) {
			m, text := loadModel(t, siteFS(site), testNow())
			set := render(t, m, text)
			for file := range apiFiles {
				name := Dir + file
				doc := decodeAPI(t, name, set[name])
				p := doc.Page
				if p.ID == "" || p.Name != m.Site.Title || p.URL != m.Site.BaseURL || p.TimeZone != "Asia/Tokyo" || p.UpdatedAt != m.LastChange(m.Incidents).Format(time.RFC3339) {
					t.Errorf("%s: page = %+v", name, p)
				}
				if doc.Status != nil {
					enum(t, name+" indicator", doc.Status.Indicator, "none", "minor", "major", "critical", "maintenance")
				}
				for i, c := range doc.Components {
					checkComponent(t, fmt.Sprintf("%s components[%d]", name, i), c)
				}
				for i, in := range doc.Incidents {
					checkIncident(t, fmt.Sprintf("%s incidents[%d]", name, i), in, false)
				}
				for i, in := range doc.ScheduledMaintenances {
					checkIncident(t, fmt.Sprintf("%s scheduled_maintenances[%d]", name, i), in, true)
				}
				if !bytes.HasSuffix(set[name], []byte("}\n")) || !bytes.Contains(set[name], []byte("\n  \"page\": {")) {
					t.Errorf("%s: not indented JSON ending in a newline", name)
				}
			}
		})
	}
}

func ids(list []apiIncident) string {
	var out []string
	for _, in := range list {
		out = append(out, in.ID+"="+in.Status)
	}
	return strings.Join(out, " ")
}

func TestAPIContents(t *testing.T) {
	m, text := loadModel(t, siteFS("en"), testNow())
	set := render(t, m, text)
	sum := decodeAPI(t, "summary.json", set[Dir+"summary.json"])
	if *sum.Status != (apiStatus{Indicator: "major", Description: "Partial outage"}) {
		t.Errorf("status = %+v", *sum.Status)
	}
	if got := ids(sum.Incidents); got != "2026-11-20-email-delayed=identified" {
		t.Errorf("summary incidents: %s (want only the unresolved one; an update keeps the status before it)", got)
	}
	if got := ids(sum.ScheduledMaintenances); got != "2026-11-20-docs-migration=in_progress 2026-11-25-db-upgrade=scheduled" {
		t.Errorf("summary maintenances: %s (want in progress and upcoming only)", got)
	}
	var comps []string
	for _, c := range sum.Components {
		g := ""
		if c.GroupID != nil {
			g = "<" + *c.GroupID
		}
		comps = append(comps, fmt.Sprintf("%d:%s=%s%s", c.Position, c.Name, c.Status, g))
	}
	gid := sum.Components[0].ID
	want := fmt.Sprintf("1:Platform=partial_outage 2:Public API=partial_outage<%[1]s 3:Email delivery=partial_outage<%[1]s 4:Apps=operational 5:Dashboard=operational<%[2]s 6:Documentation=under_maintenance",
		gid, sum.Components[3].ID)
	if got := strings.Join(comps, " "); got != want {
		t.Errorf("components:\n got %s\nwant %s", got, want)
	}
	if !slices.Equal(sum.Components[0].Components, []string{"api", "mail"}) {
		t.Errorf("group members = %v", sum.Components[0].Components)
	}

	inc := decodeAPI(t, "incidents.json", set[Dir+"incidents.json"])
	if got := ids(inc.Incidents); got != "2026-11-20-email-delayed=identified 2026-11-12-dashboard-slow=postmortem 2026-11-05-api-errors=resolved" {
		t.Errorf("incidents.json: %s", got)
	}
	email := inc.Incidents[0]
	var ups []string
	for _, u := range email.IncidentUpdates {
		ups = append(ups, u.Status+"@"+u.CreatedAt)
	}
	if got := strings.Join(ups, " "); got != "identified@2026-11-20T11:30:00+09:00 identified@2026-11-20T10:05:00+09:00 investigating@2026-11-20T09:20:00+09:00" {
		t.Errorf("email updates: %s", got)
	}
	if email.IncidentUpdates[1].Body != "A storage node failed. We estimate recovery by 15:00; see the status of the queue." {
		t.Errorf("body is not plain text: %q", email.IncidentUpdates[1].Body)
	}
	if email.Impact != "major" || email.ResolvedAt != nil || email.Shortlink != "https://status.example.com/incidents/2026-11-20-email-delayed/" || len(email.Components) != 2 || email.Components[0].ID != "mail" {
		t.Errorf("email incident: %+v", email)
	}
	slow := inc.Incidents[1]
	if slow.MonitoringAt == nil || *slow.MonitoringAt != "2026-11-12T14:40:00+09:00" || slow.ResolvedAt == nil || *slow.ResolvedAt != "2026-11-12T15:10:00+09:00" {
		t.Errorf("dashboard incident times: %+v", slow)
	}
	api := inc.Incidents[2]
	if len(api.IncidentUpdates) != 1 || !strings.HasPrefix(api.IncidentUpdates[0].Body, "All API calls failed for 45 minutes") {
		t.Errorf("an incident without updates still gets one: %+v", api.IncidentUpdates)
	}

	sm := decodeAPI(t, "scheduled-maintenances.json", set[Dir+"scheduled-maintenances.json"])
	if got := ids(sm.ScheduledMaintenances); got != "2026-11-25-db-upgrade=scheduled 2026-11-20-docs-migration=in_progress 2026-10-01-cdn-maintenance=completed" {
		t.Errorf("scheduled-maintenances.json: %s", got)
	}
	db := sm.ScheduledMaintenances[0]
	if *db.ScheduledFor != "2026-11-25T02:00:00+09:00" || *db.ScheduledUntil != "2026-11-25T04:00:00+09:00" || db.CreatedAt != "2026-11-18T10:00:00+09:00" || db.Impact != "maintenance" {
		t.Errorf("db upgrade: %+v", db)
	}
	up := decodeAPI(t, Dir+"scheduled-maintenances/upcoming.json", set[Dir+"scheduled-maintenances/upcoming.json"])
	act := decodeAPI(t, Dir+"scheduled-maintenances/active.json", set[Dir+"scheduled-maintenances/active.json"])
	if ids(up.ScheduledMaintenances) != "2026-11-25-db-upgrade=scheduled" || ids(act.ScheduledMaintenances) != "2026-11-20-docs-migration=in_progress" {
		t.Errorf("upcoming %s, active %s", ids(up.ScheduledMaintenances), ids(act.ScheduledMaintenances))
	}
	for name, data := range set {
		if bytes.Contains(data, []byte("secret-draft")) || bytes.Contains(data, []byte("Draft: login")) {
			t.Errorf("%s publishes a draft", name)
		}
	}
}

func TestAPIEmptySite(t *testing.T) {
	m, text := loadModel(t, inlineSite(smallSite, nil), testNow())
	set := render(t, m, text)
	for file := range apiFiles {
		decodeAPI(t, file, set[Dir+file])
		for _, key := range []string{"components", "incidents", "scheduled_maintenances", "incident_updates"} {
			if bytes.Contains(set[Dir+file], []byte(`"`+key+`": null`)) {
				t.Errorf("%s: %s is null, not []:\n%s", file, key, set[Dir+file])
			}
		}
	}
	if !bytes.Contains(set[Dir+"summary.json"], []byte(`"incidents": [],`)) || !bytes.Contains(set[Dir+"summary.json"], []byte(`"indicator": "none"`)) {
		t.Errorf("empty summary:\n%s", set[Dir+"summary.json"])
	}
}

func TestAPILatest50(t *testing.T) {
	files := map[string]string{}
	for i := range 60 {
		files[fmt.Sprintf("i%02d.md", i)] = fmt.Sprintf("+++\ntitle = \"Incident %d\"\nseverity = \"minor\"\nscope = [\"api\"]\nstarted = 2026-01-%02dT10:00:00\nresolved = 2026-01-%02dT11:00:00\n+++\n", i, 1+i/3, 1+i/3)
	}
	m, text := loadModel(t, inlineSite(smallSite, files), testNow())
	set := render(t, m, text)
	doc := decodeAPI(t, "incidents.json", set[Dir+"incidents.json"])
	if len(doc.Incidents) != MaxIncidents || doc.Incidents[0].ID != "i57" || doc.Incidents[MaxIncidents-1].ID != "i10" {
		t.Errorf("incidents.json holds %d, first %s, last %s", len(doc.Incidents), doc.Incidents[0].ID, doc.Incidents[len(doc.Incidents)-1].ID)
	}
}

func TestGolden(t *testing.T) {
	for _, site := range []string{"en", "ja"} {
		t.Run(site, func(t *testing.T) {
			m, text := loadModel(t, siteFS(site), testNow())
			set := render(t, m, text)
			for _, name := range set.Paths() {
				golden(t, site+"/"+name, set[name])
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, site := range []string{"en", "ja"} {
		m1, text1 := loadModel(t, siteFS(site), testNow())
		m2, text2 := loadModel(t, siteFS(site), testNow())
		a, b := render(t, m1, text1), render(t, m2, text2)
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", site, len(a), len(b))
		}
		for name, data := range a {
			if !bytes.Equal(data, b[name]) {
				t.Errorf("%s: %s differs between two builds", site, name)
			}
		}
	}
}
