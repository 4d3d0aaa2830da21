package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/config"
)

// channel is one [[notify]] entry ready to send: its secrets read and
// its way of delivering chosen.
type channel struct {
	n    *config.Notify
	opts Options
	red  redactor
	url  string // slack, teams, discord, webhook
	key  []byte // webhook
	user string // email
	pass string
}

// newChannel reads the channel's secrets from the environment.
func newChannel(n *config.Notify, opts Options) (*channel, error) {
	c := &channel{n: n, opts: opts}
	get := func(name string) (string, error) {
		v := opts.Getenv(name)
		if v == "" {
			return "", fmt.Errorf("the environment variable %s is not set: add it to the CI's secrets (see README, \"Telling subscribers\")", name)
		}
		c.red.add(v, name)
		return v, nil
	}
	var err error
	switch n.Type {
	case "slack", "teams", "discord", "webhook":
		if c.url, err = get(n.URLEnv); err != nil {
			return nil, err
		}
		if n.Type == "webhook" {
			s, err := get(n.SecretEnv)
			if err != nil {
				return nil, err
			}
			c.key = []byte(s)
		}
	case "email":
		if n.UsernameEnv != "" {
			if c.user, err = get(n.UsernameEnv); err != nil {
				return nil, err
			}
			if c.pass, err = get(n.PasswordEnv); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// deliver sends msgs, calling told with the IDs of what arrived.
func (c *channel) deliver(ctx context.Context, msgs []*Message, told func(...string) error) (int, error) {
	switch c.n.Type {
	case "email":
		return deliverEach(ctx, msgs, c.opts, c.red, told, c.sendMail)
	case "websub":
		return c.ping(ctx, msgs, told)
	}
	return deliverEach(ctx, msgs, c.opts, c.red, told, func(ctx context.Context, m *Message) error {
		body, err := c.payload(m)
		if err != nil {
			return permanentError{err}
		}
		h := http.Header{"Content-Type": {"application/json"}}
		if c.n.Type == "webhook" {
			for k, v := range Sign(c.key, c.opts.Now(), body) {
				h[k] = v
			}
			h.Set("X-Statuspress-Event", "incident.update")
			h.Set("X-Statuspress-Delivery", m.ID)
		}
		return c.post(ctx, c.url, h, body)
	})
}

// payload is the JSON body of m for the channel's platform.
func (c *channel) payload(m *Message) ([]byte, error) {
	var v any
	switch c.n.Type {
	case "slack":
		v = slackPayload(m)
	case "teams":
		v = teamsPayload(m)
	case "discord":
		v = discordPayload(m)
	case "webhook":
		v = webhookPayload(c.opts.Model, m)
	default:
		return nil, fmt.Errorf("no payload for %s", c.n.Type)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// post sends one request. Network failures, 408, 429 and 5xx answers can
// be retried; other answers cannot.
func (c *channel) post(ctx context.Context, url string, h http.Header, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return permanentError{err}
	}
	req.Header = h
	req.Header.Set("User-Agent", "statuspress-notify")
	resp, err := c.opts.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	err = fmt.Errorf("the server answered %s: %s", resp.Status, strings.TrimSpace(string(answer)))
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
		if s, e := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); e == nil && s > 0 && s < 3600 {
			return retryAfter{err, time.Duration(s * float64(time.Second))}
		}
		return err
	}
	return permanentError{err}
}

// Signature headers of the generic webhook.
const (
	TimestampHeader = "X-Statuspress-Timestamp"
	SignatureHeader = "X-Statuspress-Signature"
)

// Sign returns the headers that let a receiver check a webhook body: the
// time of sending in Unix seconds and "sha256=" followed by the hex
// HMAC-SHA256, under key, of that timestamp, a dot and the body. A
// receiver recomputes the HMAC, compares in constant time and refuses a
// timestamp more than five minutes from its own clock, so that a
// recorded request cannot be replayed later.
func Sign(key []byte, now time.Time, body []byte) http.Header {
	ts := strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return http.Header{
		TimestampHeader: {ts},
		SignatureHeader: {"sha256=" + hex.EncodeToString(mac.Sum(nil))},
	}
}
