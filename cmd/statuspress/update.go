package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/author"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/themes"
)

func runUpdate(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("update", e.stderr)
	src := fs.String("source", ".", "site folder holding content/")
	st := fs.String("status", "", "investigating, identified, monitoring, resolved or update; for maintenance scheduled, in-progress or completed (or the word the site shows, like 調査中)")
	msg := fs.String("m", "", "the update's text, or - to read it from standard input (default: a template in the site language)")
	eta := fs.String("eta", "", "estimated recovery (or new planned end), like 90m, 2h, 15:00, 15時, \"tomorrow 10:00\", \"2026-11-20 15:00\" or RFC 3339")
	next := fs.String("next", "", "when the next update will come (same forms as -eta)")
	at := fs.String("at", "", "when the update was posted, like 10:05 (today) or 15m (ago); default now")
	amend := fs.Bool("amend", false, "replace the text of the newest update (a typo fix), keeping its time, status and feed item")
	severity := fs.String("severity", "", "change the severity from this update on: minor, major or critical")
	scope := fs.String("scope", "", "change the affected component ids from this update on, comma-separated")
	impact := fs.String("impact", "", "change who is affected and how, from this update on (\"\" clears it)")
	workaround := fs.String("workaround", "", "change what customers can do meanwhile, from this update on (\"\" clears it)")
	title := fs.String("title", "", "change the title from this update on")
	var now timeFlag
	fs.Var(&now, "now", "the current time, RFC 3339 (default: the clock)")
	lang := langFlag(fs)
	langs := addLangFlags(fs, "m", "title", "impact", "workaround")
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) > 1 {
		err = fmt.Errorf("want update [SLUG] -status STATUS [-m TEXT|-] [-eta TIME] [-next TIME] [-at TIME]; got %d words (%s): put the text in quotes after -m", len(pos), strings.Join(pos, " "))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if err == nil && *st == "" && !*amend {
		err = errors.New("missing -status, like -status identified (or -amend -m TEXT to correct the newest update)")
	}
	if err != nil {
		return usageError(e.stderr, "update", err)
	}
	e.cat = e.messages(*lang, *src)
	text, err := readMessage(e.stdin, *msg)
	if err != nil {
		return usageError(e.stderr, "update", err)
	}
	tr, err := langs.translations(e.stdin, *msg == "-")
	if err != nil {
		return usageError(e.stderr, "update", err)
	}
	site, err := author.Open(*src, themes.Builtin())
	if err != nil {
		return authorError(e, "update", err)
	}
	clock := now.nowOr(e.now)
	loc := site.Settings.Location
	slug := ""
	if len(pos) == 1 {
		slug = pos[0]
	}
	found, err := site.FindFor(slug, *st)
	if err != nil {
		return authorError(e, "update", err)
	}
	u := author.Update{Slug: found.Slug, Status: *st, Message: text, Amend: *amend, Lang: tr}
	var notes []error
	if found.Note != nil {
		notes = append(notes, found.Note)
	}
	for _, f := range []struct {
		name, value string
		dst         *time.Time
	}{{"eta", *eta, &u.ETA}, {"next", *next, &u.NextUpdate}} {
		if f.value == "" {
			continue
		}
		t, err := author.ParseTime(f.value, clock, loc)
		if err != nil {
			return flagError(e, "update", f.name, err)
		}
		*f.dst = t.Time
		if t.Tomorrow {
			notes = append(notes, tomorrowNote(f.name, t, clock, loc))
		}
	}
	if *at != "" {
		if u.At, err = author.ParseAt(*at, clock, loc); err != nil {
			return flagError(e, "update", "at", err)
		}
	}
	if set["severity"] {
		sev, err := site.Severity(*severity)
		if err != nil {
			return flagError(e, "update", "", err)
		}
		u.Severity = &sev
	}
	if set["scope"] {
		u.Scope = append([]string{}, splitList(*scope)...)
	}
	if set["impact"] {
		u.Impact = impact
	}
	if set["workaround"] {
		u.Workaround = workaround
	}
	if set["title"] {
		u.Title = title
	}
	change, err := site.Update(u, clock)
	if change != nil {
		change.Notes = append(notes, change.Notes...)
	}
	return finish(e, site, "update", change, err, clock)
}

// tomorrowNote says plainly that a clock time was taken as tomorrow.
func tomorrowNote(flag string, t author.Time, now time.Time, loc *time.Location) error {
	return diag.Errorf("-%s %s: %s today has already passed (it is %s now), so this means tomorrow, %s; if you meant another time, run the command again with it",
		flag, t.Input, t.In(loc).Format("15:04"), now.In(loc).Format("15:04"), t.In(loc).Format("Mon 2 Jan 15:04 MST"))
}

// flagError reports a flag value that cannot be read, in the site's
// language when the reason is a diag.Message, and returns the usage exit
// code. flag, when not empty, names the flag the value was given to.
func flagError(e *env, name, flag string, err error) int {
	if flag != "" {
		flag = "-" + flag + ": "
	}
	fmt.Fprintf(e.stderr, "statuspress %s: %s%s\n", name, flag, errorText(e.cat, err))
	return exitUsage
}
