package notify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/statuspress/statuspress/generator/feed"
)

// ping tells the hub that the feeds showing msgs have changed (WebSub
// publish: hub.mode=publish and hub.url, one request a feed): the site's
// three feeds and those of every component the updates are about. The
// hub then fetches them and pushes them to its subscribers. One ping
// covers every new update, so they are told together.
func (c *channel) ping(ctx context.Context, msgs []*Message, told func(...string) error) (int, error) {
	for _, u := range hubTopics(c.opts, msgs) {
		form := url.Values{"hub.mode": {"publish"}, "hub.url": {u}}
		h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
		err := retry(ctx, c.opts.Backoff, func(ctx context.Context) error {
			return c.post(ctx, c.n.Hub, h, []byte(form.Encode()))
		})
		if err != nil {
			return 0, c.red.err(fmt.Errorf("%s: %w", u, err))
		}
	}
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	return len(msgs), told(ids...)
}

// hubTopics lists the feed addresses to ping for msgs, site feeds first.
func hubTopics(opts Options, msgs []*Message) []string {
	base := opts.Model.Site.BaseURL
	dirs := []string{""}
	seen := map[string]bool{"": true}
	for _, c := range opts.Model.Site.Components {
		for _, m := range msgs {
			dir := "components/" + c.ID + "/"
			if !seen[dir] && strings.Contains(","+m.in.ScopeKey()+",", ","+c.ID+",") {
				seen[dir] = true
				dirs = append(dirs, dir)
			}
		}
	}
	var out []string
	for _, d := range dirs {
		for _, f := range []string{feed.RSSFile, feed.AtomFile, feed.JSONFile} {
			out = append(out, base+d+f)
		}
	}
	return out
}
