package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/notify"
	"github.com/statuspress/statuspress/generator/overlay"
	"github.com/statuspress/statuspress/themes"
)

// exitDelivery is notify's exit code when a channel could not be told
// everything: a re-run sends what is missing.
const exitDelivery = 3

// defaultState is where notify keeps what each channel was told,
// relative to the site folder.
var defaultState = filepath.Join(".statuspress", "notify-state.json")

func runNotify(ctx context.Context, e *env, args []string) int {
	fset := newFlagSet("notify", e.stderr)
	source := fset.String("source", ".", "site folder holding content/")
	dest := fset.String("dest", "", "the built and deployed output folder (default: public inside -source)")
	state := fset.String("state", "", "state file: what each channel was told (default: .statuspress/notify-state.json inside -source)")
	previous := fset.String("previous", "", "feed.json FILE or URL of what subscribers already had: the baseline of a channel the state file does not know")
	live := fset.String("live", "", "feed.json FILE or URL of what the site serves now (default: feed.json in -dest)")
	dryRun := fset.Bool("dry-run", false, "print every message and send nothing")
	timeout := fset.Duration("timeout", notify.DefaultBudget, "the longest one channel may take, retries included")
	var now timeFlag
	fset.Var(&now, "now", "the current time, RFC 3339 (default: the clock)")
	pos, err := parseFlags(fset, args)
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err == nil && *timeout <= 0 {
		err = errors.New("-timeout must be positive, like -timeout 2m")
	}
	if err != nil {
		return usageError(e.stderr, "notify", err)
	}
	opts := generator.Options{Source: *source, Dest: *dest, Now: now.nowOr(e.now), Theme: themes.Builtin()}
	e.cat = e.messages("", *source)
	res, err := generator.NewBuilder(opts).Render(ctx)
	var list diag.ListError
	if errors.As(err, &list) {
		_ = e.cat.WriteText(e.stderr, diag.List(list))
		fmt.Fprintln(e.stderr, e.cat.Sprintf("%d error(s); nothing was sent", len(list)))
		return exitContent
	}
	if err != nil {
		return reportError(e.stderr, e.cat, err)
	}
	m := res.Model
	if len(m.Site.Notify) == 0 {
		fmt.Fprintln(e.stdout, "notify: no [[notify]] channels in content/site.toml: nothing to send")
		return exitOK
	}
	if *live == "" {
		*live = filepath.Join(opts.DestDir(), "feed.json")
	}
	liveFeed, err := notify.LoadFeed(ctx, nil, *live)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "statuspress notify: %s is not there: build the site and deploy it first, then run notify (or point -live at the deployed feed.json)\n", *live)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "statuspress notify: the live feed: %v\n", err)
		return exitContent
	}
	var prev *notify.Feed
	if *previous != "" {
		if prev, err = notify.LoadFeed(ctx, nil, *previous); err != nil {
			fmt.Fprintf(e.stderr, "statuspress notify: -previous: %v\n", err)
			return exitContent
		}
	}
	if *state == "" {
		*state = filepath.Join(*source, defaultState)
	}
	theme := overlay.FS{themes.Builtin()}
	if dir := filepath.Join(*source, "themes", m.Site.Theme); isDir(dir) {
		theme = overlay.FS{os.DirFS(dir), themes.Builtin()}
	}
	rep, err := notify.Run(ctx, notify.Options{
		Model: m, Theme: theme, Live: liveFeed, Previous: prev,
		StateFile: *state, DryRun: *dryRun, Out: e.stdout,
		// Signatures and mail are dated by the clock, never by -now: a
		// receiver refuses a timestamp far from its own.
		Getenv: os.Getenv, Now: e.now,
		Budget: *timeout,
	})
	if rep != nil {
		rep.WriteSummary(e.stdout, *dryRun)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "statuspress notify: %v\n", err)
		return exitContent
	}
	if rep.Failed() {
		return exitDelivery
	}
	return exitOK
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
