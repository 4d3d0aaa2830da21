package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestNotifyCommand runs the command as CI would: save the live feed,
// post an update, build (the deploy), notify, then notify again and
// rebuild and notify once more: the Slack receiver gets the update once,
// and the state sits at the documented default place.
func TestNotifyCommand(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
	}))
	defer srv.Close()
	t.Setenv("SLACK_WEBHOOK_URL", srv.URL+"/services/T/B/secret")

	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/site.toml", `title = "Example Status"
base_url = "https://status.example.com/"
timezone = "Asia/Tokyo"

[[components]]
id = "mail"
name = "Email"

[[notify]]
type = "slack"
url_env = "SLACK_WEBHOOK_URL"
`)
	clock := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	run := func(want int, args ...string) string {
		t.Helper()
		var out, errb strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, now: func() time.Time { return clock }}
		if code := runEnv(context.Background(), e, append(args, "-source", dir)); code != want {
			t.Fatalf("statuspress %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out.String(), errb.String())
		}
		return out.String()
	}
	write("content/incidents/.keep", "")
	run(0, "build")
	data, err := os.ReadFile(filepath.Join(dir, "public", "feed.json"))
	if err != nil {
		t.Fatal(err)
	}
	write("previous.json", string(data))

	run(0, "new", "incident", "Email delivery delayed", "-severity", "major", "-scope", "mail")
	run(0, "build")
	out := run(0, "notify", "-previous", filepath.Join(dir, "previous.json"))
	if !strings.Contains(out, "notify: sent 1, skipped 0, failed 0") {
		t.Errorf("first notify:\n%s", out)
	}
	run(0, "notify")
	clock = clock.Add(time.Minute)
	run(0, "build")
	if out := run(0, "notify"); !strings.Contains(out, "notify: sent 0") {
		t.Errorf("notify after a rebuild with nothing new:\n%s", out)
	}
	if len(got) != 1 || !strings.Contains(got[0], "[Investigating] Email delivery delayed") {
		t.Fatalf("the receiver got %d messages: %q", len(got), got)
	}
	if _, err := os.Stat(filepath.Join(dir, ".statuspress", "notify-state.json")); err != nil {
		t.Errorf("no state at the default place: %v", err)
	}
}
