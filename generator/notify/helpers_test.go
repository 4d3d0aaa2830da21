package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/feed"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/status"
	"github.com/statuspress/statuspress/themes"
)

// testNow is the clock of every run: Nov 20, 2026 12:00 in Tokyo.
var testNow = sitetest.Now

const siteHead = `title = "Example Status"
base_url = "https://status.example.com/"
language = "en"
timezone = "Asia/Tokyo"

[[components]]
id = "mail"
name = "Email"

[[components]]
id = "api"
name = "Public API"
`

// The incident as it stands after two reports.
const twoUpdates = `+++
title = "Email delivery delayed"
severity = "major"
scope = ["mail"]
started = 2026-11-20T09:12:00+09:00
eta = 2026-11-20T15:00:00+09:00
next_update = 2026-11-20T13:00:00+09:00
workaround = "Download the report as CSV meanwhile."
+++

## 2026-11-20 10:05 identified

A storage node failed.
We estimate recovery by 15:00.

## 2026-11-20 09:20 investigating

We are investigating delays in email delivery.
`

// site is a site folder in memory: settings and incident files.
type site struct {
	toml      string
	incidents map[string]string
}

// model builds the status model of s and the feed.json a build of it
// serves.
func (s site) model(t *testing.T) (*status.Model, *Feed) {
	t.Helper()
	m, text := sitetest.LoadModel(t, sitetest.InlineSite(s.toml, s.incidents), testNow())
	set := output.Set{}
	if err := feed.Add(set, m, text); err != nil {
		t.Fatal(err)
	}
	live, err := ParseFeed(set[feed.JSONFile])
	if err != nil {
		t.Fatal(err)
	}
	return m, live
}

// options are the Options of a run against s with a fast retry policy.
func (s site) options(t *testing.T, stateFile string, env map[string]string) Options {
	m, live := s.model(t)
	return Options{
		Model: m, Theme: themes.Builtin(), Live: live, StateFile: stateFile,
		Getenv: func(k string) string { return env[k] }, Now: time.Now,
		Budget: 3 * time.Second, Backoff: 20 * time.Millisecond,
	}
}

// receiver is an HTTP endpoint that keeps what it was sent.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	heads  []http.Header
	// check, when set, refuses a request by returning an error text.
	check func(r *http.Request, body []byte) string
	// fail, when set, answers the n-th request (from 1) with a status.
	fail func(n int) int
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.bodies) + 1
		fail, check := rc.fail, rc.check
		rc.mu.Unlock()
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		if check != nil {
			if msg := check(r, body); msg != "" {
				t.Errorf("%s: %s", r.URL, msg)
				http.Error(w, msg, http.StatusBadRequest)
				return
			}
		}
		if fail != nil {
			if code := fail(n); code != 0 {
				http.Error(w, "not now", code)
				return
			}
		}
		rc.mu.Lock()
		rc.bodies = append(rc.bodies, body)
		rc.heads = append(rc.heads, r.Header.Clone())
		rc.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.bodies)
}

func (rc *receiver) json(t *testing.T, i int) map[string]any {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var v map[string]any
	if err := json.Unmarshal(rc.bodies[i], &v); err != nil {
		t.Fatalf("body %d is not JSON: %v\n%s", i, err, rc.bodies[i])
	}
	return v
}

// checkSignature is what a receiver of the generic webhook does, written
// from the README's description: HMAC-SHA256 of timestamp "." body under
// the shared key, hex after "sha256=", and a timestamp within five
// minutes.
func checkSignature(key string) func(r *http.Request, body []byte) string {
	return func(r *http.Request, body []byte) string {
		ts := r.Header.Get("X-Statuspress-Timestamp")
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return "no timestamp"
		}
		if d := time.Since(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
			return "stale timestamp"
		}
		mac := hmac.New(sha256.New, []byte(key))
		mac.Write([]byte(ts + "." + string(body)))
		want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
		if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Statuspress-Signature"))) {
			return "bad signature"
		}
		if r.Header.Get("Content-Type") != "application/json" || r.Header.Get("X-Statuspress-Delivery") == "" {
			return "missing content type or delivery id"
		}
		return ""
	}
}

// checkPublish is what a WebSub hub checks of a publish ping.
func checkPublish(r *http.Request, body []byte) string {
	form, err := url.ParseQuery(string(body))
	if err != nil || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		return "not a form"
	}
	if form.Get("hub.mode") != "publish" || form.Get("hub.url") == "" {
		return "want hub.mode=publish and hub.url, got " + string(body)
	}
	return ""
}
