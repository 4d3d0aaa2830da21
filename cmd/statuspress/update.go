package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/author"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/themes"
)

func runUpdate(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("update", e.stderr)
	src := fs.String("source", ".", "site folder holding content/")
	st := fs.String("status", "", "investigating, identified, monitoring, resolved or update; for maintenance scheduled, in-progress or completed")
	msg := fs.String("m", "", "the update's text, or - to read it from standard input (default: a template in the site language)")
	eta := fs.String("eta", "", "estimated recovery (or new planned end), like 90m, 2h, 15:00, \"2026-11-20 15:00\" or RFC 3339")
	next := fs.String("next", "", "when the next update will come (same forms as -eta)")
	at := fs.String("at", "", "when the update was posted, like 10:05 or 15m (ago); default now")
	var now timeFlag
	fs.Var(&now, "now", "the current time, RFC 3339 (default: the clock)")
	lang := langFlag(fs)
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) != 1 {
		err = errors.New("want update SLUG -status STATUS [-m TEXT|-] [-eta TIME] [-next TIME] [-at TIME]")
	}
	if err == nil && *st == "" {
		err = errors.New("missing -status, like -status identified")
	}
	if err != nil {
		return usageError(e.stderr, "update", err)
	}
	e.cat = e.messages(*lang, *src)
	text, err := readMessage(e.stdin, *msg)
	if err != nil {
		return usageError(e.stderr, "update", err)
	}
	site, err := author.Open(*src, themes.Builtin())
	if err != nil {
		return authorError(e, "update", err)
	}
	clock := now.nowOr(e.now)
	loc := site.Settings.Location
	u := author.Update{
		Slug:    strings.TrimSuffix(pos[0], ".md"),
		Status:  source.Status(strings.ToLower(strings.TrimSpace(*st))),
		Message: text,
	}
	for _, f := range []struct {
		name, value string
		dst         *time.Time
		parse       func(string, time.Time, *time.Location) (time.Time, error)
	}{
		{"eta", *eta, &u.ETA, author.ParseTime},
		{"next", *next, &u.NextUpdate, author.ParseTime},
		{"at", *at, &u.At, author.ParseAt},
	} {
		if f.value == "" {
			continue
		}
		if *f.dst, err = f.parse(f.value, clock, loc); err != nil {
			return usageError(e.stderr, "update", fmt.Errorf("-%s: %w", f.name, err))
		}
	}
	change, err := site.Update(u, clock)
	return finish(e, "update", change, err)
}
