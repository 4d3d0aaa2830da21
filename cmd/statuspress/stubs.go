package main

import (
	"context"
	"fmt"
)

// These commands are being built; each moves to its own file.

func runServe(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "statuspress serve: not built yet")
	return exitUsage
}

func runWatch(ctx context.Context, e *env, args []string) int {
	fmt.Fprintln(e.stderr, "statuspress watch: not built yet")
	return exitUsage
}
