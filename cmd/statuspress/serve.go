package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/generator/preview"
	"github.com/statuspress/statuspress/generator/watch"
	"github.com/statuspress/statuspress/themes"
)

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("serve", e.stderr)
	source := fs.String("source", ".", "site folder holding content/")
	addr := fs.String("addr", "127.0.0.1:1313", "address to serve on (port 0 picks a free one)")
	var now timeFlag
	fs.Var(&now, "now", "the build's current time, RFC 3339 (default: the clock at start)")
	lang := langFlag(fs)
	pos, err := parseFlags(fs, args)
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err != nil {
		return usageError(e.stderr, "serve", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "statuspress serve: %v\n", err)
		return exitContent
	}
	url := "http://" + localAddr(ln.Addr()) + "/"

	// The site is built in memory and served from there: nothing is
	// written, so there is no temporary folder to clean up, and the last
	// good build stays served while a later one fails.
	site := preview.New()
	site.Listen = ln.Addr().String()
	opts := generator.Options{Source: *source, Now: now.nowOr(e.now), Theme: themes.Builtin(), BaseURL: url}
	if err := opts.CheckFolders(); err != nil {
		ln.Close()
		fmt.Fprintf(e.stderr, "statuspress serve: %v\n", err)
		return exitUsage
	}
	b := generator.NewBuilder(opts)
	report := &results{w: e.stderr, cat: e.messages(*lang, *source)}
	var idle idleCollector
	defer idle.stop()
	build := func(changed []string) error {
		idle.building()
		defer idle.built()
		start := time.Now()
		b.Changed(changed)
		res, err := b.Render(ctx)
		if ctx.Err() != nil {
			return nil // stopping
		}
		if err != nil {
			site.Fail(errorLines(report.cat, err))
		} else {
			n := site.Publish(res.Set)
			fmt.Fprintf(e.stdout, "%s in %s: %d pages and files changed\n", rebuiltWhat(changed), elapsed(start), n)
		}
		report.print(res, err)
		return err
	}

	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	err = watch.Run(ctx, watch.Options{
		Source: *source,
		Dest:   opts.DestDir(),
		Build:  build,
		Report: reportWatchError(e.stderr),
		Ready: func() {
			if _ = build(nil); ctx.Err() != nil {
				return
			}
			fmt.Fprintf(e.stdout, "serving %s on %s (Ctrl-C to stop)\n", watchedFolders(*source), url)
		},
	})
	code := exitOK
	if err != nil {
		fmt.Fprintf(e.stderr, "statuspress: %v\n", err)
		code = exitContent
	}
	site.Close() // ends the event streams, which Shutdown would wait for
	sctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
	}
	if err := <-served; err != nil && err != http.ErrServerClosed {
		fmt.Fprintf(e.stderr, "statuspress serve: %v\n", err)
		code = exitContent
	}
	return code
}

// localAddr is the host:port to put in links: an unspecified address
// (":1313", "0.0.0.0:1313") is reached locally as localhost.
func localAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("localhost", fmt.Sprint(tcp.Port))
}
