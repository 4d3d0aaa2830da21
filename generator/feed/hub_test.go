package feed

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

// With a WebSub channel in site.toml every feed names the hub next to
// its self link, in all three formats, so that readers subscribe there;
// without one the feeds are as before (the golden files show that).
func TestHubLinks(t *testing.T) {
	const hub = "https://hub.example.com/"
	siteTOML := smallSite + "\n[[notify]]\ntype = \"websub\"\nhub = \"" + hub + "\"\n"
	m, text := loadModel(t, inlineSite(siteTOML, map[string]string{}), testNow())
	set := render(t, m, text)
	for _, dir := range feedDirs(t, set) {
		self := m.Site.BaseURL + dir
		var rss rssCheck
		if err := xml.Unmarshal(set[dir+RSSFile], &rss); err != nil {
			t.Fatal(err)
		}
		if rel(rss.Channel.Self, "hub") != hub || rel(rss.Channel.Self, "self") != self+RSSFile {
			t.Errorf("%s: atom:links %+v, want self %s and hub %s", dir+RSSFile, rss.Channel.Self, self+RSSFile, hub)
		}
		var atom atomCheck
		if err := xml.Unmarshal(set[dir+AtomFile], &atom); err != nil {
			t.Fatal(err)
		}
		if rel(atom.Links, "hub") != hub || rel(atom.Links, "self") != self+AtomFile {
			t.Errorf("%s: links %+v, want self and hub", dir+AtomFile, atom.Links)
		}
		var js struct {
			FeedURL string `json:"feed_url"`
			Hubs    []struct{ Type, URL string }
		}
		if err := json.Unmarshal(set[dir+JSONFile], &js); err != nil {
			t.Fatal(err)
		}
		if js.FeedURL != self+JSONFile || len(js.Hubs) != 1 || js.Hubs[0].Type != "WebSub" || js.Hubs[0].URL != hub {
			t.Errorf("%s: feed_url %q hubs %+v, want the WebSub hub", dir+JSONFile, js.FeedURL, js.Hubs)
		}
	}
	plain, text := loadModel(t, inlineSite(smallSite, map[string]string{}), testNow())
	for name, data := range render(t, plain, text) {
		if strings.Contains(string(data), "hub") {
			t.Errorf("%s mentions a hub without one configured", name)
		}
	}
}
