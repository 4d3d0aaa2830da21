package main

import (
	"context"
	"fmt"
	"runtime/debug"
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
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(e.stdout, versionLine(version, info))
	return exitOK
}

// versionLine says which statuspress this is: the version (the -ldflags
// one, else the module's, else "dev"), then the commit it was built from
// and whether the tree had changes, when the build recorded them.
func versionLine(override string, info *debug.BuildInfo) string {
	v := override
	var rev, when string
	dirty := false
	if info != nil {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	line := "statuspress " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		line += " commit " + rev
		if dirty {
			line += " (modified)"
		}
		if when != "" {
			line += " " + when
		}
	}
	if info != nil && info.GoVersion != "" {
		line += " " + info.GoVersion
	}
	return line
}
