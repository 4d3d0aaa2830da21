// Command statuspress builds a static status site from Markdown incident
// files. See README.md for the commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // time zones work on hosts without a zoneinfo database

	"github.com/statuspress/statuspress/generator/diag"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends the process at once
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1 // content or build errors
	exitUsage   = 2
)

const usage = `usage:
  statuspress build   [-source DIR] [-dest DIR] [-now TIME] [-drafts] [-force] [-wait 30s]
  statuspress serve   [-source DIR] [-addr 127.0.0.1:1313] [-now TIME]
  statuspress watch   [-source DIR] [-dest DIR] [-now TIME] [-force] [-wait 30s]
  statuspress check   [-source DIR] [-format text|json] [-strict]
  statuspress new incident "Title" [-severity S] [-scope a,b] [-eta DURATION|TIME]
                      [-next DURATION|TIME] [-workaround TEXT] [-slug SLUG]
  statuspress new maintenance "Title" -start TIME -end TIME [-scope a,b]
  statuspress update [SLUG] -status STATUS [-m TEXT|-] [-eta ...] [-next ...] [-at TIME]
                      [-severity S] [-scope a,b] [-impact TEXT] [-workaround TEXT] [-title TEXT]
  statuspress update [SLUG] -amend -m TEXT
      new and update also take -m-en, -title-en, -impact-en, -workaround-en
      (for each other language of a site in several)
  statuspress notify  [-source DIR] [-dest DIR] [-state FILE] [-previous FILE|URL] [-dry-run]
  statuspress init    [DIR] [-title T] [-base-url URL] [-language en|ja|ja,en] [-timezone ZONE] [-components id=Name,...] [-yes]
  statuspress import  statuspage FILE|FOLDER|URL... | cstate FOLDER [-source DIR] [-dry-run]
  statuspress version

build, check, serve, watch, new, update and import speak the site's language;
-lang en (or LANG=C) gives English.
`

// command is one subcommand.
type command func(ctx context.Context, env *env, args []string) int

// env is what every subcommand may use: standard streams and the clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	getenv         func(string) string // nil is os.Getenv
	// cat prints problems and summaries in the site's language; a
	// subcommand sets it once it knows the site (nil prints English).
	cat *diag.Catalog
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(ctx, &env{stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now, getenv: os.Getenv}, args)
}

// runEnv runs the subcommand args names with e; tests give it a fixed clock.
func runEnv(ctx context.Context, e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	commands := map[string]command{
		"build":   runBuild,
		"check":   runCheck,
		"serve":   runServe,
		"watch":   runWatch,
		"new":     runNew,
		"update":  runUpdate,
		"notify":  runNotify,
		"import":  runImport,
		"version": runVersion,
		"init":    runInit,
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "statuspress: unknown command %q\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(ctx, e, args[1:])
}
