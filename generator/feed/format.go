package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/feeds"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/status"
)

// feeds declares the three formats of one channel with the newest items
// of the incidents keep takes (nil: all), appended to outs. They depend
// on the updates they show, of which incidents in which state; the three
// are made together.
func (w writer) feeds(outs []rebuild.Output, ch channel, keep func(*status.Incident) bool) []rebuild.Output {
	refs := pick(w.m.Reports, keep)
	names := [3]string{ch.dir + RSSFile, ch.dir + AtomFile, ch.dir + JSONFile}
	deps := refsDeps(refs)
	if len(refs) == 0 { // dated by the site's last change, below
		deps.Extra = w.m.LastChange(w.m.Incidents).Format(time.RFC3339)
	}
	all := sync.OnceValues(func() ([3][]byte, error) { return w.channel(ch, refs) })
	for i, name := range names {
		outs = append(outs, rebuild.Output{Name: name, Deps: deps, Make: rebuild.Bytes(func() ([]byte, error) {
			files, err := all()
			return files[i], err
		})})
	}
	return outs
}

// channel writes the three formats of one channel with the items refs.
func (w writer) channel(ch channel, refs []ref) ([3][]byte, error) {
	items := make([]item, len(refs))
	for i, r := range refs {
		items[i] = w.item(r)
	}
	// The feed changes when its newest item does, not at every build, so
	// readers polling with conditional requests see no change.
	updated := w.m.LastChange(w.m.Incidents) // an empty feed: the site's last change
	if len(items) > 0 {
		updated = items[0].at
	}
	f := &feeds.Feed{
		Title:       ch.title,
		Link:        &feeds.Link{Href: ch.page, Rel: "alternate", Type: "text/html"},
		Description: ch.description,
		Author:      &feeds.Author{Name: w.m.Site.Title},
		Updated:     updated.In(w.m.Site.Location),
	}
	for _, it := range items {
		f.Add(&feeds.Item{
			Id:          it.id, // always set: gorilla/feeds would invent a random one
			IsPermaLink: "false",
			Title:       it.title,
			Link:        &feeds.Link{Href: it.link},
			Description: xmlText(it.summary),
			Content:     it.content,
			Created:     it.at,
		})
	}
	base := w.m.Site.BaseURL + ch.dir
	lang := w.m.Site.Language
	hubs := w.m.Site.Hubs()
	var out [3][]byte
	var err error
	if out[0], err = rssBytes(f, base+RSSFile, lang, hubs); err != nil {
		return out, fmt.Errorf("feed %srss: %w", ch.dir, err)
	}
	if out[1], err = atomBytes(f, base+AtomFile, lang, hubs); err != nil {
		return out, fmt.Errorf("feed %satom: %w", ch.dir, err)
	}
	if out[2], err = jsonBytes(f, items, base+JSONFile, lang, hubs); err != nil {
		return out, fmt.Errorf("feed %sjson feed: %w", ch.dir, err)
	}
	return out, nil
}

// refsDeps is what a feed's items depend on: each item's incident, as a
// stamp, and which of its updates it is.
func refsDeps(refs []ref) rebuild.Deps {
	deps := rebuild.Deps{Stamps: make([]status.Stamp, len(refs))}
	var extra []byte
	for i, r := range refs {
		deps.Stamps[i] = r.in.Stamp()
		extra = strconv.AppendInt(extra, int64(r.n), 10)
		extra = append(extra, ',')
	}
	deps.Extra = string(extra)
	return deps
}

// rssDoc is gorilla/feeds' RSS document with an atom:link to itself, which
// feed validators ask for, and one to each WebSub hub of the site.
type rssDoc struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	ContentNS string   `xml:"xmlns:content,attr"`
	AtomNS    string   `xml:"xmlns:atom,attr"`
	Channel   rssChannel
}

type rssChannel struct {
	Links []selfLink `xml:"atom:link"`
	*feeds.RssFeed
}

type selfLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

func rssBytes(f *feeds.Feed, self, lang string, hubs []string) ([]byte, error) {
	ch := (&feeds.Rss{Feed: f}).RssFeed()
	ch.ManagingEditor = "" // RSS wants an e-mail address here; the site has none
	ch.Language = lang
	ch.Generator = "statuspress"
	doc := rssDoc{
		Version:   "2.0",
		ContentNS: "http://purl.org/rss/1.0/modules/content/",
		AtomNS:    "http://www.w3.org/2005/Atom",
		Channel: rssChannel{
			Links:   []selfLink{{Href: self, Rel: "self", Type: "application/rss+xml"}},
			RssFeed: ch,
		},
	}
	for _, hub := range hubs {
		doc.Channel.Links = append(doc.Channel.Links, selfLink{Href: hub, Rel: "hub"})
	}
	return marshalXML(doc)
}

// atomDoc is gorilla/feeds' Atom document with a language and a self
// link; Links, being shallower, replaces the embedded single Link.
type atomDoc struct {
	Lang  string           `xml:"xml:lang,attr"`
	Links []feeds.AtomLink `xml:"link"`
	*feeds.AtomFeed
}

func atomBytes(f *feeds.Feed, self, lang string, hubs []string) ([]byte, error) {
	a := (&feeds.Atom{Feed: f}).AtomFeed()
	a.Id = self
	for _, e := range a.Entries {
		e.Published = e.Updated
	}
	doc := atomDoc{
		Lang: lang,
		Links: []feeds.AtomLink{
			{Href: f.Link.Href, Rel: "alternate", Type: "text/html"},
			{Href: self, Rel: "self", Type: "application/atom+xml"},
		},
		AtomFeed: a,
	}
	for _, hub := range hubs {
		doc.Links = append(doc.Links, feeds.AtomLink{Href: hub, Rel: "hub"})
	}
	return marshalXML(doc)
}

func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// jsonDoc is gorilla/feeds' JSON Feed with items always present: JSON
// Feed 1.1 requires the array even when it is empty.
type jsonDoc struct {
	*feeds.JSONFeed
	Items []*feeds.JSONItem `json:"items"`
}

func jsonBytes(f *feeds.Feed, items []item, self, lang string, hubs []string) ([]byte, error) {
	j := (&feeds.JSON{Feed: f}).JSONFeed()
	j.FeedUrl = self
	j.Language = lang
	for _, hub := range hubs {
		j.Hubs = append(j.Hubs, &feeds.JSONHub{Type: "WebSub", Url: hub})
	}
	doc := jsonDoc{JSONFeed: j, Items: j.Items}
	if doc.Items == nil {
		doc.Items = []*feeds.JSONItem{}
	}
	for i, it := range doc.Items {
		it.Summary = items[i].summary // JSON Feed summaries are plain text
		at := items[i].at
		it.PublishedDate = &at
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// xmlText turns plain text into the HTML that RSS descriptions and Atom
// summaries of type "html" hold.
func xmlText(s string) string {
	var buf bytes.Buffer
	_ = xml.EscapeText(&buf, []byte(s)) // writes to memory: cannot fail
	return buf.String()
}

// stamp formats t for people in the site's zone.
func stamp(t time.Time, w writer) string {
	return w.text.Format(t.In(w.m.Site.Location), "datetime")
}
