package statuspage

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// builder turns the model into API objects; it builds each component
// object once, as incidents repeat them.
type builder struct {
	m          *status.Model
	text       *i18n.Catalog
	page       page
	status     pageStatus
	components []component          // groups and components, in page order
	byID       map[string]component // components only
}

func newBuilder(m *status.Model, text *i18n.Catalog) *builder {
	b := &builder{m: m, text: text, byID: map[string]component{}}
	b.page = page{
		ID:        PageID(m.Site.BaseURL),
		Name:      m.Site.Title,
		URL:       m.Site.BaseURL,
		TimeZone:  m.Site.Timezone,
		UpdatedAt: b.time(m.Now),
	}
	b.status = pageStatus{Indicator: Indicator(m.Overall), Description: text.T("overall_" + string(m.Overall))}
	created := m.Now
	for _, in := range m.Incidents {
		if t := createdAt(in); t.Before(created) {
			created = t
		}
	}
	pos := 0
	for _, g := range m.Groups {
		var gid *string
		if g.Name != "" {
			pos++
			id := "group-" + shortID(g.Name)
			gid = &id
			grp := component{
				ID: id, Name: g.Name, Status: string(g.Level), CreatedAt: b.time(created), UpdatedAt: b.time(created),
				Position: pos, PageID: b.page.ID, Group: true, Components: []string{},
			}
			last := created
			for _, c := range g.Components {
				grp.Components = append(grp.Components, c.ID)
				if u := b.changed(c, created); u.After(last) {
					last = u
				}
			}
			grp.UpdatedAt = b.time(last)
			b.components = append(b.components, grp)
		}
		for _, c := range g.Components {
			pos++
			comp := component{
				ID: c.ID, Name: c.Name, Status: string(c.Level),
				CreatedAt: b.time(created), UpdatedAt: b.time(b.changed(c, created)),
				Position: pos, GroupID: gid, PageID: b.page.ID,
			}
			if c.Description != "" {
				d := c.Description
				comp.Description = &d
			}
			b.components = append(b.components, comp)
			b.byID[c.ID] = comp
		}
	}
	if b.components == nil {
		b.components = []component{}
	}
	return b
}

// changed is when the component's status last changed as far as the model
// knows: the latest start or end of its incidents that is not in the
// future (updates and announcements do not change a status).
func (b *builder) changed(c *status.Component, created time.Time) time.Time {
	last := created
	seen := func(t time.Time) {
		if !t.IsZero() && !t.After(b.m.Now) && t.After(last) {
			last = t
		}
	}
	for _, in := range c.Incidents {
		seen(in.Started)
		seen(in.End)
	}
	return last
}

func (b *builder) incident(in *status.Incident) incident {
	out := incident{
		ID:              in.Slug,
		Name:            in.Title,
		Status:          IncidentStatus(in),
		CreatedAt:       b.time(createdAt(in)),
		Impact:          Impact(in.Severity),
		Shortlink:       b.m.Site.BaseURL + "incidents/" + in.Slug + "/",
		StartedAt:       b.time(in.Started),
		PageID:          b.page.ID,
		IncidentUpdates: []incidentUpdate{},
		Components:      []component{},
	}
	if in.IsMaintenance() {
		out.Status = MaintenanceStatus(in.Phase)
	}
	// updated_at is the last change so far: a maintenance announced for
	// next week was last updated when it was announced, not at its start.
	last := in.Started
	if len(in.Updates) > 0 && (in.Updates[0].At.After(last) || last.After(b.m.Now)) {
		last = in.Updates[0].At
	}
	if in.Phase == status.Resolved || in.Phase == status.Completed {
		end := b.time(in.End)
		out.ResolvedAt = &end
		if in.End.After(last) {
			last = in.End
		}
	}
	out.UpdatedAt = b.time(last)
	for _, u := range in.Updates {
		if u.Status == source.Monitoring {
			at := b.time(u.At)
			out.MonitoringAt = &at
			break
		}
	}
	for i, u := range in.Updates {
		at := b.time(u.At)
		out.IncidentUpdates = append(out.IncidentUpdates, incidentUpdate{
			ID: in.Slug + "-" + u.Anchor(), Status: updateStatus(in.Updates[i:], in.IsMaintenance()),
			Body: plainText(string(u.Body)), IncidentID: in.Slug,
			CreatedAt: at, UpdatedAt: at, DisplayAt: at,
		})
	}
	if len(in.Updates) == 0 {
		// Statuspage incidents always have an update; readers show the
		// first one, so the summary stands in for it.
		body := plainText(string(in.Summary))
		if body == "" {
			body = in.Impact
		}
		if body == "" {
			body = in.Title
		}
		at := b.time(in.Started)
		out.IncidentUpdates = append(out.IncidentUpdates, incidentUpdate{
			ID: in.Slug + "-start", Status: out.Status, Body: body, IncidentID: in.Slug,
			CreatedAt: at, UpdatedAt: at, DisplayAt: at,
		})
	}
	for _, id := range in.Scope {
		if c, ok := b.byID[id]; ok {
			out.Components = append(out.Components, c)
		}
	}
	return out
}

func (b *builder) maintenance(in *status.Incident) maintenance {
	out := maintenance{incident: b.incident(in), ScheduledFor: b.time(in.Started)}
	if !in.End.IsZero() {
		until := b.time(in.End)
		out.ScheduledUntil = &until
	}
	return out
}

func (b *builder) incidents(list []*status.Incident) []incident {
	out := []incident{}
	for _, in := range list {
		out = append(out, b.incident(in))
	}
	return out
}

// componentsKey is the components' status and dates as one string.
func (b *builder) componentsKey() string {
	var k strings.Builder
	k.WriteString(b.status.Indicator)
	for _, c := range b.components {
		k.WriteString("|" + c.ID + " " + c.Status + " " + c.CreatedAt + " " + c.UpdatedAt)
	}
	return k.String()
}

func (b *builder) maintenances(list []*status.Incident) []maintenance {
	out := []maintenance{}
	for _, in := range list {
		out = append(out, b.maintenance(in))
	}
	return out
}

// time formats t in RFC 3339 in the site's zone.
func (b *builder) time(t time.Time) string { return t.In(b.m.Site.Location).Format(time.RFC3339) }

// createdAt is when an incident was first reported: its start, or its
// oldest update when that came earlier (maintenance is announced ahead).
func createdAt(in *status.Incident) time.Time {
	t := in.Started
	if n := len(in.Updates); n > 0 && in.Updates[n-1].At.Before(t) {
		t = in.Updates[n-1].At
	}
	return t
}

// Indicator maps the overall level to Statuspage's status indicator.
func Indicator(l status.Level) string {
	switch l {
	case status.Degraded:
		return "minor"
	case status.Partial:
		return "major"
	case status.MajorOutage:
		return "critical"
	case status.Maintenance:
		return "maintenance"
	}
	return "none"
}

// Impact maps a severity to Statuspage's impact.
func Impact(s source.Severity) string {
	switch s {
	case source.Minor, source.Major, source.Critical, source.Maintenance:
		return string(s)
	}
	return "none"
}

// IncidentStatus is the Statuspage status of an incident: resolved (or
// postmortem, once one is written) when the model says it ended,
// otherwise that of its newest update.
func IncidentStatus(in *status.Incident) string {
	if in.Phase == status.Resolved {
		if in.Postmortem != "" {
			return "postmortem"
		}
		return "resolved"
	}
	return updateStatus(in.Updates, false)
}

// MaintenanceStatus is the Statuspage status of a maintenance in a phase.
func MaintenanceStatus(p status.Phase) string {
	switch p {
	case status.InProgress:
		return "in_progress"
	case status.Completed:
		return "completed"
	}
	return "scheduled"
}

// updateStatus is the status of the first of updates (newest first):
// a plain "update" keeps the status the one before it reported.
func updateStatus(updates []source.Update, maintenance bool) string {
	for _, u := range updates {
		switch u.Status {
		case source.Investigating, source.Identified, source.Monitoring, source.Resolved, source.Scheduled, source.Completed:
			return string(u.Status)
		case source.InProgress:
			return "in_progress"
		}
	}
	if maintenance {
		return "scheduled"
	}
	return "investigating"
}

// PageID is the page's id in every API document and webhook: a stable
// 12-character id made from the site's base URL.
func PageID(baseURL string) string { return shortID(baseURL) }

// shortID is a stable 12-character id made from s.
func shortID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// plainText reduces the safe Markdown renderer's HTML to text, keeping
// its line breaks (it ends every block with one). That renderer escapes every "<" and
// ">" in text and attributes, so what lies between them is a tag.
func plainText(h string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		h = h[i+j+1:]
	}
	lines := strings.Split(html.UnescapeString(b.String()), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
