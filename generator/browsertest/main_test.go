package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/chromedp/chromedp"

	"github.com/statuspress/statuspress/generator"
	"github.com/statuspress/statuspress/themes"
)

const chromiumPath = "/usr/bin/chromium"

// buildNow is the clock of the test sites (testdata/sites/README.md).
var buildNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))

// A site is one built site and the path it is served under.
type site struct {
	name string // "en", "ja", "bilingual" or "demo"
	dir  string // the built files
	base string // the base path of its base_url: "/" or "/status/"
}

var (
	repoRoot string
	sites    = map[string]*site{}
	outDir   string // screenshots and other output for people to look at
	csp      string // the Content-Security-Policy of netlify.toml

	browserCtx context.Context // nil without Chromium
	browserErr error
)

// TestMain builds the sites once and starts one browser for the whole
// test binary; each test opens its own tab.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	if repoRoot, err = filepath.Abs("../.."); err != nil {
		return fail(err)
	}
	tmp, err := os.MkdirTemp("", "statuspress-browsertest-")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(tmp)

	// STATUSPRESS_TEST_OUT keeps the screenshots after the run.
	outDir = os.Getenv("STATUSPRESS_TEST_OUT")
	if outDir == "" {
		outDir = filepath.Join(tmp, "out")
	}
	if csp, err = siteCSP(filepath.Join(repoRoot, "netlify.toml")); err != nil {
		return fail(err)
	}
	for name, src := range map[string]string{
		"en":        "testdata/sites/en",
		"ja":        "testdata/sites/ja",
		"bilingual": "testdata/sites/bilingual",
		"demo":      ".",
	} {
		s := &site{name: name, dir: filepath.Join(tmp, "sites", name), base: "/"}
		if name == "ja" {
			s.base = "/status/"
		}
		_, err := generator.Build(context.Background(), generator.Options{
			Source: filepath.Join(repoRoot, src),
			Dest:   s.dir,
			Now:    buildNow,
			Theme:  themes.Builtin(),
		})
		if err != nil {
			return fail(fmt.Errorf("build %s: %w", name, err))
		}
		sites[name] = s
	}

	if _, err := os.Stat(chromiumPath); err != nil {
		browserErr = err
	} else {
		ctx, cancel, err := startBrowser(filepath.Join(tmp, "profile"))
		defer cancel()
		browserCtx, browserErr = ctx, err
	}
	return m.Run()
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "browsertest:", err)
	return 1
}

func startBrowser(profile string) (context.Context, context.CancelFunc, error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 800))
	ctx, cancel := chromedp.NewContext(alloc)
	stop := func() { cancel(); cancelAlloc() }
	if err := chromedp.Do(ctx); err != nil { // start the browser with no deadline
		stop()
		return nil, func() {}, err
	}
	return ctx, stop, nil
}

// needTool skips a test whose tool is missing, except in CI (the env var
// CI is set), where every test must run.
func needTool(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is not available: %v", what, err)
	}
	t.Skipf("%s is not available: %v", what, err)
}

// siteCSP reads the Content-Security-Policy that netlify.toml sends with
// every page, so that the tests hold the pages to the real policy.
func siteCSP(path string) (string, error) {
	var cfg struct {
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	if _, err := toml.DecodeFile(path, &cfg); err != nil {
		return "", err
	}
	for _, h := range cfg.Headers {
		if v := h.Values["Content-Security-Policy"]; h.For == "/*" && v != "" {
			return v, nil
		}
	}
	return "", fmt.Errorf("%s: no Content-Security-Policy for /*", path)
}
