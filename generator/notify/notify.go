// Package notify tells subscribers about new updates once they are live:
// it sends each update of the status model that a channel of site.toml
// ([[notify]]: Slack, Microsoft Teams, Discord, a signed JSON webhook,
// email over SMTP, a WebSub hub) has not been told yet.
//
// Which updates exist comes from the model; which of them are live comes
// from the feed.json the site serves (or the one just built and
// deployed): an update that is not in that feed yet is left for a later
// run, so nothing is announced before readers can open it. Every update
// is known by its feed item ID, made of the incident's slug and the
// update's own time, so an amended or edited update is never sent again.
//
// What each channel was told is kept in a small JSON state file, written
// after every delivery. A channel the state does not know yet starts from
// a baseline: the items of a previous feed.json (what subscribers already
// had) or, without one, everything live now, so that a first run on an
// existing site sends nothing old.
//
// A process killed between a delivery and the write of the state can
// send that one message again on the next run; the webhook's delivery
// header and the email's Message-ID carry the item ID for receivers that
// deduplicate.
package notify

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/status"
)

// Options say what to send, and where from.
type Options struct {
	// Model is the site's status model, drafts excluded.
	Model *status.Model
	// Theme holds i18n/<lang>.toml for the channels' languages.
	Theme fs.FS
	// Live lists the items the site serves: only those are sent.
	Live *Feed
	// Previous, when not nil, is the baseline of a channel the state file
	// does not know: its items are taken as already told.
	Previous *Feed
	// StateFile is where what each channel was told is kept.
	StateFile string
	// DryRun prints every message to Out and sends nothing: the state
	// file is read but not written, and no secret is needed.
	DryRun bool
	// Out receives the dry-run messages.
	Out io.Writer
	// Getenv reads the secrets named in site.toml.
	Getenv func(string) string
	// Now is the clock, for the webhook's timestamp header.
	Now func() time.Time
	// Client sends HTTP requests; nil uses a client of its own.
	Client *http.Client
	// RootCAs, when not nil, are the authorities an SMTP server's
	// certificate must come from (tests); nil uses the system's.
	RootCAs *x509.CertPool
	// Budget bounds the time one channel may take, retries included;
	// zero means DefaultBudget.
	Budget time.Duration
	// Backoff is the wait before the first retry, doubled after each;
	// zero means DefaultBackoff.
	Backoff time.Duration
}

// Defaults for Options.
const (
	DefaultBudget  = 2 * time.Minute
	DefaultBackoff = time.Second
	// attemptTimeout bounds one request, so that one hanging server
	// leaves time for retries within the budget.
	attemptTimeout = 20 * time.Second
)

// Report says what happened to each channel.
type Report struct {
	Channels []ChannelReport // in site.toml order
	// Waiting counts updates of the model that the live feed does not
	// have yet: they go out on a run after they are deployed.
	Waiting int
}

// ChannelReport is one channel's part of a run.
type ChannelReport struct {
	Name, Type string
	Sent       int // delivered in this run (or printed, in a dry run)
	Failed     int // not delivered: a re-run sends them
	Skipped    int // not for this channel: about components it does not follow
	// Baseline is true on the channel's first run; Known counts the
	// updates its baseline took as already told.
	Baseline bool
	Known    int
	Err      error // why the first failure failed, secrets removed
}

// Failed reports whether any channel failed.
func (r *Report) Failed() bool {
	for _, c := range r.Channels {
		if c.Failed > 0 || c.Err != nil {
			return true
		}
	}
	return false
}

// WriteSummary prints one line per channel and a total.
func (r *Report) WriteSummary(w io.Writer, dryRun bool) {
	var sent, failed, skipped int
	verb := "sent"
	if dryRun {
		verb = "would send"
	}
	for _, c := range r.Channels {
		line := fmt.Sprintf("%s (%s): %s %d, skipped %d, failed %d", c.Name, c.Type, verb, c.Sent, c.Skipped, c.Failed)
		if c.Baseline {
			line += fmt.Sprintf("; first run for this channel: %d earlier update(s) taken as already told", c.Known)
		}
		if c.Err != nil {
			line += ": " + c.Err.Error()
		}
		fmt.Fprintln(w, line)
		sent, failed, skipped = sent+c.Sent, failed+c.Failed, skipped+c.Skipped
	}
	if r.Waiting > 0 {
		fmt.Fprintf(w, "%d update(s) are not live on the site yet: deploy the build, then run notify again\n", r.Waiting)
	}
	fmt.Fprintf(w, "notify: %s %d, skipped %d, failed %d", verb, sent, skipped, failed)
	if failed > 0 {
		fmt.Fprint(w, " (run notify again to send what failed)")
	}
	fmt.Fprintln(w)
}

// Run sends what is new to every channel of the model's site. Channels
// run side by side; one that fails or hangs does not hold up the others.
// The error is for problems before any channel ran (the state file);
// what each channel did is in the report.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.Client == nil {
		opts.Client = &http.Client{}
	}
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	if opts.Now == nil {
		return nil, errors.New("notify: Options.Now is nil")
	}
	if opts.Live == nil {
		return nil, errors.New("notify: no live feed to compare with")
	}
	st, err := loadState(opts.StateFile)
	if err != nil {
		return nil, err
	}
	all := entries(opts.Model)
	live, waiting := opts.Live.split(all)
	rep := &Report{Waiting: waiting, Channels: make([]ChannelReport, len(opts.Model.Site.Notify))}
	catalogs := map[string]*i18n.Catalog{}
	for _, n := range opts.Model.Site.Notify {
		lang := langOf(n, opts.Model.Site)
		if catalogs[lang] == nil {
			cat, err := i18n.Load(opts.Theme, lang)
			if err != nil {
				return nil, fmt.Errorf("notify: %w", err)
			}
			catalogs[lang] = cat
		}
	}
	if def := opts.Model.Site.Language; len(opts.Model.Site.Others()) > 0 && catalogs[def] == nil {
		// The fallback note names the default language in its own words.
		cat, err := i18n.Load(opts.Theme, def)
		if err != nil {
			return nil, fmt.Errorf("notify: %w", err)
		}
		catalogs[def] = cat
	}
	views := languageViews(opts.Model, catalogs)
	var mu sync.Mutex // guards st and its file
	var wg sync.WaitGroup
	for i := range opts.Model.Site.Notify {
		n := &opts.Model.Site.Notify[i]
		cr := &rep.Channels[i]
		cr.Name, cr.Type = n.Name, n.Type
		mu.Lock()
		todo, skipped, baseline, known := st.plan(n, live, opts.Previous)
		mu.Unlock()
		cr.Skipped, cr.Baseline, cr.Known = skipped, baseline, known
		msgs := make([]*Message, len(todo))
		lang := langOf(*n, opts.Model.Site)
		for j, e := range todo {
			if v := views[lang]; v != nil {
				msgs[j] = compose(v, catalogs[lang], e.inView(v))
				continue
			}
			msgs[j] = compose(opts.Model, catalogs[lang], e)
		}
		if opts.DryRun {
			cr.Sent, cr.Err = dryRun(opts.Out, n, msgs, opts)
			continue
		}
		if len(msgs) == 0 {
			mu.Lock()
			err := st.save(opts.StateFile) // the baseline and skipped items
			mu.Unlock()
			cr.Err = err
			continue
		}
		wg.Go(func() {
			ch, err := newChannel(n, opts)
			if err != nil {
				cr.Failed, cr.Err = len(msgs), err
				return
			}
			cctx, cancel := context.WithTimeout(ctx, opts.Budget)
			defer cancel()
			told := func(ids ...string) error {
				mu.Lock()
				defer mu.Unlock()
				st.tell(n.Name, ids...)
				return st.save(opts.StateFile)
			}
			cr.Sent, cr.Err = ch.deliver(cctx, msgs, told)
			cr.Failed = len(msgs) - cr.Sent
		})
	}
	wg.Wait()
	if !opts.DryRun {
		mu.Lock()
		st.prune(opts.Model.Site, all)
		err := st.save(opts.StateFile)
		mu.Unlock()
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func langOf(n config.Notify, site *config.Site) string {
	if n.Language != "" {
		return n.Language
	}
	return site.Language
}

// deliverEach sends msgs one by one, oldest first, retrying each within
// the channel's budget, and records each as told as soon as it is
// delivered. It stops at the first message that cannot be delivered: the
// later ones would arrive out of order, and a re-run sends them.
func deliverEach(ctx context.Context, msgs []*Message, opts Options, r redactor, told func(...string) error, send func(ctx context.Context, m *Message) error) (int, error) {
	for i, m := range msgs {
		if err := retry(ctx, opts.Backoff, func(ctx context.Context) error { return send(ctx, m) }); err != nil {
			return i, r.err(fmt.Errorf("%s: %w", m.ID, err))
		}
		if err := told(m.ID); err != nil {
			return i + 1, err
		}
	}
	return len(msgs), nil
}

// permanentError is a failure that a retry cannot mend (a 4xx answer, a
// rejected address).
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// retryAfter is a failure the server says to retry after a while.
type retryAfter struct {
	err  error
	wait time.Duration
}

func (e retryAfter) Error() string { return e.err.Error() }
func (e retryAfter) Unwrap() error { return e.err }

// retry calls fn until it succeeds, fails permanently or ctx ends,
// waiting backoff, then twice as long, and so on, between attempts.
func retry(ctx context.Context, backoff time.Duration, fn func(ctx context.Context) error) error {
	wait := backoff
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, attemptTimeout)
		err := fn(actx)
		cancel()
		if err == nil {
			return nil
		}
		var perm permanentError
		if errors.As(err, &perm) {
			return err
		}
		next := wait
		var ra retryAfter
		if errors.As(err, &ra) && ra.wait > next {
			next = ra.wait
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < next {
			return fmt.Errorf("gave up after %d attempt(s), the time for this channel is up: %w", attempt, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("gave up after %d attempt(s): %w", attempt, err)
		case <-time.After(next):
		}
		wait *= 2
	}
}

// redactor removes secrets from what is printed: net/http puts the
// address of a request in its errors, and a webhook address is a secret.
type redactor struct {
	secrets []secret
}

type secret struct{ value, name string }

func (r *redactor) add(value, name string) {
	if len(value) < 4 {
		return
	}
	r.secrets = append(r.secrets, secret{value, name})
	// net/http prints an address with a password with "***" in its place
	// ("https://user:***@host/path"), which still shows the user name.
	if u, err := url.Parse(value); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			shown := strings.Replace(u.String(), u.User.String()+"@", u.User.Username()+":***@", 1)
			r.secrets = append(r.secrets, secret{shown, name})
		}
	}
	// Parts of an address show up alone, too (a path in a redirect).
	if i := strings.Index(value, "://"); i >= 0 {
		if j := strings.IndexByte(value[i+3:], '/'); j >= 0 && len(value)-(i+3+j) > 8 {
			r.secrets = append(r.secrets, secret{value[i+3+j:], "(path of $" + name + ")"})
		}
	}
	slices.SortFunc(r.secrets, func(a, b secret) int { return len(b.value) - len(a.value) })
}

func (r redactor) text(s string) string {
	for _, x := range r.secrets {
		repl := "$" + x.name
		if strings.HasPrefix(x.name, "(") {
			repl = x.name
		}
		s = strings.ReplaceAll(s, x.value, repl)
	}
	return s
}

func (r redactor) err(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(r.text(err.Error()))
}
