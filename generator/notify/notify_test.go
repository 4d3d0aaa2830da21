package notify

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/generator/output"
	"github.com/statuspress/statuspress/generator/statuspage"
)

// channels is the [[notify]] part of site.toml for the receivers.
func channels(smtpPort int) string {
	s := `
[[notify]]
type = "slack"
url_env = "SLACK_URL"

[[notify]]
type = "teams"
url_env = "TEAMS_URL"
language = "ja"

[[notify]]
type = "discord"
url_env = "DISCORD_URL"

[[notify]]
type = "webhook"
url_env = "HOOK_URL"
secret_env = "HOOK_SECRET"

[[notify]]
type = "websub"
hub = "HUB"
`
	if smtpPort > 0 {
		s += fmt.Sprintf(`
[[notify]]
type = "email"
host = "127.0.0.1"
port = %d
username_env = "SMTP_USER"
password_env = "SMTP_PASSWORD"
from = "status@example.com"
to = ["customers@lists.example.com"]
`, smtpPort)
	}
	return s
}

// TestOncePerChannel sends a site's new updates to real receivers on
// loopback (HTTP endpoints checking payloads and signatures, a WebSub
// hub, mailpit over STARTTLS with a login), runs again and shows that
// nothing arrives twice, amends an update and shows it is not sent as
// new, then adds one and shows that exactly it arrives.
func TestOncePerChannel(t *testing.T) {
	mp := startMailpit(t, "starttls")
	slack, teams, discord, hook, hub := newReceiver(t), newReceiver(t), newReceiver(t), newReceiver(t), newReceiver(t)
	hook.check = checkSignature("k3y-shared-with-the-receiver")
	hub.check = checkPublish
	env := map[string]string{
		"SLACK_URL": slack.URL + "/services/T0/B0/slacksecret", "TEAMS_URL": teams.URL + "/workflows/teamssecret",
		"DISCORD_URL": discord.URL + "/api/webhooks/1/discordsecret", "HOOK_URL": hook.URL + "/hook",
		"HOOK_SECRET": "k3y-shared-with-the-receiver", "SMTP_USER": "user", "SMTP_PASSWORD": "secret",
	}
	mails, smtpPort := 1, 0 // per update
	var roots *x509.CertPool
	if mp == nil {
		mails = 0
	} else {
		smtpPort, roots = mp.smtpPort, mp.roots
	}
	toml := siteHead + strings.Replace(channels(smtpPort), "HUB", hub.URL+"/", 1)
	empty := site{toml: toml}
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	stateFile := filepath.Join(t.TempDir(), "state.json")
	_, previous := empty.model(t) // what subscribers had before the deploy

	run := func(s site) *Report {
		t.Helper()
		opts := s.options(t, stateFile, env)
		opts.Previous = previous
		opts.RootCAs = roots
		rep, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		var sum bytes.Buffer
		rep.WriteSummary(&sum, false)
		if rep.Failed() {
			t.Fatalf("a channel failed:\n%s", sum.String())
		}
		t.Logf("summary:\n%s", sum.String())
		return rep
	}
	counts := func() [5]int {
		return [5]int{slack.count(), teams.count(), discord.count(), hook.count(), len(mp.messages(t))}
	}

	run(s)
	if got, want := counts(), [5]int{2, 2, 2, 2, 2 * mails}; got != want {
		t.Fatalf("after the first run slack, teams, discord, webhook, email got %v, want %v", got, want)
	}
	hubPings := hub.count()
	if hubPings != 6 { // feed.xml, atom.xml, feed.json of the site and of the mail component
		t.Errorf("hub got %d pings, want 6", hubPings)
	}
	var topics []string
	for _, b := range hub.bodies {
		form, _ := url.ParseQuery(string(b))
		topics = append(topics, form.Get("hub.url"))
	}
	if want := "https://status.example.com/feed.xml https://status.example.com/atom.xml https://status.example.com/feed.json " +
		"https://status.example.com/components/mail/feed.xml https://status.example.com/components/mail/atom.xml https://status.example.com/components/mail/feed.json"; strings.Join(topics, " ") != want {
		t.Errorf("hub topics:\n%s\nwant\n%s", strings.Join(topics, " "), want)
	}
	checkSlack(t, slack.json(t, 1))
	checkDiscord(t, discord.json(t, 1))
	checkTeams(t, teams.json(t, 1))
	checkWebhook(t, hook.json(t, 1), hook.heads[1].Get("X-Statuspress-Delivery"))
	if mp != nil {
		checkMail(t, mp.messages(t))
	}

	// Twice: nothing new.
	if rep := run(s); sentTotal(rep) != 0 {
		t.Errorf("second run sent %d messages", sentTotal(rep))
	}
	// The newest update amended (same heading, new text): not new.
	amended := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": strings.Replace(twoUpdates, "A storage node failed.", "A storage node failed; we are moving its data.", 1)}}
	if rep := run(amended); sentTotal(rep) != 0 {
		t.Errorf("an amended update was sent again: %d messages", sentTotal(rep))
	}
	if got, want := counts(), [5]int{2, 2, 2, 2, 2 * mails}; got != want || hub.count() != hubPings {
		t.Fatalf("after re-runs: %v (hub %d), want %v (hub %d)", got, hub.count(), want, hubPings)
	}
	// A third report: exactly one more message everywhere.
	third := strings.Replace(twoUpdates, "+++\n\n## 2026-11-20 10:05", "+++\n\n## 2026-11-20 11:30 monitoring\n\nA fix is in place.\n\n## 2026-11-20 10:05", 1)
	run(site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": third}})
	if got, want := counts(), [5]int{3, 3, 3, 3, 3 * mails}; got != want {
		t.Fatalf("after a new update: %v, want %v", got, want)
	}
	if !strings.Contains(string(slack.bodies[2]), "Monitoring") || hub.count() != hubPings+6 {
		t.Errorf("the third message is not the new update, or the hub was not pinged once more: %s", slack.bodies[2])
	}
}

func sentTotal(r *Report) int {
	n := 0
	for _, c := range r.Channels {
		n += c.Sent
	}
	return n
}

func checkSlack(t *testing.T, v map[string]any) {
	t.Helper()
	blocks, _ := v["blocks"].([]any)
	if v["text"] != "[Identified] Email delivery delayed" || len(blocks) != 4 {
		t.Fatalf("slack message: %v", v)
	}
	text := blocks[1].(map[string]any)["text"].(map[string]any)["text"]
	if text != "A storage node failed. We estimate recovery by 15:00." {
		t.Errorf("slack body %q: the source's line break must be a space", text)
	}
	fields := fmt.Sprint(blocks[2])
	for _, want := range []string{"*Affected*\nEmail", "*Estimated recovery*\nNov 20, 2026 15:00 JST (Estimate as of Nov 20, 2026 10:05 JST; it may change.)", "*Next update*\nNov 20, 2026 13:00 JST", "*Workaround*\nDownload the report"} {
		if !strings.Contains(fields, want) {
			t.Errorf("slack fields lack %q: %s", want, fields)
		}
	}
	if link := fmt.Sprint(blocks[3]); !strings.Contains(link, "<https://status.example.com/incidents/2026-11-20-email/#u20261120T0105Z|View the update>") {
		t.Errorf("slack link: %s", link)
	}
}

func checkDiscord(t *testing.T, v map[string]any) {
	t.Helper()
	embed := v["embeds"].([]any)[0].(map[string]any)
	if embed["title"] != "[Identified] Email delivery delayed" || embed["url"] != "https://status.example.com/incidents/2026-11-20-email/#u20261120T0105Z" ||
		embed["description"] != "A storage node failed. We estimate recovery by 15:00." || embed["timestamp"] != "2026-11-20T01:05:00Z" {
		t.Errorf("discord embed: %v", embed)
	}
	if fmt.Sprint(v["allowed_mentions"]) != "map[parse:[]]" {
		t.Errorf("discord mentions are not off: %v", v["allowed_mentions"])
	}
}

func checkTeams(t *testing.T, v map[string]any) {
	t.Helper()
	att := v["attachments"].([]any)[0].(map[string]any)
	card := att["content"].(map[string]any)
	if v["type"] != "message" || att["contentType"] != "application/vnd.microsoft.card.adaptive" || card["type"] != "AdaptiveCard" {
		t.Fatalf("teams message: %v", v)
	}
	s := fmt.Sprint(card)
	for _, want := range []string{"【原因特定】Email delivery delayed", "復旧見込み", "2026年11月20日 10:05 JST 時点の見込みです", "この更新を見る", "#u20261120T0105Z"} {
		if !strings.Contains(s, want) {
			t.Errorf("teams card (ja) lacks %q: %s", want, s)
		}
	}
}

func checkWebhook(t *testing.T, v map[string]any, delivery string) {
	t.Helper()
	in := v["incident"].(map[string]any)
	updates := in["incident_updates"].([]any)
	upd := updates[0].(map[string]any)
	if len(updates) != 2 || updates[1].(map[string]any)["status"] != "investigating" {
		t.Errorf("webhook: want the new update, then the earlier one: %v", updates)
	}
	page := v["page"].(map[string]any)
	if in["id"] != "2026-11-20-email" || in["status"] != "identified" || in["impact"] != "major" ||
		in["shortlink"] != "https://status.example.com/incidents/2026-11-20-email/" || in["resolved_at"] != nil {
		t.Errorf("webhook incident: %v", in)
	}
	if upd["id"] != delivery || upd["status"] != "identified" || upd["created_at"] != "2026-11-20T01:05:00Z" || upd["body"] != "A storage node failed. We estimate recovery by 15:00." {
		t.Errorf("webhook update: %v (delivery %s)", upd, delivery)
	}
	if page["status_indicator"] != "major" || page["status_description"] != "Partial outage" {
		t.Errorf("webhook page: %v", page)
	}
	comps := fmt.Sprint(in["components"])
	if comps != "[map[id:mail name:Email status:partial_outage]]" {
		t.Errorf("webhook components: %s", comps)
	}
}

func checkMail(t *testing.T, got []arrived) {
	t.Helper()
	if len(got) != 2 {
		t.Fatalf("%d mails", len(got))
	}
	m := got[1]
	if testing.Verbose() {
		t.Logf("mail as it arrived:\n%s\n%s", m.Text, m.HTML)
	}
	if m.Subject != "[Identified] Email delivery delayed" || len(m.To) != 1 || m.To[0].Address != "customers@lists.example.com" {
		t.Errorf("mail subject %q to %v", m.Subject, m.To)
	}
	for _, want := range []string{"A storage node failed. We estimate recovery by 15:00.", "Estimated recovery: Nov 20, 2026 15:00 JST (Estimate as of", "https://status.example.com/incidents/2026-11-20-email/#u20261120T0105Z"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("mail text lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(m.HTML, `<a href="https://status.example.com/incidents/2026-11-20-email/#u20261120T0105Z">View the update</a>`) || !strings.Contains(m.HTML, "<th") {
		t.Errorf("mail HTML:\n%s", m.HTML)
	}
	if got[0].MessageID == got[1].MessageID || !strings.HasSuffix(m.MessageID, "@status.example.com") {
		t.Errorf("message ids %q %q", got[0].MessageID, m.MessageID)
	}
}

// TestKilledChannel stops a webhook receiver after its first message, in
// the middle of a run: that channel fails within its time budget while
// the others deliver everything; the re-run, with the receiver back,
// delivers only the message that was missing.
func TestKilledChannel(t *testing.T) {
	slack, hook := newReceiver(t), newReceiver(t)
	hook.check = checkSignature("key")
	killed := make(chan struct{})
	hook.fail = func(n int) int {
		if n == 2 {
			go func() { hook.CloseClientConnections(); hook.Close(); close(killed) }()
			return 503
		}
		return 0
	}
	toml := siteHead + `
[[notify]]
type = "webhook"
url_env = "HOOK_URL"
secret_env = "HOOK_SECRET"

[[notify]]
type = "slack"
url_env = "SLACK_URL"
`
	env := map[string]string{"HOOK_URL": hook.URL + "/in/hooksecretpath", "HOOK_SECRET": "key", "SLACK_URL": slack.URL + "/x"}
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	_, previous := site{toml: toml}.model(t)
	stateFile := filepath.Join(t.TempDir(), "state.json")
	opts := s.options(t, stateFile, env)
	opts.Previous, opts.Budget = previous, 500*time.Millisecond
	start := time.Now()
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	<-killed
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the run took %s with a budget of 500ms", took)
	}
	var sum bytes.Buffer
	rep.WriteSummary(&sum, false)
	t.Logf("summary:\n%s", sum.String())
	if !rep.Failed() || rep.Channels[0].Sent != 1 || rep.Channels[0].Failed != 1 || rep.Channels[1].Sent != 2 {
		t.Fatalf("want the webhook 1 sent 1 failed and slack 2 sent:\n%s", sum.String())
	}
	if strings.Contains(sum.String(), "hooksecretpath") || !strings.Contains(sum.String(), "$HOOK_URL") {
		t.Errorf("the summary shows the secret address or does not name its variable:\n%s", sum.String())
	}
	first := hook.bodies[0]

	// The receiver is back, at a new address.
	back := newReceiver(t)
	back.check = checkSignature("key")
	env["HOOK_URL"] = back.URL + "/in/hooksecretpath"
	opts = s.options(t, stateFile, env)
	rep, err = Run(context.Background(), opts)
	if err != nil || rep.Failed() {
		t.Fatalf("re-run: %v %+v", err, rep)
	}
	if back.count() != 1 || slack.count() != 2 || bytes.Equal(back.bodies[0], first) {
		t.Fatalf("re-run delivered %d to the webhook (want the 1 missing) and slack has %d (want 2)", back.count(), slack.count())
	}
	if !strings.Contains(string(back.bodies[0]), "u20261120T0105Z") {
		t.Errorf("re-run sent the wrong message: %s", back.bodies[0])
	}
}

// TestRetries: a receiver that answers 503 twice, then takes the message,
// gets it on the third attempt; one that answers 400 is not retried.
func TestRetries(t *testing.T) {
	flaky, broken := newReceiver(t), newReceiver(t)
	var flakyCalls, brokenCalls int
	flaky.fail = func(int) int {
		flakyCalls++
		if flakyCalls <= 2 {
			return 503
		}
		return 0
	}
	broken.fail = func(int) int { brokenCalls++; return 400 }
	toml := siteHead + "\n[[notify]]\ntype = \"slack\"\nname = \"flaky\"\nurl_env = \"A\"\n\n[[notify]]\ntype = \"slack\"\nname = \"broken\"\nurl_env = \"B\"\n"
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	_, previous := site{toml: toml}.model(t)
	opts := s.options(t, "", map[string]string{"A": flaky.URL, "B": broken.URL + "/secretpath-of-b"})
	opts.Previous = previous
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Channels[0].Sent != 2 || flakyCalls != 4 {
		t.Errorf("flaky: sent %d in %d calls, want 2 in 4", rep.Channels[0].Sent, flakyCalls)
	}
	if rep.Channels[1].Sent != 0 || rep.Channels[1].Failed != 2 || brokenCalls != 1 {
		t.Errorf("broken: sent %d failed %d in %d calls, want 0, 2 and 1 call", rep.Channels[1].Sent, rep.Channels[1].Failed, brokenCalls)
	}
	if err := rep.Channels[1].Err; err == nil || !strings.Contains(err.Error(), "400 Bad Request") || strings.Contains(err.Error(), "secretpath-of-b") {
		t.Errorf("broken's error: %v", err)
	}
}

// TestNeverEarly: an update that is in the sources but not in the live
// feed is not sent; once the feed has it, it is.
func TestNeverEarly(t *testing.T) {
	slack := newReceiver(t)
	toml := siteHead + "\n[[notify]]\ntype = \"slack\"\nurl_env = \"S\"\n"
	env := map[string]string{"S": slack.URL}
	stateFile := filepath.Join(t.TempDir(), "state.json")
	before := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	_, deployed := before.model(t)
	// The first run on an existing site, without -previous: the baseline
	// is what is live; nothing old is sent.
	opts := before.options(t, stateFile, env)
	rep, err := Run(context.Background(), opts)
	if err != nil || slack.count() != 0 || !rep.Channels[0].Baseline || rep.Channels[0].Known != 2 {
		t.Fatalf("first run without a baseline sent %d (%v, %+v)", slack.count(), err, rep)
	}
	third := strings.Replace(twoUpdates, "+++\n\n## 2026-11-20 10:05", "+++\n\n## 2026-11-20 11:30 monitoring\n\nA fix is in place.\n\n## 2026-11-20 10:05", 1)
	after := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": third}}
	opts = after.options(t, stateFile, env)
	opts.Live = deployed // committed and built, not yet deployed
	rep, err = Run(context.Background(), opts)
	if err != nil || slack.count() != 0 || rep.Waiting != 1 {
		t.Fatalf("an update not yet live was sent (%d) or not counted as waiting (%d): %v", slack.count(), rep.Waiting, err)
	}
	opts = after.options(t, stateFile, env) // deployed
	if rep, err = Run(context.Background(), opts); err != nil || slack.count() != 1 || rep.Waiting != 0 {
		t.Fatalf("once live: sent %d, waiting %d, %v", slack.count(), rep.Waiting, err)
	}
	data, _ := os.ReadFile(stateFile)
	if !strings.Contains(string(data), `"slack"`) || strings.Count(string(data), "tag:status.example.com") != 3 {
		t.Errorf("state file:\n%s", data)
	}
}

// TestComponentsFollowed: a channel that follows the API is not told
// about an email incident.
func TestComponentsFollowed(t *testing.T) {
	api := newReceiver(t)
	toml := siteHead + "\n[[notify]]\ntype = \"slack\"\ncomponents = [\"api\"]\nurl_env = \"S\"\n"
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	_, previous := site{toml: toml}.model(t)
	opts := s.options(t, "", map[string]string{"S": api.URL})
	opts.Previous = previous
	rep, err := Run(context.Background(), opts)
	if err != nil || api.count() != 0 || rep.Channels[0].Skipped != 2 {
		t.Fatalf("sent %d, report %+v, %v", api.count(), rep, err)
	}
}

// TestMissingSecret: a channel whose variable is unset fails with its
// name, the others go on.
func TestMissingSecret(t *testing.T) {
	ok := newReceiver(t)
	toml := siteHead + "\n[[notify]]\ntype = \"discord\"\nurl_env = \"UNSET_URL\"\n\n[[notify]]\ntype = \"slack\"\nurl_env = \"S\"\n"
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	_, previous := site{toml: toml}.model(t)
	opts := s.options(t, "", map[string]string{"S": ok.URL})
	opts.Previous = previous
	rep, err := Run(context.Background(), opts)
	if err != nil || ok.count() != 2 || rep.Channels[0].Err == nil || !strings.Contains(rep.Channels[0].Err.Error(), "UNSET_URL is not set") {
		t.Fatalf("%v %+v", err, rep)
	}
}

// TestMailTLS sends over TLS from the first byte (port 465 style).
func TestMailTLS(t *testing.T) {
	mp := startMailpit(t, "tls")
	if mp == nil {
		t.Skip("no mailpit")
	}
	toml := siteHead + "\n[[notify]]\ntype = \"email\"\nhost = \"127.0.0.1\"\ntls = \"tls\"\nport = " + strconv.Itoa(mp.smtpPort) + "\nfrom = \"status@example.com\"\nto = [\"a@example.com\", \"b@example.com\"]\nlanguage = \"ja\"\n"
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	_, previous := site{toml: toml}.model(t)
	opts := s.options(t, "", nil)
	opts.Previous, opts.RootCAs = previous, mp.roots
	rep, err := Run(context.Background(), opts)
	if err != nil || rep.Failed() {
		t.Fatalf("%v %+v", err, rep.Channels)
	}
	got := mp.messages(t)
	if len(got) != 2 || got[1].Subject != "【原因特定】Email delivery delayed" || len(got[1].To) != 2 {
		t.Fatalf("mails: %+v", got)
	}
}

// TestMailRefusesUntrustedServer: without the test's authority the
// server's certificate is refused, and the failure is reported.
func TestMailRefusesUntrustedServer(t *testing.T) {
	mp := startMailpit(t, "tls")
	if mp == nil {
		t.Skip("no mailpit")
	}
	toml := siteHead + "\n[[notify]]\ntype = \"email\"\nhost = \"127.0.0.1\"\ntls = \"tls\"\nport = " + strconv.Itoa(mp.smtpPort) + "\nfrom = \"status@example.com\"\nto = [\"a@example.com\"]\n"
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	_, previous := site{toml: toml}.model(t)
	opts := s.options(t, "", nil)
	opts.Previous, opts.Budget = previous, 300*time.Millisecond
	rep, err := Run(context.Background(), opts)
	if err != nil || !rep.Failed() || len(mp.messages(t)) != 0 {
		t.Fatalf("an untrusted server got mail: %v %+v", err, rep.Channels)
	}
}

// TestForeignPrevious: a -previous feed that shares no item with the live
// site (another site's, or a wrong file) is not trusted as the baseline:
// nothing old is sent.
func TestForeignPrevious(t *testing.T) {
	slack := newReceiver(t)
	toml := siteHead + "\n[[notify]]\ntype = \"slack\"\nurl_env = \"S\"\n"
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	other := site{toml: strings.Replace(toml, "status.example.com", "status.other.test", 1), incidents: s.incidents}
	_, foreign := other.model(t)
	opts := s.options(t, "", map[string]string{"S": slack.URL})
	opts.Previous = foreign
	rep, err := Run(context.Background(), opts)
	if err != nil || slack.count() != 0 || rep.Channels[0].Known != 2 {
		t.Fatalf("sent %d with a foreign baseline: %v %+v", slack.count(), err, rep)
	}
}

// TestWebhookPageID: the webhook's page id is the one the site's status
// API gives, so a receiver can match the two.
func TestWebhookPageID(t *testing.T) {
	s := site{toml: siteHead, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	m, text := sitetest.LoadModel(t, sitetest.InlineSite(s.toml, s.incidents), testNow())
	set := output.Set{}
	if err := statuspage.Add(set, m, text); err != nil {
		t.Fatal(err)
	}
	var summary struct{ Page struct{ ID string } }
	if err := json.Unmarshal(set[statuspage.Dir+"summary.json"], &summary); err != nil {
		t.Fatal(err)
	}
	e := entries(m)[0]
	got := webhookPayload(m, compose(m, text, e))["page"].(map[string]any)["id"]
	if summary.Page.ID == "" || got != summary.Page.ID {
		t.Errorf("webhook page id %v, API page id %q", got, summary.Page.ID)
	}
}

// TestMailLoginRefused: a login the server refuses (535) is not tried
// again and again within the budget: asking again cannot help, and
// repeated failed logins can lock the account. The password is not shown.
func TestMailLoginRefused(t *testing.T) {
	mp := startMailpit(t, "starttls")
	if mp == nil {
		t.Skip("no mailpit")
	}
	toml := siteHead + "\n[[notify]]\ntype = \"email\"\nhost = \"127.0.0.1\"\nport = " + strconv.Itoa(mp.smtpPort) + "\nusername_env = \"SMTP_USER\"\npassword_env = \"SMTP_PASSWORD\"\nfrom = \"status@example.com\"\nto = [\"a@example.com\"]\n"
	s := site{toml: toml, incidents: map[string]string{"2026-11-20-email.md": twoUpdates}}
	_, previous := site{toml: toml}.model(t)
	opts := s.options(t, "", map[string]string{"SMTP_USER": "user", "SMTP_PASSWORD": "not-the-password"})
	opts.Previous, opts.RootCAs, opts.Budget = previous, mp.roots, 10*time.Second
	start := time.Now()
	rep, err := Run(context.Background(), opts)
	if err != nil || !rep.Failed() || len(mp.messages(t)) != 0 {
		t.Fatalf("a refused login delivered mail: %v %+v", err, rep.Channels)
	}
	msg := rep.Channels[0].Err.Error()
	if took := time.Since(start); took > 3*time.Second || strings.Contains(msg, "attempt(s)") {
		t.Errorf("a refused login was tried again (%s): %s", took, msg)
	}
	if !strings.Contains(msg, "535") || strings.Contains(msg, "not-the-password") {
		t.Errorf("want the server's 535 and no password: %s", msg)
	}
}
