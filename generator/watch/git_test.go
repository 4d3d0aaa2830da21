package watch

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/watch/internal/testsite"
)

// git runs git in dir with no user or system settings, stdin as its
// input.
func git(t *testing.T, dir string, stdin io.Reader, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// twoBranches makes a site repository in src with the branches main
// (checked out) and other, which differ in 2,000 incident files: 700
// changed, 600 deleted and 700 added; 700 more are the same on both. It
// returns the paths that differ, sorted. gitArgs come before every git
// command (a --git-dir, say).
func twoBranches(t *testing.T, src string, gitArgs ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	// Both commits go in through one fast-import into one pack: adding
	// 2,000 files one loose object each takes seconds on a slow disk.
	var stream bytes.Buffer
	file := func(name, text string) {
		fmt.Fprintf(&stream, "M 644 inline %s\ndata %d\n%s\n", name, len(text), text)
	}
	commit := func(branch string) {
		fmt.Fprintf(&stream, "commit refs/heads/%s\ncommitter Test <test@example.com> 1795000000 +0900\ndata %d\n%s\n", branch, len(branch), branch)
	}
	commit("main")
	file("content/site.toml", testsite.Settings)
	for i := range 2000 {
		file(fmt.Sprintf("content/incidents/i%04d.md", i), testsite.Incident(fmt.Sprintf("Incident %d", i), i%30, "On main."))
	}
	commit("other")
	stream.WriteString("from refs/heads/main\n")
	var differ []string
	for i := range 1300 {
		name := fmt.Sprintf("content/incidents/i%04d.md", i)
		if i < 700 {
			file(name, testsite.Incident(fmt.Sprintf("Incident %d", i), i%30, "On other."))
		} else {
			fmt.Fprintf(&stream, "D %s\n", name)
		}
		differ = append(differ, name)
	}
	for i := range 700 {
		name := fmt.Sprintf("content/incidents/n%04d.md", i)
		file(name, testsite.Incident(fmt.Sprintf("New %d", i), i%30, "Only on other."))
		differ = append(differ, name)
	}
	run := func(stdin io.Reader, args ...string) {
		t.Helper()
		git(t, src, stdin, append(slices.Clone(gitArgs), args...)...)
	}
	run(nil, "init", "-q", "-b", "main")
	run(&stream, "fast-import", "--quiet")
	run(nil, "reset", "-q", "--hard")
	slices.Sort(differ)
	return differ
}

// TestGitCheckoutIsOneBuild switches a running watch's site between two
// branches that differ in 2,000 incident files and requires one build
// that sees every one of them, with the default timing. With the git
// folder beside the site rather than in it, no lock is watched and only
// the maximum wait keeps the checkout one build.
func TestGitCheckoutIsOneBuild(t *testing.T) {
	for _, tc := range []struct {
		name    string
		gitArgs func(t *testing.T, src string) []string
	}{
		{"repository", func(*testing.T, string) []string { return nil }},
		{"separate git folder", func(t *testing.T, src string) []string {
			return []string{"--git-dir=" + filepath.Join(t.TempDir(), "git"), "--work-tree=" + src}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := t.TempDir()
			args := tc.gitArgs(t, src)
			differ := twoBranches(t, src, args...)
			if found, want := gitDir(src) != "", len(args) == 0; found != want {
				t.Fatalf("git folder found: %v, want %v", found, want)
			}
			h := startHarness(t, src, Options{}, 0)
			start := time.Now()
			git(t, src, nil, append(args, "checkout", "-q", "other")...)
			took := time.Since(start)
			got := h.next()
			if !slices.Equal(got, differ) && len(args) > 0 && took > DefaultMaxWait {
				// Without a lock to watch, only a checkout within the
				// maximum wait is promised to be one build.
				t.Skipf("the first build saw %d of %d paths, but the checkout took %v, longer than the maximum wait %v: the machine is too busy to tell", len(got), len(differ), took.Round(time.Millisecond), DefaultMaxWait)
			}
			t.Logf("checkout took %v, built after %v", took.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
			if !slices.Equal(got, differ) {
				t.Errorf("first build saw %d of the %d paths that differ", len(got), len(differ))
			}
			h.quiet(300 * time.Millisecond)
		})
	}
}

// TestGitLockHoldsBuild holds a batch for as long as git's index lock
// exists, well past the maximum wait, and builds it once the lock goes.
func TestGitLockHoldsBuild(t *testing.T) {
	src := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(src, "content", "incidents"), 0o755))
	must(t, os.MkdirAll(filepath.Join(src, ".git"), 0o755))
	lock := filepath.Join(src, ".git", "index.lock")
	h := startHarness(t, src, Options{MaxWait: 50 * time.Millisecond}, 0)
	must(t, os.WriteFile(lock, nil, 0o644))
	h.write("content/incidents/a.md", "x")
	h.quiet(300 * time.Millisecond)
	h.write("content/incidents/b.md", "x")
	must(t, os.Rename(lock, filepath.Join(src, ".git", "index"))) // as git commits it
	if got, want := h.next(), []string{"content/incidents/a.md", "content/incidents/b.md"}; !slices.Equal(got, want) {
		t.Errorf("batch = %q, want %q", got, want)
	}
}

// TestStaleGitLock builds anyway once a lock has been there GitWait, and
// later batches are not held by it.
func TestStaleGitLock(t *testing.T) {
	src := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(src, "content", "incidents"), 0o755))
	must(t, os.MkdirAll(filepath.Join(src, ".git"), 0o755))
	must(t, os.WriteFile(filepath.Join(src, ".git", "index.lock"), nil, 0o644)) // left behind
	start := time.Now()
	h := startHarness(t, src, Options{GitWait: 300 * time.Millisecond}, 0)
	h.write("content/incidents/a.md", "x")
	h.next()
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Errorf("built after %v, before GitWait", took)
	}
	start = time.Now()
	h.write("content/incidents/b.md", "x")
	h.next()
	if took := time.Since(start); took > 250*time.Millisecond {
		t.Errorf("built after %v: still held by a stale lock", took)
	}
}

func TestGitDir(t *testing.T) {
	top := t.TempDir()
	repo := filepath.Join(top, "repo")
	site := filepath.Join(repo, "sites", "status")
	must(t, os.MkdirAll(filepath.Join(repo, ".git", "worktrees", "wt"), 0o755))
	must(t, os.MkdirAll(site, 0o755))
	if got, want := gitDir(site), filepath.Join(repo, ".git"); got != want {
		t.Errorf("in a repository: %q, want %q", got, want)
	}
	// A linked worktree names its git folder in a .git file.
	wt := filepath.Join(top, "wt")
	must(t, os.MkdirAll(wt, 0o755))
	must(t, os.WriteFile(filepath.Join(wt, ".git"), []byte("gitdir: ../repo/.git/worktrees/wt\n"), 0o644))
	if got, want := gitDir(wt), filepath.Join(repo, ".git", "worktrees", "wt"); got != want {
		t.Errorf("in a worktree: %q, want %q", got, want)
	}
	if got := gitDir(top); got != "" && !strings.HasPrefix(top, filepath.Dir(got)) {
		t.Errorf("outside: %q", got)
	}
}
