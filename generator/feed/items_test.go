package feed

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// incidentText is an incident file with the given update sections on top
// of two fixed ones.
func incidentText(title string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\nseverity = \"major\"\nscope = [\"api\"]\nstarted = 2026-03-29T01:30:00\neta = 2026-03-29T06:00:00\nworkaround = \"Retry.\"\n+++\n\n", title)
	for _, u := range extra {
		b.WriteString(u + "\n\n")
	}
	b.WriteString("## 2026-03-29 03:15 identified\n\nThe cause is known.\n\n## 2026-03-29 01:45 investigating\n\nWe are looking into it.\n")
	return b.String()
}

func itemIDs(t *testing.T, data []byte) []string {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range f.Items {
		ids = append(ids, it.GUID)
	}
	return ids
}

func TestNewUpdateKeepsIDs(t *testing.T) {
	now := time.Date(2026, 3, 29, 12, 0, 0, 0, time.UTC)
	before, text := loadModel(t, inlineSite(smallSite, map[string]string{
		"2026-03-29-api.md":   incidentText("API errors"),
		"2026-03-01-older.md": "+++\ntitle = \"Old\"\nseverity = \"minor\"\nscope = [\"web\"]\nstarted = 2026-03-01T10:00:00\nresolved = 2026-03-01T11:00:00\n+++\n\n## 2026-03-01 11:00 resolved\n\nFixed.\n",
	}), now)
	after, _ := loadModel(t, inlineSite(smallSite, map[string]string{
		// The clocks changed to summer time that night: the new update is at +02:00.
		"2026-03-29-api.md":   incidentText("API errors", "## 2026-03-29 04:10 monitoring\n\nA fix is deployed."),
		"2026-03-01-older.md": "+++\ntitle = \"Old\"\nseverity = \"minor\"\nscope = [\"web\"]\nstarted = 2026-03-01T10:00:00\nresolved = 2026-03-01T11:00:00\n+++\n\n## 2026-03-01 11:00 resolved\n\nFixed.\n",
	}), now)
	a, b := render(t, before, text), render(t, after, text)
	for _, name := range []string{RSSFile, AtomFile, JSONFile, "components/api/" + RSSFile, "components/api/" + AtomFile, "components/api/" + JSONFile} {
		old, new := itemIDs(t, a[name]), itemIDs(t, b[name])
		if len(new) != len(old)+1 {
			t.Fatalf("%s: %d items before, %d after adding one update", name, len(old), len(new))
		}
		if new[0] != "tag:status.acme.test,2026-03-29:incidents/2026-03-29-api/u20260329T0210Z" {
			t.Errorf("%s: new item id = %q", name, new[0])
		}
		if strings.Join(new[1:], "\n") != strings.Join(old, "\n") {
			t.Errorf("%s: earlier ids changed:\nbefore %q\nafter  %q", name, old, new[1:])
		}
	}
	if !bytes.Equal(a["components/web/"+RSSFile], b["components/web/"+RSSFile]) {
		t.Error("an update of an api incident changed the web feed")
	}
	// An item older than the newest tells what was known then: the
	// incident's current estimate and workaround belong to its newest
	// item only, so older items do not change as the incident moves on.
	oldItems, newItems := parseItems(t, a[RSSFile]), parseItems(t, b[RSSFile])
	investigating := "tag:status.acme.test,2026-03-29:incidents/2026-03-29-api/u20260329T0045Z"
	if oldItems[investigating] == "" || oldItems[investigating] != newItems[investigating] {
		t.Errorf("an older item changed when a later update was added:\nbefore %q\nafter  %q", oldItems[investigating], newItems[investigating])
	}
	if strings.Contains(newItems[investigating], "Estimated recovery") {
		t.Errorf("an older item carries the current estimate: %q", newItems[investigating])
	}
	if newest := newItems["tag:status.acme.test,2026-03-29:incidents/2026-03-29-api/u20260329T0210Z"]; !strings.Contains(newest, "Estimated recovery") || !strings.Contains(newest, "Retry.") {
		t.Errorf("the newest item lacks the estimate or the workaround: %q", newest)
	}
}

// parseItems maps each item's id to its content.
func parseItems(t *testing.T, data []byte) map[string]string {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range f.Items {
		out[it.GUID] = it.Content
	}
	return out
}

func TestLatestItems(t *testing.T) {
	var ups []string
	for i := 59; i >= 0; i-- {
		ups = append(ups, fmt.Sprintf("## 2026-03-%02d %02d:%02d update\n\nStep %d.", 2+i/24, i%24, i%60, i))
	}
	m, text := loadModel(t, inlineSite(smallSite, map[string]string{
		"long.md": "+++\ntitle = \"Long\"\nseverity = \"minor\"\nscope = [\"api\"]\nstarted = 2026-03-01T00:00:00\n+++\n\n" + strings.Join(ups, "\n\n") + "\n",
	}), time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	set := render(t, m, text)
	f, err := gofeed.NewParser().ParseString(string(set[JSONFile]))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != MaxItems {
		t.Fatalf("%d items, want %d", len(f.Items), MaxItems)
	}
	if !strings.Contains(f.Items[0].Content, "Step 59.") || !strings.Contains(f.Items[MaxItems-1].Content, "Step 10.") {
		t.Errorf("not the newest 50, newest first: first %q, last %q", f.Items[0].Content, f.Items[MaxItems-1].Content)
	}
}

func TestEscapingAndJapanese(t *testing.T) {
	m, text := loadModel(t, siteFS("ja"), testNow())
	set := render(t, m, text)
	const title = "[調査中] API のエラー <500> & タイムアウト"
	for _, name := range []string{RSSFile, AtomFile, JSONFile, "components/console/" + AtomFile} {
		f, err := gofeed.NewParser().ParseString(string(set[name]))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range f.Items {
			found = found || it.Title == title
		}
		if !found {
			t.Errorf("%s: no item titled %q", name, title)
		}
		if !strings.HasSuffix(name, JSONFile) && !bytes.Contains(set[name], []byte("API のエラー &lt;500&gt; &amp; タイムアウト")) {
			t.Errorf("%s: title not escaped as XML text", name)
		}
		if f.Title == "" || !strings.Contains(f.Title+f.Description, "サンプルクラウド") {
			t.Errorf("%s: Japanese feed title lost: %q", name, f.Title)
		}
		if f.Items[0].Title != "[原因特定] メール配信の遅延" && !strings.HasPrefix(name, "components/") {
			t.Errorf("%s: newest item %q", name, f.Items[0].Title)
		}
	}
	if !bytes.Contains(set[RSSFile], []byte("https://example.github.io/status/incidents/2026-11-20-mail-delay/#u20261120T0105Z")) ||
		!bytes.Contains(set[RSSFile], []byte("tag:example.github.io,2026-11-20:status/incidents/2026-11-20-mail-delay/u20261120T0105Z")) {
		t.Error("links and ids do not carry the base path /status/")
	}
	if !bytes.Contains(set[RSSFile], []byte("<strong>回避策:</strong> ダッシュボードから CSV")) && !bytes.Contains(set[RSSFile], []byte("回避策:&lt;/strong&gt;")) {
		t.Errorf("workaround in Japanese missing from the RSS content")
	}
}

// TestFirstReportKeepsID: an incident written without updates gives one
// item for itself; when its first report is then written as an update at
// the start (as statuspress new does), that item keeps its ID.
func TestFirstReportKeepsID(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	front := "+++\ntitle = \"Slow\"\nseverity = \"minor\"\nscope = [\"api\"]\nstarted = 2026-11-20T09:00:00\n+++\n\n"
	before, text := loadModel(t, inlineSite(smallSite, map[string]string{"2026-11-20-slow.md": front + "Looking into it.\n"}), now)
	after, _ := loadModel(t, inlineSite(smallSite, map[string]string{"2026-11-20-slow.md": front + "## 2026-11-20 09:00 investigating\n\nLooking into it.\n"}), now)
	a, b := itemIDs(t, render(t, before, text)[RSSFile]), itemIDs(t, render(t, after, text)[RSSFile])
	if len(a) != 1 || len(b) != 1 || a[0] != b[0] {
		t.Errorf("ids before %q, after %q: want the same single id", a, b)
	}
}
