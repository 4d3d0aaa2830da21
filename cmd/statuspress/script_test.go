package main

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts under testdata/script run statuspress in this
// process: the test binary answers to the name statuspress.
func TestMain(m *testing.M) {
	testscript.Main(tempCache{m}, map[string]func(){
		"statuspress": func() { os.Exit(scriptMain()) },
	})
}

// tempCache runs the tests with the user's cache folder in a temporary
// folder: the tests that build in this process never write into the
// cache of the person running them.
type tempCache struct{ m *testing.M }

func (t tempCache) Run() int {
	if dir, err := os.MkdirTemp("", "statuspress-test-cache-"); err == nil {
		os.Setenv("XDG_CACHE_HOME", dir) // no go command runs from here
		defer os.RemoveAll(dir)
	}
	return t.m.Run()
}

// scriptMain is main for the scripts. STATUSPRESS_NOW, when set, is the
// clock (RFC 3339), so that new and update write the same bytes every run.
func scriptMain() int {
	now := time.Now
	if v := os.Getenv("STATUSPRESS_NOW"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			os.Stderr.WriteString("STATUSPRESS_NOW: " + err.Error() + "\n")
			return exitUsage
		}
		now = func() time.Time { return t }
	}
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: now}
	return runEnv(context.Background(), e, os.Args[1:])
}

// TestScripts runs the CLI scenarios in testdata/script, one a file: each
// sets up a site, runs statuspress as a person would, and looks at what
// it printed and built.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("STATUSPRESS_NOW", "2026-11-20T10:00:00+09:00")
			// The user's cache folder is the script's own (testscript's
			// HOME is /no-home, which a test run as root would create).
			env.Setenv("XDG_CACHE_HOME", env.WorkDir+"/.cache")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"samecodes": sameCodes,
		},
	})
}

// sameCodes compares two outputs of check -format json: the same
// problems at the same places with the same codes, whatever the language
// of their messages, and every problem has a code.
func sameCodes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: samecodes a.json b.json")
	}
	type problem struct {
		File, Severity, Code string
		Line, Col            int
	}
	read := func(name string) []problem {
		var out []problem
		if err := json.Unmarshal([]byte(ts.ReadFile(name)), &out); err != nil {
			ts.Fatalf("%s: %v", name, err)
		}
		for _, p := range out {
			if p.Code == "" {
				ts.Fatalf("%s: %s:%d:%d has no code", name, p.File, p.Line, p.Col)
			}
		}
		return out
	}
	a, b := read(args[0]), read(args[1])
	if !reflect.DeepEqual(a, b) {
		ts.Fatalf("codes differ:\n%s: %v\n%s: %v", args[0], a, args[1], b)
	}
}
