package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/statuspress/statuspress/generator/scaffold"
)

// runInit makes a new status repository in DIR (default: the current
// folder). Answers not given as flags are asked on standard input, each
// with a default that an empty line (or the end of the input) takes.
func runInit(_ context.Context, e *env, args []string) int {
	fs := newFlagSet("init", e.stderr)
	title := fs.String("title", "", "the site's title, like \"Example Cloud Status\"")
	baseURL := fs.String("base-url", "", "the address the site will have, like https://status.example.com/")
	lang := fs.String("language", "", "en or ja, or both with a comma, the default first (ja,en): a site in several languages")
	zone := fs.String("timezone", "", "IANA time zone the site shows times in, like Asia/Tokyo")
	comps := fs.String("components", "", "components, comma-separated: id=Name pairs or ids, like \"api=Public API,mail=Email\"")
	pin := fs.String("version", "", "the statuspress release the workflow and netlify.toml install (default: this one's)")
	yes := fs.Bool("yes", false, "ask nothing: take the default of every answer not given as a flag")
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) > 1 {
		err = fmt.Errorf("unexpected argument %q: give one folder at most", pos[1])
	}
	if err != nil {
		return usageError(e.stderr, "init", err)
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	if scaffold.HasSite(dir) {
		fmt.Fprintf(e.stdout, "%s already has a site (%s): nothing changed\n", dir, filepath.Join(dir, "content", "site.toml"))
		return exitOK
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	q := &questions{in: bufio.NewScanner(e.stdin), out: e.stdout, ask: !*yes}
	o := scaffold.Options{
		Title:    q.answer(given["title"], *title, "Title of the status page", "Example Status"),
		BaseURL:  q.answer(given["base-url"], *baseURL, "Address it will have", "https://status.example.com/"),
		Language: q.answer(given["language"], *lang, "Language (en or ja; ja,en for both)", "en"),
		TimeZone: q.answer(given["timezone"], *zone, "Time zone (IANA name)", "UTC"),
		Components: scaffold.ParseComponents(q.answer(given["components"], *comps,
			"Components, comma-separated (id=Name)", "website=Website,api=API")),
		Version: *pin,
	}
	if o.Version == "" {
		info, _ := debug.ReadBuildInfo()
		o.Version = release(version, info)
	}
	files, err := scaffold.Files(o)
	if err != nil {
		fmt.Fprintf(e.stderr, "statuspress init: %v\n", err)
		return exitUsage
	}
	rep, err := scaffold.Write(dir, files)
	if errors.Is(err, scaffold.ErrHasSite) {
		fmt.Fprintf(e.stdout, "%s already has a site: nothing changed\n", dir)
		return exitOK
	}
	for _, p := range rep.Written {
		fmt.Fprintf(e.stdout, "created %s\n", filepath.Join(dir, filepath.FromSlash(p)))
	}
	for _, p := range rep.Kept {
		fmt.Fprintf(e.stdout, "kept %s (it was already there)\n", filepath.Join(dir, filepath.FromSlash(p)))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "statuspress init: %v\n", err)
		return exitContent
	}
	if o.Version == "latest" {
		fmt.Fprintln(e.stdout, "note: this statuspress is not a release, so the workflow and netlify.toml install the latest one; pin a version with -version vX.Y.Z")
	}
	fmt.Fprintf(e.stdout, "next: cd %s && git init && git config core.hooksPath .githooks && statuspress serve\n", dir)
	return exitOK
}

// questions asks for the answers not given as flags.
type questions struct {
	in  *bufio.Scanner
	out io.Writer
	ask bool
	eof bool
}

func (q *questions) answer(given bool, value, prompt, def string) string {
	if given {
		return strings.TrimSpace(value)
	}
	if !q.ask || q.eof {
		return def
	}
	fmt.Fprintf(q.out, "%s [%s]: ", prompt, def)
	if !q.in.Scan() {
		q.eof = true
		fmt.Fprintln(q.out)
		return def
	}
	if s := strings.TrimSpace(q.in.Text()); s != "" {
		return s
	}
	return def
}

// release is the version a new site pins: this binary's, when it is a
// release (go install ...@v1.4.0 records it), else "latest".
func release(override string, info *debug.BuildInfo) string {
	v := override
	if v == "" && info != nil {
		v = info.Main.Version
	}
	if strings.HasPrefix(v, "v") && !pseudoVersion.MatchString(v) && !strings.Contains(v, "+") {
		return v
	}
	return "latest"
}

// pseudoVersion matches the version go build gives a commit that is no
// release (v0.0.0-20261201152956-7dd7f2509e0a, v1.4.1-0.2026...-...).
var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}$`)
