package notify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/statuspress/statuspress/generator/config"
)

// dryRun prints what channel n would be sent: each message as its
// platform would receive it, with the name of the variable that holds
// the address, never the address.
func dryRun(w io.Writer, n *config.Notify, msgs []*Message, opts Options) (int, error) {
	if w == nil {
		w = io.Discard
	}
	target := ""
	switch n.Type {
	case "email":
		target = fmt.Sprintf("to %s via %s:%d (%s)", strings.Join(n.To, ", "), n.Host, n.Port, n.TLS)
	case "websub":
		target = "hub " + n.Hub
	default:
		target = "to $" + n.URLEnv
	}
	fmt.Fprintf(w, "=== %s (%s) %s: %d message(s)\n", n.Name, n.Type, target, len(msgs))
	if len(msgs) == 0 {
		return 0, nil
	}
	c := &channel{n: n, opts: opts}
	switch n.Type {
	case "websub":
		for _, u := range hubTopics(opts, msgs) {
			fmt.Fprintf(w, "POST %s hub.mode=publish hub.url=%s\n", n.Hub, u)
		}
		return len(msgs), nil
	case "email":
		for _, m := range msgs {
			fmt.Fprintf(w, "--- %s\nSubject: %s\n\n%s", m.ID, m.Subject, m.Text())
		}
		return len(msgs), nil
	}
	for _, m := range msgs {
		body, err := c.payload(m)
		if err != nil {
			return 0, err
		}
		var buf bytes.Buffer
		if err := json.Indent(&buf, body, "", "  "); err != nil {
			return 0, err
		}
		fmt.Fprintf(w, "--- %s\n%s", m.ID, buf.String())
	}
	return len(msgs), nil
}
