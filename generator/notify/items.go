package notify

import (
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/feed"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// entry is one update that subscribers may be told about: one feed item.
type entry struct {
	id string
	in *status.Incident
	u  *source.Update // nil: the incident itself, which has no updates
	at time.Time
}

// entries lists every update of the model as its feed item, oldest first,
// which is the order channels are told in.
func entries(m *status.Model) []entry {
	auth := feed.Authority(m.Site.BaseURL, m.Site.BasePath)
	var out []entry
	for _, in := range m.Incidents {
		if len(in.Updates) == 0 {
			out = append(out, entry{id: feed.ItemID(auth, in.Incident, nil), in: in, at: in.Started})
			continue
		}
		for i := range in.Updates {
			u := &in.Updates[i]
			out = append(out, entry{id: feed.ItemID(auth, in.Incident, u), in: in, u: u, at: u.At})
		}
	}
	slices.SortStableFunc(out, func(a, b entry) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return out
}

// Feed is the list of items of a JSON Feed: what a site serves, or what
// subscribers already had.
type Feed struct {
	IDs map[string]bool
	// Oldest is the date of the oldest item; Full says the feed holds as
	// many items as a feed can (feed.MaxItems), so older updates are
	// missing from it for that reason alone.
	Oldest time.Time
	Full   bool
}

// ParseFeed reads a JSON Feed (feed.json) and keeps its item IDs.
func ParseFeed(data []byte) (*Feed, error) {
	var doc struct {
		Version string `json:"version"`
		Items   []struct {
			ID        string    `json:"id"`
			Published time.Time `json:"date_published"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a JSON Feed: %v", err)
	}
	if !strings.HasPrefix(doc.Version, "https://jsonfeed.org/version/") {
		return nil, fmt.Errorf("not a JSON Feed: no jsonfeed.org version")
	}
	f := &Feed{IDs: make(map[string]bool, len(doc.Items)), Full: len(doc.Items) >= feed.MaxItems}
	for _, it := range doc.Items {
		f.IDs[it.ID] = true
		if f.Oldest.IsZero() || it.Published.Before(f.Oldest) {
			f.Oldest = it.Published
		}
	}
	return f, nil
}

// split keeps the entries the feed shows, and counts those it does not
// show yet. An entry older than every item of a full feed has only been
// pushed out of it by newer ones: it counts as live (and is old news).
func (f *Feed) split(all []entry) (live []entry, waiting int) {
	for _, e := range all {
		switch {
		case f.IDs[e.id]:
			live = append(live, e)
		case f.Full && e.at.Before(f.Oldest):
			live = append(live, e)
		default:
			waiting++
		}
	}
	return live, waiting
}

// Message is one update told in one language: what every channel's
// payload is made from.
type Message struct {
	ID         string // the feed item ID
	Slug       string
	Title      string
	Status     source.Status
	State      string // Status in words
	Subject    string // "[Identified] Email delivery delayed"
	Components []string
	Body       string // plain text, paragraphs apart by a blank line
	Facts      []Fact
	Link       string // the update's anchor on the incident page
	At         time.Time
	AtText     string // At for people, in the site's zone
	SiteTitle  string
	Lang       string

	in          *status.Incident
	u           *source.Update
	viewText    string // "View the update"
	overallText string // the site's overall status in words
	footer      string // why an email came
}

// Fact is one labelled line of a message: the ETA, the workaround.
type Fact struct {
	Key   string // i18n key of the label ("eta", "workaround")
	Label string
	Value string
}

// compose writes the message of entry e in the words of text. Facts that
// say how things stand now (recovery, estimate, next update, workaround)
// go with the incident's newest update only, as in the feeds: an older
// update tells what was known then.
func compose(m *status.Model, text *i18n.Catalog, e entry) *Message {
	in := e.in
	st := in.State()
	body := in.Summary
	link := m.Site.BaseURL + "incidents/" + in.Slug + "/"
	if e.u != nil {
		st = e.u.Status
		body = e.u.Body
		link += "#" + e.u.Anchor()
	}
	msg := &Message{
		ID: e.id, Slug: in.Slug, Title: in.Title, Status: st, State: text.Status(string(st)),
		Body: plainText(body), Link: link, At: e.at.In(m.Site.Location), AtText: text.Format(e.at.In(m.Site.Location), "datetime"),
		SiteTitle: m.Site.Title, Lang: text.Lang, in: in, u: e.u,
		viewText: text.T("notify_view"), overallText: text.T("overall_" + string(m.Overall)),
		footer: text.T("notify_footer", m.Site.Title, m.Site.BaseURL),
	}
	if msg.Body == "" {
		msg.Body = in.Impact
	}
	msg.Subject = text.T("notify_subject", msg.State, in.Title)
	stamp := func(t time.Time) string { return text.Format(t.In(m.Site.Location), "datetime") }
	fact := func(key, value string) {
		msg.Facts = append(msg.Facts, Fact{Key: key, Label: text.T(key), Value: value})
	}
	for _, id := range in.Scope {
		name := id
		if c := m.Site.Component(id); c != nil {
			name = c.Name
		}
		msg.Components = append(msg.Components, name)
	}
	if len(msg.Components) > 0 {
		fact("affected", strings.Join(msg.Components, ", "))
	}
	fact("severity", text.T("severity_"+string(in.Severity)))
	if in.Impact != "" {
		fact("impact", in.Impact)
	}
	if e.u != nil && e.u != &in.Updates[0] {
		return msg
	}
	switch {
	case in.IsMaintenance():
		window := stamp(in.Started)
		if !in.End.IsZero() {
			window += " – " + stamp(in.End)
		}
		fact("window", window)
	case in.Phase == status.Resolved:
		fact("resolved_at", stamp(in.Resolved))
	case !in.ETA.IsZero():
		fact("eta", stamp(in.ETA)+" ("+text.T("eta_note", stamp(in.ETAGiven()))+")")
	}
	if in.IsOngoing() && !in.NextUpdate.IsZero() && in.NextUpdate.After(m.Now) {
		fact("next_update", stamp(in.NextUpdate))
	}
	if in.Workaround != "" && in.Phase != status.Resolved && in.Phase != status.Completed {
		fact("workaround", in.Workaround)
	}
	return msg
}

// Text is the message as plain text: the subject's parts, the body, the
// facts and the link, for email and for the dry run.
func (m *Message) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n", m.Subject, m.AtText)
	if m.Body != "" {
		b.WriteString(m.Body)
		b.WriteString("\n\n")
	}
	for _, f := range m.Facts {
		fmt.Fprintf(&b, "%s: %s\n", f.Label, f.Value)
	}
	fmt.Fprintf(&b, "\n%s\n", m.Link)
	return b.String()
}

// clip shortens s to at most n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	if len(s) <= n { // bytes ≥ runes: short enough
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRight(string(r[:n-1]), " \n") + "…"
}

// htmlBody is the message body's paragraphs as escaped HTML, for email.
func (m *Message) htmlBody() template.HTML {
	var b strings.Builder
	for _, p := range strings.Split(m.Body, "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(template.HTMLEscapeString(p), "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String())
}
