package main

import (
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/diag"
)

// TestRebuildPrintsNewWarningsOnly: the first build prints every warning,
// a rebuild only those it adds and a count of the others, and a failed
// build (which checks less) does not make the next good one repeat them.
func TestRebuildPrintsNewWarningsOnly(t *testing.T) {
	var out strings.Builder
	p := &results{w: &out}
	warn := func(files ...string) *generator.Result {
		var l diag.List
		for _, f := range files {
			l.Warnf(diag.Pos{File: f, Line: 1, Col: 1}, "the estimated recovery time has passed")
		}
		return &generator.Result{Diags: l}
	}
	step := func(res *generator.Result, err error, want string) {
		t.Helper()
		out.Reset()
		p.print(res, err)
		if out.String() != want {
			t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
		}
	}
	step(warn("a.md", "b.md"), nil, "a.md:1:1: warning: the estimated recovery time has passed\nb.md:1:1: warning: the estimated recovery time has passed\n")
	step(warn("a.md", "b.md", "c.md"), nil, "c.md:1:1: warning: the estimated recovery time has passed\n(and 2 warnings shown before; statuspress check lists them all)\n")
	var errs diag.List
	errs.Errorf(diag.Pos{File: "d.md", Line: 2, Col: 3}, "unknown severity")
	step(warn(), errs.Err(), "d.md:2:3: unknown severity\nbuild failed; the last good site is kept\n")
	step(warn("a.md", "b.md", "c.md"), nil, "(and 3 warnings shown before; statuspress check lists them all)\n")
}
