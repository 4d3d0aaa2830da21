package statuspage

import (
	"encoding/json"
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/status"
)

// svgCheck mirrors the parts of a badge a reader and a screen reader use.
type svgCheck struct {
	XMLName   xml.Name `xml:"http://www.w3.org/2000/svg svg"`
	Width     int      `xml:"width,attr"`
	Role      string   `xml:"role,attr"`
	AriaLabel string   `xml:"aria-label,attr"`
	Title     string   `xml:"title"`
	Rects     []struct {
		Width int    `xml:"width,attr"`
		Fill  string `xml:"fill,attr"`
	} `xml:"rect"`
	Group struct {
		Fill  string `xml:"fill,attr"`
		Texts []struct {
			Length int    `xml:"textLength,attr"`
			Text   string `xml:",chardata"`
		} `xml:"text"`
	} `xml:"g"`
}

func decodeBadge(t *testing.T, name string, data []byte) svgCheck {
	t.Helper()
	wellFormed(t, name, data)
	var b svgCheck
	if err := xml.Unmarshal(data, &b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(b.Rects) != 2 || len(b.Group.Texts) != 2 || b.Role != "img" {
		t.Fatalf("%s: not a two-part badge: %+v", name, b)
	}
	if b.Width != b.Rects[0].Width+b.Rects[1].Width {
		t.Errorf("%s: width %d is not the sum of its parts %+v", name, b.Width, b.Rects)
	}
	for i, txt := range b.Group.Texts {
		if txt.Length != b.Rects[i].Width-10 || txt.Length < textWidth(txt.Text) {
			t.Errorf("%s: text %q has length %d in a part %d wide", name, txt.Text, txt.Length, b.Rects[i].Width)
		}
	}
	want := b.Group.Texts[0].Text + ": " + b.Group.Texts[1].Text
	if b.Title != want || b.AriaLabel != want {
		t.Errorf("%s: title %q, aria-label %q, want %q", name, b.Title, b.AriaLabel, want)
	}
	return b
}

func TestBadges(t *testing.T) {
	m, text := loadModel(t, siteFS("ja"), testNow())
	set := render(t, m, text)
	site := decodeBadge(t, BadgeFile, set[BadgeFile])
	if site.Title != "稼働状況: 一部障害" || site.Rects[1].Fill != LevelColor(status.Partial) {
		t.Errorf("site badge: %q on %s", site.Title, site.Rects[1].Fill)
	}
	console := decodeBadge(t, "components/console/"+BadgeFile, set["components/console/"+BadgeFile])
	if console.Group.Texts[0].Text != "管理画面 & 設定 <β>" || console.Group.Texts[1].Text != "正常" {
		t.Errorf("console badge texts: %+v", console.Group.Texts)
	}
	if console.Rects[0].Width < 11*8+4*3 {
		t.Errorf("label part %d px wide is too narrow for eight wide characters", console.Rects[0].Width)
	}
	var sh map[string]any
	if err := json.Unmarshal(set["components/console/"+ShieldsFile], &sh); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"schemaVersion": 1.0, "label": "管理画面 & 設定 <β>", "message": "正常", "color": "1a7f37", "labelColor": "555555"}
	for k, v := range want {
		if sh[k] != v {
			t.Errorf("shields.json %s = %v, want %v", k, sh[k], v)
		}
	}
	if len(sh) != len(want) {
		t.Errorf("shields.json has keys %v", sh)
	}
	if err := json.Unmarshal(set["api/"+ShieldsFile], &sh); err != nil || sh["message"] != "一部障害" || sh["label"] != "稼働状況" {
		t.Errorf("api/shields.json: %v %v", err, sh)
	}
	for _, c := range m.Components {
		for _, f := range []string{BadgeFile, ShieldsFile} {
			if set["components/"+c.ID+"/"+f] == nil {
				t.Errorf("no components/%s/%s", c.ID, f)
			}
		}
	}
}

// contrast is the WCAG contrast ratio of two "#rrggbb" colors.
func contrast(a, b string) float64 {
	lum := func(h string) float64 {
		var c [3]float64
		for i := range c {
			v, _ := strconv.ParseUint(h[1+2*i:3+2*i], 16, 8)
			x := float64(v) / 255
			if x <= 0.03928 {
				c[i] = x / 12.92
			} else {
				c[i] = math.Pow((x+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	}
	la, lb := lum(a), lum(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func TestBadgeContrast(t *testing.T) {
	colors := map[string]bool{}
	for _, l := range []status.Level{status.Operational, status.Degraded, status.Maintenance, status.Partial, status.MajorOutage} {
		c := LevelColor(l)
		if r := contrast(c, textColor); r < 4.5 {
			t.Errorf("%s: white on %s has contrast %.2f, below AA", l, c, r)
		}
		if colors[c] {
			t.Errorf("%s shares color %s with another level", l, c)
		}
		colors[c] = true
	}
	if r := contrast(labelColor, textColor); r < 4.5 {
		t.Errorf("label contrast %.2f", r)
	}
	b := decodeBadge(t, "x", Badge(`a"b'<c>&`, "Major outage", LevelColor(status.MajorOutage)))
	if b.Group.Texts[0].Text != `a"b'<c>&` || !strings.HasPrefix(b.Title, `a"b'<c>&: `) {
		t.Errorf("escaping lost text: %+v", b)
	}
	if textWidth("Operational") >= textWidth("運用中の重大な障害") || textWidth("") != 0 {
		t.Errorf("widths: %d, %d", textWidth("Operational"), textWidth("運用中の重大な障害"))
	}
}
