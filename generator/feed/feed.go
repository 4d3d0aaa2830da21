// Package feed owns the files people subscribe to: RSS 2.0, Atom 1.0 and
// JSON Feed 1.1 for the whole site and for each component (written with
// gorilla/feeds), and the iCalendar files of scheduled maintenance.
//
// A feed has one item per update, newest first. Every item ID is made from
// the incident slug and the update's own time, never from its position, so
// IDs stay the same across rebuilds and when later updates are added.
package feed

import (
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/sanitize"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// MaxItems is how many items a feed holds: the newest ones.
const MaxItems = 50

// File names of the feeds, relative to the site root or to a component's
// folder.
const (
	RSSFile  = "feed.xml"
	AtomFile = "atom.xml"
	JSONFile = "feed.json"
)

// Outputs declares every feed and calendar of the model, each with what it
// depends on, for a rebuild.Engine to make: feed.xml, atom.xml, feed.json
// and maintenance.ics at the root, the same three feeds under
// components/<id>/, and incidents/<slug>/event.ics for each maintenance.
// text gives the words in the site's language.
func Outputs(m *status.Model, text *i18n.Catalog) []rebuild.Output {
	outs, events := Declare(m, text, nil)
	return append(outs, events...)
}

// Declare is Outputs in two parts: the event.ics of each maintenance,
// and the rest. With a keep (nil: none) the first is the Kept's, the
// same slice from one run to the next with the declarations of the
// maintenance that did not change as they were: give it to the engine as
// it is.
func Declare(m *status.Model, text *i18n.Catalog, keep *Kept) (outs, events []rebuild.Output) {
	w := &writer{m: m, text: text, authority: authority(m.Site.BaseURL, m.Site.BasePath)}
	desc := m.Site.Description
	if desc == "" {
		desc = text.T("feed_description", m.Site.Title)
	}
	site := channel{
		dir:         "",
		title:       m.Site.Title,
		description: desc,
		page:        m.Site.BaseURL,
	}
	outs = w.feeds(nil, site, nil)
	for _, c := range m.Components {
		dir := "components/" + c.ID + "/"
		ch := channel{
			dir:         dir,
			title:       c.Name + " – " + m.Site.Title,
			description: text.T("feed_component_description", c.Name),
			page:        m.Site.BaseURL + dir,
		}
		outs = w.feeds(outs, ch, func(in *status.Incident) bool { return slices.Contains(in.Components(), c.ID) })
	}
	if keep == nil {
		keep = new(Kept) // for this run only
	}
	return w.calendars(outs), keep.events(w)
}

// Add makes every file of Outputs into set.
func Add(set output.Set, m *status.Model, text *i18n.Catalog) error {
	return rebuild.MakeAll(set, Outputs(m, text))
}

// channel is one feed, written in three formats.
type channel struct {
	dir         string // "" or "components/<id>/"
	title       string
	description string
	page        string // the HTML page the feed is about
}

// writer holds what every item needs.
type writer struct {
	m         *status.Model
	text      *i18n.Catalog
	authority string // tag URI authority and path prefix: "status.example.com", "status/"
}

// ref is one future item: an update, or an incident with no updates.
type ref struct {
	in *status.Incident
	u  *source.Update // nil for the incident itself
	n  int            // u's index in in.Updates, -1 for the incident itself
	at time.Time
}

// pick returns the newest MaxItems refs of the incidents in newest
// report first order (status.Model.Reports) that keep takes (nil takes
// all), newest first. It keeps only the best MaxItems while it goes,
// and stops at the first incident whose newest report is older than all
// of those: this runs on every rebuild.
func pick(reports []*status.Incident, keep func(*status.Incident) bool) []ref {
	refs := make([]ref, 0, MaxItems+1)
	add := func(r ref) {
		if len(refs) == MaxItems && !newer(r, refs[len(refs)-1]) {
			return
		}
		i := sort.Search(len(refs), func(i int) bool { return newer(r, refs[i]) })
		refs = append(refs, ref{})
		copy(refs[i+1:], refs[i:])
		refs[i] = r
		if len(refs) > MaxItems {
			refs = refs[:MaxItems]
		}
	}
	for _, in := range reports {
		// ETAGiven, the time of the newest report (updates are newest
		// first; the start when there is none), is the newest any item of
		// this incident can be, and the list is in its order.
		if len(refs) == MaxItems && in.ETAGiven().Before(refs[len(refs)-1].at) {
			break
		}
		if keep != nil && !keep(in) {
			continue
		}
		if len(in.Updates) == 0 {
			add(ref{in: in, n: -1, at: in.Started})
			continue
		}
		if len(refs) == MaxItems && !newer(ref{in: in, u: &in.Updates[0], at: in.Updates[0].At}, refs[len(refs)-1]) {
			continue
		}
		for i := range in.Updates {
			add(ref{in: in, u: &in.Updates[i], n: i, at: in.Updates[i].At})
		}
	}
	return refs
}

// newer orders refs newest first, then by slug, an incident's updates
// before the incident itself.
func newer(a, b ref) bool {
	if !a.at.Equal(b.at) {
		return a.at.After(b.at)
	}
	if a.in.Slug != b.in.Slug {
		return a.in.Slug < b.in.Slug
	}
	return a.u != nil && b.u == nil
}

// item is one feed entry, ready for any format.
type item struct {
	id      string
	title   string
	link    string
	at      time.Time
	content string // HTML
	summary string // plain text
}

func (w writer) item(r ref) item {
	in := r.in
	page := w.m.Site.BaseURL + "incidents/" + in.Slug + "/"
	st := in.State()
	if r.u != nil {
		st = r.u.Status
	}
	it := item{
		title: "[" + w.text.Status(string(st)) + "] " + in.Title,
		at:    r.at.In(w.m.Site.Location),
	}
	if r.u != nil {
		it.link = page + "#" + r.u.Anchor()
		it.id = ItemID(w.authority, in.Incident, r.u)
		it.summary = plainText(string(r.u.Body), 280)
	} else {
		it.link = page
		it.id = ItemID(w.authority, in.Incident, nil)
		it.summary = plainText(string(in.Summary), 280)
	}
	if it.summary == "" {
		it.summary = in.Impact
	}
	it.content = w.content(in, r.u)
	// The sources were cleaned when read; the same rule again here keeps
	// every feed well-formed whatever reaches it (RSS carries content in
	// CDATA, which XML does not escape).
	it.title, it.summary, it.content = sanitize.String(it.title), sanitize.String(it.summary), sanitize.String(it.content)
	return it
}

// ItemID is the permanent ID of the feed item of update u of incident in
// (u nil: the incident itself, when it has no updates). It is a tag URI
// (RFC 4151) made of the slug and the update's own time (the start for
// the incident itself), dated by that time's day in UTC, so adding an
// update never changes another item's ID. authority is the site's host
// and base path, as authority returns it.
func ItemID(authority string, in *source.Incident, u *source.Update) string {
	host, prefix, _ := strings.Cut(authority, "/")
	// The incident itself stands for its first report, at its start: the
	// ID is the one an update at that minute gets, so when the report is
	// written as an update at the start (as statuspress new does), the
	// item keeps its ID.
	first := source.Update{At: in.Started}
	if u == nil {
		u = &first
	}
	at, anchor := u.At, u.Anchor()
	return "tag:" + host + "," + at.UTC().Format("2006-01-02") + ":" + prefix + "incidents/" + in.Slug + "/" + anchor
}

// authority returns the host of baseURL followed by "/" and its path
// without the leading slash: "status.example.com/" or
// "example.github.io/status/".
func authority(baseURL, basePath string) string {
	host := "localhost"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = strings.ToLower(u.Hostname())
	}
	return host + "/" + strings.TrimPrefix(basePath, "/")
}

// Authority is the authority of the item IDs of a site whose base_url is
// baseURL with path basePath, for ItemID.
func Authority(baseURL, basePath string) string { return authority(baseURL, basePath) }
