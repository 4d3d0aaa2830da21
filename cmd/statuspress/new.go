package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/author"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/themes"
)

// maxMessage bounds an update text read from standard input.
const maxMessage = 1 << 20

func runNew(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("new", e.stderr)
	src := fs.String("source", ".", "site folder holding content/")
	severity := fs.String("severity", "", "incident: minor, major or critical (default minor)")
	scope := fs.String("scope", "", "affected component ids, comma-separated, like api,mail")
	eta := fs.String("eta", "", "incident: estimated recovery, like 90m, 2h, 15:00, \"2026-11-20 15:00\" or RFC 3339")
	next := fs.String("next", "", "incident: when the next update will come (same forms as -eta)")
	workaround := fs.String("workaround", "", "incident: what customers can do meanwhile")
	start := fs.String("start", "", "maintenance: when it starts (same forms as -eta)")
	end := fs.String("end", "", "maintenance: when it ends (same forms as -eta)")
	slug := fs.String("slug", "", "file name without .md (default: the date and the title)")
	msg := fs.String("m", "", "text of the first update, or - to read it from standard input (default: a template in the site language)")
	var now timeFlag
	fs.Var(&now, "now", "the current time, RFC 3339 (default: the clock)")
	lang := langFlag(fs)
	langs := addLangFlags(fs, "m", "title", "workaround")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e.stderr, "new", err)
	}
	e.cat = e.messages(*lang, *src)
	if len(pos) != 2 || (pos[0] != "incident" && pos[0] != "maintenance") {
		return usageError(e.stderr, "new", errors.New(`want new incident "Title" or new maintenance "Title" -start TIME -end TIME`))
	}
	kind, title := pos[0], pos[1]
	only := map[string]string{"severity": "incident", "eta": "incident", "next": "incident", "workaround": "incident", "start": "maintenance", "end": "maintenance"}
	for _, l := range i18n.Languages(themes.Builtin()) {
		only["workaround-"+l] = "incident"
	}
	var misplaced error
	fs.Visit(func(f *flag.Flag) {
		if k, ok := only[f.Name]; ok && k != kind && misplaced == nil {
			misplaced = fmt.Errorf("-%s is for new %s, not new %s", f.Name, k, kind)
		}
	})
	if misplaced != nil {
		return usageError(e.stderr, "new", misplaced)
	}
	text, err := readMessage(e.stdin, *msg)
	if err != nil {
		return usageError(e.stderr, "new", err)
	}
	tr, err := langs.translations(e.stdin, *msg == "-")
	if err != nil {
		return usageError(e.stderr, "new", err)
	}

	site, err := author.Open(*src, themes.Builtin())
	if err != nil {
		return authorError(e, "new", err)
	}
	clock := now.nowOr(e.now)
	loc := site.Settings.Location
	var terr error
	terrFlag := ""
	var notes []error
	when := func(name, s string) time.Time {
		if s == "" || terr != nil {
			return time.Time{}
		}
		t, err := author.ParseTime(s, clock, loc)
		if err != nil {
			terr, terrFlag = err, name
		}
		if t.Tomorrow {
			notes = append(notes, tomorrowNote(name, t, clock, loc))
		}
		return t.Time
	}
	var change *author.Change
	switch kind {
	case "incident":
		in := author.Incident{
			Title: title, Scope: splitList(*scope), Workaround: *workaround, Slug: *slug, Message: text,
			ETA: when("eta", *eta), NextUpdate: when("next", *next), Lang: tr,
		}
		if terr != nil {
			return flagError(e, "new", terrFlag, terr)
		}
		if *severity != "" {
			if in.Severity, err = site.Severity(*severity); err != nil {
				return flagError(e, "new", "", err)
			}
		}
		change, err = site.NewIncident(in, clock)
	default:
		if *start == "" || *end == "" {
			return usageError(e.stderr, "new", errors.New("new maintenance needs -start TIME and -end TIME, like -start \"2026-11-20 02:00\" -end \"2026-11-20 04:00\""))
		}
		m := author.Maintenance{
			Title: title, Scope: splitList(*scope), Slug: *slug, Message: text,
			Start: when("start", *start), End: when("end", *end), Lang: tr,
		}
		if terr != nil {
			return flagError(e, "new", terrFlag, terr)
		}
		change, err = site.NewMaintenance(m, clock)
	}
	if change != nil {
		change.Notes = append(notes, change.Notes...)
	}
	return finish(e, site, "new", change, err, clock)
}

// finish writes a checked change and reports it: the path on standard
// output, then what the command decided for the person (notes) and what
// customers will see once it is published; warnings on standard error.
func finish(e *env, site *author.Site, name string, c *author.Change, err error, now time.Time) int {
	if err == nil {
		err = c.Write()
	}
	if err != nil {
		return authorError(e, name, err)
	}
	_ = e.cat.WriteText(e.stderr, c.Warnings)
	fmt.Fprintln(e.stdout, c.Path)
	for _, n := range c.Notes {
		fmt.Fprintln(e.stdout, e.cat.Sprintf("Note: %s.", errorText(e.cat, n)))
	}
	fmt.Fprint(e.stdout, site.Summary(c, now))
	return exitOK
}

// authorError reports why nothing was written, in the site's language
// where the error is a list of problems in files or a diag.Message.
func authorError(e *env, name string, err error) int {
	var list diag.ListError
	if errors.As(err, &list) {
		_ = e.cat.WriteText(e.stderr, diag.List(list))
		fmt.Fprintln(e.stderr, e.cat.Sprintf("statuspress %s: nothing was written", name))
		return exitContent
	}
	fmt.Fprintf(e.stderr, "statuspress %s: %s\n", name, errorText(e.cat, err))
	return exitContent
}

// readMessage returns the -m text; "-" reads standard input.
func readMessage(stdin io.Reader, m string) (string, error) {
	if m != "-" {
		return m, nil
	}
	data, err := io.ReadAll(io.LimitReader(stdin, maxMessage+1))
	if err != nil {
		return "", fmt.Errorf("reading the message from standard input: %w", err)
	}
	if len(data) > maxMessage {
		return "", errors.New("the message on standard input is longer than 1 MiB")
	}
	if strings.TrimSpace(string(data)) == "" {
		return "", errors.New("-m - read an empty message from standard input")
	}
	return string(data), nil
}

// splitList splits a comma-separated flag value.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
