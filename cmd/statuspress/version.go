package main

import (
	"context"
	"fmt"
	"github.com/statuspress/statuspress/generator/buildinfo"
)

// version is set at release time with -ldflags "-X main.version=...";
// without it the module version from the build info is used (go install
// ...@v1.2.3 records v1.2.3).
var version = ""

func runVersion(_ context.Context, e *env, args []string) int {
	fs := newFlagSet("version", e.stderr)
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err != nil {
		return usageError(e.stderr, "version", err)
	}
	fmt.Fprintln(e.stdout, versionLine(version, buildinfo.Read()))
	return exitOK
}

// versionLine says which statuspress this is: the version (the -ldflags
// one, else the module's, else "dev"), then the commit it was built from
// and whether the tree had changes, when the build recorded them.
func versionLine(override string, info buildinfo.Info) string {
	v := override
	if v == "" {
		v = info.Module
	}
	if v == "" {
		v = "dev"
	}
	line := "statuspress " + v
	if rev := info.Revision; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		line += " commit " + rev
		if info.Modified {
			line += " (modified)"
		}
		if info.Time != "" {
			line += " " + info.Time
		}
	}
	if info.Go != "" {
		line += " " + info.Go
	}
	return line
}
