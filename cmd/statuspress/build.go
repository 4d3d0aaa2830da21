package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/themes"
)

func runBuild(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("build", e.stderr)
	source := fs.String("source", ".", "site folder holding content/")
	dest := fs.String("dest", "", "output folder (default: public inside -source)")
	drafts := fs.Bool("drafts", false, "include drafts")
	force := fs.Bool("force", false, "publish even when most published incident pages would be removed")
	wait := fs.Duration("wait", generator.DefaultLockWait, "how long to wait for another build into the same -dest")
	lang := langFlag(fs)
	noCache := cacheFlag(fs)
	profile := addProfileFlags(fs)
	var now timeFlag
	fs.Var(&now, "now", "the build's current time, RFC 3339 (default: the clock)")
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err != nil {
		return usageError(e.stderr, "build", err)
	}
	e.cat = e.messages(*lang, *source)
	opts := generator.Options{Source: *source, Dest: *dest, Now: now.nowOr(e.now), Drafts: *drafts, Theme: themes.Builtin(),
		Force: *force, LockWait: lockWait(*wait), Waiting: waiting(e.stderr, e.cat, *dest, *source, *wait),
		Cache: e.cacheRoot(*noCache)}
	limit := limitMemory()
	if generator.Cached(opts) {
		limit.Cached()
	}
	defer limit.Stop()
	stop, err := profile.start()
	if err != nil {
		return reportError(e.stderr, e.cat, err)
	}
	res, err := generator.Build(ctx, opts)
	// A profile that could not be written fails the command, after
	// whatever the build itself says.
	perr := stop()
	if perr != nil {
		fmt.Fprintf(e.stderr, "statuspress: %v\n", perr)
	}
	if res != nil {
		_ = e.cat.WriteText(e.stderr, res.Diags)
		reportStale(e.stderr, e.cat, res.Stale)
	}
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "statuspress: "+e.cat.Sprintf("stopped; nothing was published"))
		return exitContent
	}
	if err != nil {
		return reportError(e.stderr, e.cat, err)
	}
	fmt.Fprintln(e.stdout, e.cat.Sprintf("built %d files into %s (%d written, %d unchanged, %d removed)",
		res.Files, opts.DestDir(), res.Stats.Written, res.Stats.Unchanged, res.Stats.Removed))
	if perr != nil {
		return exitContent
	}
	return exitOK
}

// lockWait turns the -wait flag into Options.LockWait, where 0 means the
// default.
func lockWait(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

// waiting tells the person at the terminal that the build waits for
// another one, and which.
func waiting(w io.Writer, cat *diag.Catalog, dest, source string, wait time.Duration) func(string) {
	if dest == "" {
		dest = filepath.Join(source, "public")
	}
	return func(holder string) {
		fmt.Fprintln(w, "statuspress: "+cat.Sprintf("%s is building into %s; waiting up to %s for it to end", holder, dest, wait))
	}
}

// reportStale says that the last build was killed before it ended, which
// this one made good.
func reportStale(w io.Writer, cat *diag.Catalog, stale string) {
	if stale != "" {
		fmt.Fprintln(w, "statuspress: "+cat.Sprintf("the last build into this folder (%s) was stopped before it ended; this build completed it", stale))
	}
}

// reportError prints a build error in cat's language: content problems
// one a line, anything else prefixed with the program name.
func reportError(w io.Writer, cat *diag.Catalog, err error) int {
	var list diag.ListError
	if errors.As(err, &list) {
		_ = cat.WriteText(w, diag.List(list))
		fmt.Fprintln(w, cat.Sprintf("%d error(s); nothing was published", len(list)))
		return exitContent
	}
	fmt.Fprintf(w, "statuspress: %s\n", errorText(cat, err))
	return exitContent
}

// errorText returns err's text in cat's language when it holds a
// diag.Message: the message is translated and what wrapped it ("-eta: ",
// a file name) is kept as it was.
func errorText(cat *diag.Catalog, err error) string {
	var msg *diag.Message
	text := err.Error()
	if !errors.As(err, &msg) {
		return text
	}
	prefix, ok := strings.CutSuffix(text, msg.Error())
	if !ok {
		return text
	}
	return prefix + cat.Sprintf(msg.Format, msg.Args...)
}

func runCheck(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("check", e.stderr)
	source := fs.String("source", ".", "site folder holding content/")
	format := fs.String("format", "text", "output format: text or json")
	strict := fs.Bool("strict", false, "fail on warnings too")
	lang := langFlag(fs)
	var now timeFlag
	fs.Var(&now, "now", "the current time for time-based warnings, RFC 3339 (default: the clock)")
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err == nil && *format != "text" && *format != "json" {
		err = fmt.Errorf("-format must be text or json, not %q", *format)
	}
	if err != nil {
		return usageError(e.stderr, "check", err)
	}
	e.cat = e.messages(*lang, *source)
	diags := generator.Check(ctx, generator.Options{Source: *source, Now: now.nowOr(e.now), Theme: themes.Builtin()})
	if *format == "json" {
		_ = e.cat.WriteJSON(e.stdout, diags)
	} else {
		_ = e.cat.WriteText(e.stdout, diags)
	}
	if diags.HasErrors() || (*strict && len(diags) > 0) {
		return exitContent
	}
	return exitOK
}
