package notify

import (
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/feed"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/generator/statuspage"
)

// Platform limits, in characters.
const (
	slackHeaderMax  = 150  // plain_text of a header block
	slackTextMax    = 3000 // text of a section block
	slackFieldMax   = 2000 // each field of a section
	slackFieldsMax  = 10   // fields per section
	discordTitleMax = 256
	discordDescMax  = 4096
	discordContent  = 2000
	discordFieldMax = 1024
	discordNameMax  = 256
	discordTotalMax = 6000 // all text of the embeds of one message
	teamsTextMax    = 6000 // keeps a card well under Teams' 28 KB
)

// slackPayload is an incoming-webhook message in Block Kit: a header, the
// text, the facts as fields and a link to the update. text is what
// notifications and old clients show.
func slackPayload(m *Message) map[string]any {
	blocks := []any{map[string]any{
		"type": "header",
		"text": map[string]any{"type": "plain_text", "text": clip(m.Subject, slackHeaderMax)},
	}}
	if m.Body != "" {
		blocks = append(blocks, map[string]any{
			"type": "section",
			"text": map[string]any{"type": "mrkdwn", "text": clip(slackEscape(m.Body), slackTextMax)},
		})
	}
	var fields []any
	for _, f := range m.Facts {
		if len(fields) == slackFieldsMax {
			break
		}
		fields = append(fields, map[string]any{"type": "mrkdwn", "text": clip("*"+slackEscape(f.Label)+"*\n"+slackEscape(f.Value), slackFieldMax)})
	}
	if len(fields) > 0 {
		blocks = append(blocks, map[string]any{"type": "section", "fields": fields})
	}
	blocks = append(blocks, map[string]any{
		"type":     "context",
		"elements": []any{map[string]any{"type": "mrkdwn", "text": "<" + m.Link + "|" + slackEscape(m.view()) + "> · " + slackEscape(m.SiteTitle)}},
	})
	return map[string]any{"text": clip(m.Subject, slackTextMax), "blocks": blocks, "unfurl_links": false}
}

// slackEscape escapes the three characters Slack's mrkdwn reserves.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// discordPayload is a webhook message with one embed. Mentions are off,
// so an "@everyone" in an update pings no one.
func discordPayload(m *Message) map[string]any {
	embed := map[string]any{
		"title":     clip(m.Subject, discordTitleMax),
		"url":       m.Link,
		"color":     discordColor(m),
		"timestamp": m.At.UTC().Format(time.RFC3339),
		"footer":    map[string]any{"text": clip(m.SiteTitle, discordNameMax)},
	}
	used := len([]rune(embed["title"].(string))) + len([]rune(m.SiteTitle))
	var fields []any
	for _, f := range m.Facts {
		name, value := clip(f.Label, discordNameMax), clip(f.Value, discordFieldMax)
		used += len([]rune(name)) + len([]rune(value))
		fields = append(fields, map[string]any{"name": name, "value": value, "inline": false})
	}
	if len(fields) > 0 {
		embed["fields"] = fields
	}
	if m.Body != "" {
		embed["description"] = clip(m.Body, max(1, min(discordDescMax, discordTotalMax-used)))
	}
	return map[string]any{
		"content":          clip(m.Subject, discordContent),
		"embeds":           []any{embed},
		"allowed_mentions": map[string]any{"parse": []string{}},
	}
}

func discordColor(m *Message) int {
	switch {
	case m.Status.Final():
		return 0x2e7d32
	case m.in.IsMaintenance():
		return 0x1565c0
	case m.in.Severity == source.Critical:
		return 0xc62828
	case m.in.Severity == source.Major:
		return 0xef6c00
	}
	return 0xf9a825
}

// teamsPayload is a message for a Teams workflow webhook ("When a Teams
// webhook request is received"): one Adaptive Card.
func teamsPayload(m *Message) map[string]any {
	body := []any{map[string]any{"type": "TextBlock", "text": m.Subject, "weight": "Bolder", "size": "Medium", "wrap": true}}
	if m.Body != "" {
		body = append(body, map[string]any{"type": "TextBlock", "text": clip(m.Body, teamsTextMax), "wrap": true})
	}
	var facts []any
	for _, f := range m.Facts {
		facts = append(facts, map[string]any{"title": f.Label, "value": clip(f.Value, 1000)})
	}
	if len(facts) > 0 {
		body = append(body, map[string]any{"type": "FactSet", "facts": facts})
	}
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard",
		"version": "1.4",
		"body":    body,
		"actions": []any{map[string]any{"type": "Action.OpenUrl", "title": m.view(), "url": m.Link}},
	}
	return map[string]any{
		"type": "message",
		"attachments": []any{map[string]any{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content":     card,
		}},
	}
}

func (m *Message) view() string { return m.viewText }

// webhookPayload is the body of the generic webhook, in the shape of
// Statuspage's incident webhook (meta, page, incident with its new
// update and components), so that receivers written for it work.
func webhookPayload(model *status.Model, m *Message) map[string]any {
	in := m.in
	ts := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format(time.RFC3339)
	}
	st := statuspage.IncidentStatus(in)
	upd := st
	if in.IsMaintenance() {
		st = statuspage.MaintenanceStatus(in.Phase)
		upd = st
	}
	if m.u != nil && m.u.Status != source.Updated {
		upd = strings.ReplaceAll(string(m.u.Status), "-", "_")
	}
	var comps []any
	for _, id := range in.Scope {
		for _, c := range model.Components {
			if c.ID == id {
				comps = append(comps, map[string]any{"id": c.ID, "name": c.Name, "status": string(c.Level)})
			}
		}
	}
	if comps == nil {
		comps = []any{}
	}
	// The new update comes first, then the earlier ones, newest first,
	// as Statuspage sends them.
	updates := []any{map[string]any{
		"id": m.ID, "incident_id": in.Slug, "status": upd, "body": m.Body,
		"created_at": ts(m.At), "updated_at": ts(m.At), "display_at": ts(m.At), "url": m.Link,
	}}
	auth := feed.Authority(model.Site.BaseURL, model.Site.BasePath)
	page := model.Site.BaseURL + "incidents/" + in.Slug + "/"
	for i := range in.Updates {
		u := &in.Updates[i]
		if u == m.u || !u.At.Before(m.At) {
			continue
		}
		s := strings.ReplaceAll(string(u.Status), "-", "_")
		if u.Status == source.Updated {
			s = upd
		}
		updates = append(updates, map[string]any{
			"id": feed.ItemID(auth, in.Incident, u), "incident_id": in.Slug, "status": s, "body": plainText(u.Body),
			"created_at": ts(u.At), "updated_at": ts(u.At), "display_at": ts(u.At), "url": page + "#" + u.Anchor(),
		})
	}
	incident := map[string]any{
		"id":         in.Slug,
		"name":       in.Title,
		"status":     st,
		"impact":     statuspage.Impact(in.Severity),
		"shortlink":  model.Site.BaseURL + "incidents/" + in.Slug + "/",
		"created_at": ts(in.Started),
		"updated_at": ts(m.At),
		"resolved_at": func() any {
			if in.Phase == status.Resolved || in.Phase == status.Completed {
				return ts(in.End)
			}
			return nil
		}(),
		"incident_updates": updates,
		"components":       comps,
	}
	if in.IsMaintenance() {
		incident["scheduled_for"] = ts(in.Started)
		incident["scheduled_until"] = ts(in.ETA)
	}
	return map[string]any{
		"meta": map[string]any{"unsubscribe": nil, "documentation": "https://github.com/statuspress/statuspress#signed-webhook"},
		"page": map[string]any{
			"id":                 statuspage.PageID(model.Site.BaseURL),
			"status_indicator":   statuspage.Indicator(model.Overall),
			"status_description": m.overallText,
		},
		"incident": incident,
	}
}
