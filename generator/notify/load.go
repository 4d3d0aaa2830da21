package notify

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// maxFeed bounds the size of a feed.json read from a file or the network.
const maxFeed = 16 << 20

// LoadFeed reads a feed.json from a file or, for an http(s) address,
// from the network.
func LoadFeed(ctx context.Context, client *http.Client, where string) (*Feed, error) {
	var data []byte
	if strings.HasPrefix(where, "http://") || strings.HasPrefix(where, "https://") {
		if client == nil {
			client = &http.Client{}
		}
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("User-Agent", "statuspress-notify")
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s: the server answered %s", where, resp.Status)
		}
		if data, err = io.ReadAll(io.LimitReader(resp.Body, maxFeed)); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	} else {
		var err error
		if data, err = os.ReadFile(where); err != nil {
			return nil, err
		}
	}
	f, err := ParseFeed(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return f, nil
}
