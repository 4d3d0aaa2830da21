package notify

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/markdown"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

var statusIncident = status.Incident{Incident: &source.Incident{Severity: source.Major}}

// The update's Markdown, through the site's own renderer, as chat and
// mail show it.
func TestPlainText(t *testing.T) {
	md := markdown.New()
	for _, tc := range []struct{ in, want string }{
		{"One line\nwrapped in the source.", "One line wrapped in the source."},
		{"Hard break  \nhere.\\\nAnd here.", "Hard break\nhere.\nAnd here."},
		{"First.\n\nSecond.", "First.\n\nSecond."},
		{"Before:\n\n- one\n- two\n\nAfter.", "Before:\n\n• one\n• two\n\nAfter."},
		{"See [the docs](https://docs.example.com/a) or https://example.com/b.", "See the docs (https://docs.example.com/a) or https://example.com/b."},
		{"Use `curl -v` *now*.", "Use curl -v now."},
		{"<script>alert(1)</script> & co", "<script>alert(1)</script> & co"},
		{"```\nline 1\n  line 2\n```", "line 1\n  line 2"},
		{"## heading\n\ntext", "heading\n\ntext"},
	} {
		h := md.HTML(tc.in)
		if got := plainText(h); got != tc.want {
			t.Errorf("%q\n got %q\nwant %q (html %q)", tc.in, got, tc.want, h)
		}
	}
}

// A long update stays within each platform's limits.
func TestLimits(t *testing.T) {
	long := strings.Repeat("あいうえお ", 2000) // 12,000 characters
	m := &Message{
		ID: "x", Title: strings.Repeat("T", 400), Subject: strings.Repeat("S", 400), Body: long,
		Link: "https://status.example.com/incidents/x/#u1", SiteTitle: "Status",
		Facts: []Fact{{Label: "Workaround", Value: long}, {Label: "Impact", Value: long}},
		in:    &statusIncident,
	}
	runes := func(v any) int { return utf8.RuneCountInString(v.(string)) }

	sl := slackPayload(m)
	blocks := sl["blocks"].([]any)
	if n := runes(blocks[0].(map[string]any)["text"].(map[string]any)["text"]); n > slackHeaderMax {
		t.Errorf("slack header %d > %d", n, slackHeaderMax)
	}
	if n := runes(blocks[1].(map[string]any)["text"].(map[string]any)["text"]); n > slackTextMax || n < slackTextMax-10 {
		t.Errorf("slack section %d, want just under %d", n, slackTextMax)
	}
	for _, f := range blocks[2].(map[string]any)["fields"].([]any) {
		if n := runes(f.(map[string]any)["text"]); n > slackFieldMax {
			t.Errorf("slack field %d > %d", n, slackFieldMax)
		}
	}

	d := discordPayload(m)
	embed := d["embeds"].([]any)[0].(map[string]any)
	total := runes(embed["title"]) + runes(embed["description"]) + runes(m.SiteTitle)
	for _, f := range embed["fields"].([]any) {
		f := f.(map[string]any)
		if runes(f["value"]) > discordFieldMax {
			t.Errorf("discord field value too long")
		}
		total += runes(f["name"]) + runes(f["value"])
	}
	if runes(d["content"]) > discordContent || runes(embed["title"]) > discordTitleMax || runes(embed["description"]) > discordDescMax || total > discordTotalMax {
		t.Errorf("discord: content %d, title %d, description %d, total %d", runes(d["content"]), runes(embed["title"]), runes(embed["description"]), total)
	}

	card, _ := json.Marshal(teamsPayload(m))
	if len(card) > 28*1024 {
		t.Errorf("teams card is %d bytes, over 28 KB", len(card))
	}
}

// FuzzPlainText: any update text gives plain text without tags from the
// renderer, without the <br> mark and without runs of blank lines.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"a\nb", "- x\n- y\n\nz", "[a](https://b)", "```\nq\n```", "a  \nb", "> quote\n\n1. one"} {
		f.Add(s)
	}
	md := markdown.New()
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) {
			return // the loader refuses such files before Markdown
		}
		got := plainText(md.HTML(src))
		if strings.Contains(got, lineMark) || strings.Contains(got, "\n\n\n") || !utf8.ValidString(got) {
			t.Fatalf("%q gave %q", src, got)
		}
	})
}
