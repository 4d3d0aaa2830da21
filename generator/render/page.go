package render

import (
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/status"
)

// Page is the data of one page.
type Page struct {
	Site  *config.Site
	M     *status.Model
	Title string // "" on the home page
	Path  string // relative to the base URL: "", "incidents/x/", "404.html"

	// Feeds are the alternate links of the page: the site's, or the
	// component's on a component page.
	Feeds []Feed

	Incident  *status.Incident
	Item      *Item // the incident as its page shows it
	Component *status.Component
	History   *HistoryPage

	// Changed is when what the page shows last changed (see
	// status.Model.Changed): pages print it, not the build time, so that
	// a rebuild with nothing new leaves them as they were. Only the home
	// page and GeneratedFile carry the build time.
	Changed time.Time

	// Canonical is the page's address, "" for the 404 page; Alternates
	// says the head links the page in the other languages, Multilingual
	// that the site has several; ChromeKey is MemoKey. Set once per page,
	// they spare the shared header a dozen template calls.
	Canonical                string
	Alternates, Multilingual bool
	ChromeKey                string
}

// ChangedKey names the footer variant of the page's Changed time.
func (p *Page) ChangedKey() string { return p.Changed.Format(time.RFC3339) }

// Feed is one alternate link.
type Feed struct {
	Type, Title, Path string
}

// page makes the data every page has.
func (r *renderer) page(title, p string, c *status.Component) *Page {
	pg := &Page{Site: r.m.Site, M: r.m, Title: title, Path: p, Component: c, Feeds: r.feeds}
	if c != nil {
		pg.Feeds = feeds(r.m.Site.Title+" – "+c.Name, "components/"+c.ID+"/")
	}
	pg.Multilingual = len(r.env.Languages) > 1
	pg.Alternates = pg.Multilingual && p != "404.html"
	if p != "404.html" {
		pg.Canonical = r.m.Site.BaseURL + p
	}
	pg.ChromeKey = pg.MemoKey()
	return pg
}

// feeds are the alternate links to the feeds at prefix, titled label:
// the site's, or a component's.
func feeds(label, prefix string) []Feed {
	return []Feed{
		{"application/rss+xml", label + " (RSS)", prefix + "feed.xml"},
		{"application/atom+xml", label + " (Atom)", prefix + "atom.xml"},
		{"application/feed+json", label + " (JSON Feed)", prefix + "feed.json"},
	}
}

// HistoryPage is one page of the incident history.
type HistoryPage struct {
	Number, Count int
	Path          string
	Months        []Month
	Newer, Older  string // paths of the neighbouring pages, "" at the ends
}

// Month is the incidents of one calendar month, in the site's zone.
type Month struct {
	Start     time.Time
	Incidents []*status.Incident
}

// perHistoryPage is how many incidents a history page holds.
const perHistoryPage = 50

func historyPath(n int) string {
	if n == 1 {
		return "history/"
	}
	return "history/page/" + itoa(n) + "/"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// MemoKey names the variant of the shared header a page needs: it differs
// only in the feed links (component pages) and the current nav item.
func (p *Page) MemoKey() string {
	if len(p.Site.Languages) > 1 {
		// The language switch links to this very page in the others.
		return "path:" + p.Path
	}
	switch {
	case p.Component != nil:
		return "component:" + p.Component.ID
	case p.Path == "" || p.Path == "history/":
		return p.Path + "|current"
	}
	return ""
}
