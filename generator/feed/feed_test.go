package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/themes"
)

// rssCheck mirrors the RSS 2.0 elements a reader needs.
type rssCheck struct {
	Version string `xml:"version,attr"`
	Channel struct {
		// Self comes before Link: a field without a namespace would also
		// take atom:link.
		Self        []linkAttr `xml:"http://www.w3.org/2005/Atom link"`
		Title       string     `xml:"title"`
		Link        string     `xml:"link"`
		Description string     `xml:"description"`
		Language    string     `xml:"language"`
		Items       []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			GUID  struct {
				ID          string `xml:",chardata"`
				IsPermaLink string `xml:"isPermaLink,attr"`
			} `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Description string `xml:"description"`
			Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

// atomCheck mirrors the Atom 1.0 elements RFC 4287 requires.
type atomCheck struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Author  string     `xml:"author>name"`
	Links   []linkAttr `xml:"link"`
	Entries []struct {
		ID        string     `xml:"id"`
		Title     string     `xml:"title"`
		Updated   string     `xml:"updated"`
		Published string     `xml:"published"`
		Links     []linkAttr `xml:"link"`
		Content   struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

type linkAttr struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

func rel(links []linkAttr, r string) string {
	for _, l := range links {
		if l.Rel == r {
			return l.Href
		}
	}
	return ""
}

// feedDirs lists the folders that hold feeds in a set: the root and each
// component's.
func feedDirs(t *testing.T, set map[string][]byte) []string {
	dirs := []string{""}
	for name := range set {
		if strings.HasPrefix(name, "components/") && strings.HasSuffix(name, "/"+RSSFile) {
			dirs = append(dirs, strings.TrimSuffix(name, RSSFile))
		}
	}
	if len(dirs) < 2 {
		t.Fatalf("no component feeds in %d files", len(set))
	}
	return dirs
}

// TestFeedsAreValid checks every feed of the test sites strictly, and
// of the bilingual site (testdata/sites/bilingual) in each language.
func TestFeedsAreValid(t *testing.T) {
	for _, site := range []string{"en", "ja", "bilingual/ja", "bilingual/en"} {
		t.Run(site, func(t *testing.T) {
			var m *status.Model
			var text *i18n.Catalog
			if name, lang, ok := strings.Cut(site, "/"); ok {
				m, _ = loadModel(t, os.DirFS(filepath.Join("..", "..", "testdata", "sites", name)), testNow())
				var err error
				if text, err = i18n.Load(themes.Builtin(), lang); err != nil {
					t.Fatal(err)
				}
				m = m.In(lang, func(h template.HTML) template.HTML { return "<div lang=\"ja\">" + h + "</div>" })
			} else {
				m, text = loadModel(t, siteFS(site), testNow())
			}
			set := render(t, m, text)
			for _, dir := range feedDirs(t, set) {
				checkRSS(t, dir, set[dir+RSSFile], m.Site.BaseURL+dir)
				checkAtom(t, dir, set[dir+AtomFile], m.Site.BaseURL+dir)
				checkJSON(t, dir, set[dir+JSONFile], m.Site.BaseURL+dir)
				rss, _ := gofeed.NewParser().ParseString(string(set[dir+RSSFile]))
				atom, _ := gofeed.NewParser().ParseString(string(set[dir+AtomFile]))
				js, _ := gofeed.NewParser().ParseString(string(set[dir+JSONFile]))
				if len(rss.Items) != len(atom.Items) || len(rss.Items) != len(js.Items) {
					t.Fatalf("%s: item counts differ: rss %d, atom %d, json %d", dir, len(rss.Items), len(atom.Items), len(js.Items))
				}
				for i := range rss.Items {
					r, a, j := rss.Items[i], atom.Items[i], js.Items[i]
					if r.GUID != a.GUID || r.GUID != j.GUID || r.Title != a.Title || r.Title != j.Title || r.Link != a.Link || r.Link != j.Link {
						t.Errorf("%s item %d differs between formats:\nrss  %s %q %s\natom %s %q %s\njson %s %q %s", dir, i,
							r.GUID, r.Title, r.Link, a.GUID, a.Title, a.Link, j.GUID, j.Title, j.Link)
					}
					if !r.PublishedParsed.Equal(*a.PublishedParsed) || !r.PublishedParsed.Equal(*j.PublishedParsed) {
						t.Errorf("%s item %d: dates differ: %v %v %v", dir, i, r.PublishedParsed, a.PublishedParsed, j.PublishedParsed)
					}
				}
			}
		})
	}
}

func checkRSS(t *testing.T, dir string, data []byte, page string) {
	t.Helper()
	name := dir + RSSFile
	wellFormed(t, name, data)
	var doc rssCheck
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ch := doc.Channel
	if doc.Version != "2.0" || ch.Title == "" || ch.Link != page || ch.Description == "" || ch.Language == "" {
		t.Errorf("%s: channel lacks version, title, link %s, description or language: %+v", name, page, ch)
	}
	if got := rel(ch.Self, "self"); got != page+RSSFile {
		t.Errorf("%s: atom:link self = %q, want %q", name, got, page+RSSFile)
	}
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil || f.FeedType != "rss" || f.Title != ch.Title {
		t.Fatalf("%s: gofeed: %v (type %q, title %q)", name, err, f.FeedType, f.Title)
	}
	seen := map[string]bool{}
	var prev time.Time
	for i, it := range ch.Items {
		if it.Title == "" || it.Link == "" || it.Description == "" || it.Content == "" {
			t.Errorf("%s item %d lacks title, link, description or content:encoded", name, i)
		}
		if !strings.HasPrefix(it.GUID.ID, "tag:") || it.GUID.IsPermaLink != "false" || seen[it.GUID.ID] {
			t.Errorf("%s item %d: guid %q isPermaLink=%q (want a unique tag URI, not a permalink)", name, i, it.GUID.ID, it.GUID.IsPermaLink)
		}
		seen[it.GUID.ID] = true
		at, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil {
			t.Errorf("%s item %d: pubDate %q is not RFC 1123Z: %v", name, i, it.PubDate, err)
		}
		if i > 0 && at.After(prev) {
			t.Errorf("%s: item %d is newer than the one before it", name, i)
		}
		prev = at
		if !f.Items[i].PublishedParsed.Equal(at) {
			t.Errorf("%s item %d: gofeed reads %v, we wrote %s", name, i, f.Items[i].PublishedParsed, it.PubDate)
		}
	}
}

func checkAtom(t *testing.T, dir string, data []byte, page string) {
	t.Helper()
	name := dir + AtomFile
	wellFormed(t, name, data)
	var doc atomCheck
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if doc.ID == "" || doc.Title == "" || doc.Author == "" {
		t.Errorf("%s: feed lacks id, title or author", name)
	}
	if _, err := time.Parse(time.RFC3339, doc.Updated); err != nil {
		t.Errorf("%s: updated %q: %v", name, doc.Updated, err)
	}
	if rel(doc.Links, "self") != page+AtomFile || rel(doc.Links, "alternate") != page {
		t.Errorf("%s: links %+v, want self %s and alternate %s", name, doc.Links, page+AtomFile, page)
	}
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil || f.FeedType != "atom" || f.FeedLink != page+AtomFile {
		t.Fatalf("%s: gofeed: %v (type %q, feed link %q)", name, err, f.FeedType, f.FeedLink)
	}
	for i, e := range doc.Entries {
		if e.ID == "" || e.Title == "" || rel(e.Links, "alternate") == "" || e.Content.Type != "html" || e.Content.Body == "" {
			t.Errorf("%s entry %d lacks id, title, alternate link or html content: %+v", name, i, e)
		}
		for _, s := range []string{e.Updated, e.Published} {
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				t.Errorf("%s entry %d: date %q: %v", name, i, s, err)
			}
		}
	}
}

// jsonFeed mirrors JSON Feed 1.1.
type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Language    string `json:"language"`
	Items       []struct {
		ID            string    `json:"id"`
		URL           string    `json:"url"`
		Title         string    `json:"title"`
		ContentHTML   string    `json:"content_html"`
		Summary       string    `json:"summary"`
		DatePublished time.Time `json:"date_published"`
	} `json:"items"`
}

func checkJSON(t *testing.T, dir string, data []byte, page string) {
	t.Helper()
	name := dir + JSONFile
	var doc jsonFeed
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.Title == "" || doc.HomePageURL != page || doc.FeedURL != page+JSONFile || doc.Items == nil {
		t.Errorf("%s: top level wrong: %+v", name, doc)
	}
	for i, it := range doc.Items {
		if it.ID == "" || it.URL == "" || it.ContentHTML == "" || it.DatePublished.IsZero() || strings.Contains(it.Summary, "<") && !strings.Contains(it.ContentHTML, "&lt;") {
			t.Errorf("%s item %d incomplete: %+v", name, i, it)
		}
	}
	if _, err := gofeed.NewParser().ParseString(string(data)); err != nil {
		t.Errorf("%s: gofeed: %v", name, err)
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

func TestSiteFeedContent(t *testing.T) {
	m, text := loadModel(t, siteFS("en"), testNow())
	set := render(t, m, text)
	f, err := gofeed.NewParser().ParseString(string(set[RSSFile]))
	if err != nil {
		t.Fatal(err)
	}
	// 3 + 3 + 1 (no updates) incident items, 1 + 2 + 2 maintenance items;
	// the draft's one update must not appear.
	if len(f.Items) != 12 {
		for _, it := range f.Items {
			t.Log(it.GUID, it.Title)
		}
		t.Fatalf("site feed has %d items, want 12", len(f.Items))
	}
	first := f.Items[0]
	if first.Title != "[Update] Email delivery delayed" {
		t.Errorf("newest item title = %q", first.Title)
	}
	if first.Link != "https://status.example.com/incidents/2026-11-20-email-delayed/#u20261120T0230Z" {
		t.Errorf("newest item link = %q", first.Link)
	}
	if first.GUID != "tag:status.example.com,2026-11-20:incidents/2026-11-20-email-delayed/u20261120T0230Z" {
		t.Errorf("newest item id = %q", first.GUID)
	}
	if want := time.Date(2026, 11, 20, 11, 30, 0, 0, m.Site.Location); !first.PublishedParsed.Equal(want) || !strings.HasSuffix(first.Published, "+0900") {
		t.Errorf("newest item published %q, want %v with offset +0900", first.Published, want)
	}
	for _, want := range []string{
		"Half of the delayed queue has drained",
		"<strong>Affected:</strong> Email delivery, Public API",
		"<strong>Severity:</strong> Major",
		"<strong>Estimated recovery:</strong> Nov 20, 2026 15:00 JST <em>(Estimate as of Nov 20, 2026 11:30 JST; it may change.)</em>",
		"<strong>Workaround:</strong> Download the report as CSV",
		"<strong>Next update:</strong> Nov 20, 2026 13:00 JST",
	} {
		if !strings.Contains(first.Content, want) {
			t.Errorf("newest item content lacks %q:\n%s", want, first.Content)
		}
	}
	var noUpdates *gofeed.Item
	for _, it := range f.Items {
		if strings.Contains(it.Title, "Draft") || strings.Contains(it.Link, "secret-draft") {
			t.Errorf("draft published: %s", it.Title)
		}
		if strings.Contains(it.Link, "api-errors") {
			noUpdates = it
		}
	}
	if noUpdates == nil || noUpdates.Title != "[Resolved] API errors" || noUpdates.Link != "https://status.example.com/incidents/2026-11-05-api-errors/" ||
		!strings.Contains(noUpdates.Content, "All API calls failed for 45 minutes") || !strings.Contains(noUpdates.Content, "errors 500 &amp; 503") {
		t.Errorf("incident without updates gives %+v", noUpdates)
	}
	api, err := gofeed.NewParser().ParseString(string(set["components/api/"+AtomFile]))
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range api.Items {
		if strings.Contains(it.Link, "dashboard-slow") || strings.Contains(it.Link, "docs-migration") {
			t.Errorf("api feed holds an item of an incident outside its scope: %s", it.Link)
		}
	}
	if len(api.Items) != 5 { // email-delayed 3, api-errors 1, db-upgrade 1
		t.Errorf("api feed has %d items, want 5", len(api.Items))
	}
}
