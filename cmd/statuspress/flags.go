package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// parseFlags parses args allowing flags before and after the positional
// words ("new incident "Title" -severity major" and "new -severity major
// incident "Title"" both work). It returns the positional words.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns a flag set that reports errors to stderr and returns
// them instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// usageError reports a usage problem and returns the usage exit code.
func usageError(stderr io.Writer, name string, err error) int {
	if !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stderr, "statuspress %s: %v\n", name, err)
	}
	return exitUsage
}

// timeFlag is a -now value: RFC 3339, or a date and time in UTC.
type timeFlag struct{ t time.Time }

func (f *timeFlag) String() string {
	if f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *timeFlag) Set(s string) error {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			f.t = t
			return nil
		}
	}
	return fmt.Errorf("invalid time %q: use RFC 3339, like 2026-11-20T12:00:00+09:00", s)
}

// nowOr returns the flag's time, or the clock's when the flag is unset.
func (f *timeFlag) nowOr(clock func() time.Time) time.Time {
	if f.t.IsZero() {
		return clock()
	}
	return f.t
}
