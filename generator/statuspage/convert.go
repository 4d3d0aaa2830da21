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
		ID:       PageID(m.Site.RootBaseURL()), // the same in every language
		Name:     m.Site.Title,
		URL:      m.Site.BaseURL,
		TimeZone: m.Site.Timezone,
		// The last change, not the build time: pollers see a new
		// updated_at (and new bytes) only when something changed.
		UpdatedAt: b.time(m.LastChange(m.Incidents)),
	}
	b.status = pageStatus{Indicator: Indicator(m.Overall), Description: text.T("overall_" + string(m.Overall))}
	created := m.LastChange(nil) // with no incident yet: the start of today
	if len(m.Incidents) > 0 && m.FirstReport.Before(created) {
		created = m.FirstReport
	}
	pos := 0
	for _, g := range m.Groups {
		var gid *string
		if g.Name != "" {
			pos++
			id := "group-" + shortID(g.Key()) // the same in every language
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
// knows (see status.Component.LevelChanged), or created when that is later.
func (b *builder) changed(c *status.Component, created time.Time) time.Time {
	if c.LevelChanged.After(created) {
		return c.LevelChanged
	}
	return created
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
	if in.Cancelled {
		last = b.m.Changed(in) // its planned window passes without a change
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
		old := status.Operational
		if i+1 < len(in.Updates) {
			old = updateLevel(in, in.Updates[i+1].Status)
		}
		out.IncidentUpdates = append(out.IncidentUpdates, incidentUpdate{
			ID: in.Slug + "-" + u.Anchor(), Status: updateStatus(in.Updates[i:], in.IsMaintenance()),
			Body: plainText(string(u.Body)), IncidentID: in.Slug,
			CreatedAt: at, UpdatedAt: at, DisplayAt: at,
			AffectedComponents: b.affected(in, old, updateLevel(in, u.Status)), DeliverNotifications: true,
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
			AffectedComponents: b.affected(in, status.Operational, status.LevelOf(in.Severity)), DeliverNotifications: true,
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

// componentsKey is the components' status and dates as one string.
func (b *builder) componentsKey() string {
	var k strings.Builder
	k.WriteString(b.status.Indicator)
	for _, c := range b.components {
		k.WriteString("|" + c.ID + " " + c.Status + " " + c.CreatedAt + " " + c.UpdatedAt)
	}
	return k.String()
}

// time formats t in RFC 3339 in the site's zone.
func (b *builder) time(t time.Time) string { return t.In(b.m.Site.Location).Format(time.RFC3339) }

// createdAt is when an incident was first reported (see
// status.Incident.Reported).
func createdAt(in *status.Incident) time.Time { return in.Reported() }

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

// plainText turns rendered Markdown into the plain text of a Statuspage
// body: tags dropped, entities decoded, the lines of a paragraph joined
// with spaces (a line wrapped in the source is not a line break),
// paragraphs and other blocks separated by a blank line, a hard break
// (<br>) and each list item on a line of its own, preformatted text as
// it was. The safe Markdown renderer escapes every "<" and ">" in text
// and attributes, so what lies between them is a tag.
func plainText(h string) string {
	var b strings.Builder
	pre := false
	for h != "" {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			i = len(h)
		}
		text := h[:i]
		if !pre {
			text = strings.ReplaceAll(text, "\n", " ")
		}
		b.WriteString(text)
		h = h[i:]
		if h == "" {
			break
		}
		j := strings.IndexByte(h, '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(strings.TrimLeft(h[1:j], "/"))
		if n := strings.IndexAny(tag, " \t\n/"); n >= 0 {
			tag = tag[:n]
		}
		closing := strings.HasPrefix(h, "</")
		h = h[j+1:]
		switch tag {
		case "br":
			b.WriteString("\n")
		case "li":
			if !closing {
				b.WriteString("\n- ")
			}
		case "pre":
			pre = !closing
			b.WriteString("\n\n")
		case "p", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "tr", "div":
			b.WriteString("\n\n")
		}
	}
	var out []string
	blank := false
	for _, l := range strings.Split(html.UnescapeString(b.String()), "\n") {
		if l = strings.TrimSpace(l); l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// updateLevel is the level an update leaves the incident's components
// at: the severity's while it is open (for maintenance, while in
// progress), operational once it is over or only announced.
func updateLevel(in *status.Incident, st source.Status) status.Level {
	switch st {
	case source.Resolved, source.Completed, source.Scheduled:
		return status.Operational
	}
	return status.LevelOf(in.Severity)
}

// affected lists the incident's components with the levels before and
// after one update, in scope order.
func (b *builder) affected(in *status.Incident, old, next status.Level) []affectedComponent {
	out := []affectedComponent{}
	for _, id := range in.Scope {
		if c, ok := b.byID[id]; ok {
			out = append(out, affectedComponent{Code: c.ID, Name: c.Name, OldStatus: string(old), NewStatus: string(next)})
		}
	}
	return out
}
