package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/importer"
	"github.com/statuspress/statuspress/themes"
)

// fetchTimeout bounds each download from a Statuspage page.
const fetchTimeout = 60 * time.Second

func runImport(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("import", e.stderr)
	src := fs.String("source", ".", "site folder to import into (content/ is created when missing)")
	dry := fs.Bool("dry-run", false, "print what would be written, write nothing")
	lang := langFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e.stderr, "import", err)
	}
	e.cat = e.messages(*lang, *src)
	if len(pos) < 2 || (pos[0] != "statuspage" && pos[0] != "cstate") || (pos[0] == "cstate" && len(pos) != 2) {
		return usageError(e.stderr, "import", errors.New("want import statuspage FILE|FOLDER|URL... or import cstate FOLDER"))
	}
	var site *importer.Site
	switch pos[0] {
	case "statuspage":
		var files []importer.File
		client := &http.Client{Timeout: fetchTimeout}
		for _, arg := range pos[1:] {
			var f []importer.File
			if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
				f, err = importer.FetchStatuspage(ctx, client, arg)
			} else {
				f, err = importer.ReadStatuspageFiles(arg)
			}
			if err != nil {
				return authorError(e, "import", err)
			}
			files = append(files, f...)
		}
		site, err = importer.Statuspage(files)
	default:
		if st, serr := os.Stat(pos[1]); serr != nil || !st.IsDir() {
			return usageError(e.stderr, "import", fmt.Errorf("%s is not a folder: give the cState site's folder, the one holding config.yml", pos[1]))
		}
		site, err = importer.CState(os.DirFS(pos[1]), pos[1])
	}
	if err != nil {
		return authorError(e, "import", err)
	}
	plan, err := importer.MakePlan(*src, site)
	if err != nil {
		return authorError(e, "import", err)
	}
	_ = e.cat.WriteText(e.stderr, plan.Notes)
	for _, p := range plan.Present {
		fmt.Fprintln(e.stderr, e.cat.Sprintf("%s: already imported as %s: left alone", p.Pos.String(), p.File))
	}
	if *dry {
		for _, c := range plan.Changes {
			fmt.Fprintln(e.stdout, e.cat.Sprintf("would write %s", c.File))
		}
		return exitOK
	}
	if err := plan.Write(); err != nil {
		return authorError(e, "import", err)
	}
	for _, c := range plan.Changes {
		fmt.Fprintln(e.stdout, c.Path)
	}
	fmt.Fprintln(e.stdout, e.cat.Sprintf("imported %d files, left %d incidents already there alone, %d notes on what changed on the way",
		len(plan.Changes), len(plan.Present), len(plan.Notes)))
	// The result must pass check; an import that breaks the site is a
	// bug, and the user must hear of it at once.
	diags := generator.Check(ctx, generator.Options{Source: *src, Now: e.now(), Theme: themes.Builtin()})
	if diags.HasErrors() {
		_ = e.cat.WriteText(e.stderr, diags.Errors())
		fmt.Fprintln(e.stderr, e.cat.Sprintf("statuspress import: the site does not pass statuspress check; fix the problems above"))
		return exitContent
	}
	return exitOK
}
