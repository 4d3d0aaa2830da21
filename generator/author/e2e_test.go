package author_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"golang.org/x/tools/txtar"
)

// binary is the statuspress command built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "statuspress-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "statuspress")
	build := exec.Command("go", "build", "-o", binary, "github.com/statuspress/statuspress/cmd/statuspress")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	code := 1
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building statuspress:", err)
	} else {
		restore := sitetest.TempCache()
		code = m.Run()
		restore()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestScripts runs testdata/e2e/*.txtar against the real binary. Every
// file of an archive except "script" is written into a fresh site folder;
// then the script runs line by line:
//
//	$ ARGS...        run statuspress ARGS in the site (words may be "quoted")
//	                 (TEXT is the rest of the line as written, quotes and all)
//	stdin TEXT       the next run reads TEXT (\n for a line end) as input
//	exit N           the last run exited with N
//	stdout TEXT      its standard output contains TEXT
//	stderr TEXT      its standard error contains TEXT
//	file PATH TEXT   the file contains TEXT
//	nofile PATH      the file does not exist
//	same PATH        the file is byte for byte what it was at the last run
//	page PATH TEXT   like file, for a built page
//
// Lines starting with # are comments.
func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/e2e/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/e2e/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			runScript(t, file)
		})
	}
}

func runScript(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var script string
	for _, f := range ar.Files {
		if f.Name == "script" {
			script = string(f.Data)
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	var stdin string
	code := -1
	snapshot := map[string][]byte{}
	read := func(p string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("%s", err)
		}
		return data
	}
	for n, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		where := fmt.Sprintf("%s:%d: %s", filepath.Base(file), n+1, line)
		verb, rest, _ := strings.Cut(line, " ")
		args, err := words(rest)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		switch verb {
		case "$":
			for _, p := range []string{"content/incidents"} {
				entries, _ := os.ReadDir(filepath.Join(dir, p))
				for _, e := range entries {
					snapshot[p+"/"+e.Name()] = read(p + "/" + e.Name())
				}
			}
			stdout.Reset()
			stderr.Reset()
			cmd := exec.Command(binary, args...)
			cmd.Dir = dir
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			cmd.Stdin = strings.NewReader(stdin)
			stdin = ""
			err := cmd.Run()
			code = 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
		case "stdin":
			stdin = strings.ReplaceAll(rest, `\n`, "\n")
		case "exit":
			if want, _ := strconv.Atoi(rest); code != want {
				t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", where, code, &stdout, &stderr)
			}
		case "stdout", "stderr":
			out := stdout.String()
			if verb == "stderr" {
				out = stderr.String()
			}
			if !strings.Contains(out, rest) {
				t.Fatalf("%s: %s is:\n%s", where, verb, out)
			}
		case "file", "page":
			if len(args) < 2 {
				t.Fatalf("%s: want PATH TEXT", where)
			}
			_, text, _ := strings.Cut(rest, " ")
			data := read(args[0])
			if !strings.Contains(string(data), text) {
				t.Fatalf("%s: %s is:\n%s", where, args[0], data)
			}
		case "nofile":
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rest))); err == nil {
				t.Fatalf("%s: the file exists", where)
			}
		case "same":
			if !bytes.Equal(read(rest), snapshot[rest]) {
				t.Fatalf("%s: the file changed:\n%s", where, read(rest))
			}
		default:
			t.Fatalf("%s: unknown verb %q", where, verb)
		}
	}
}

// words splits a script line into words; a word in double quotes may hold
// spaces and Go escapes.
func words(s string) ([]string, error) {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, err
			}
			w, _ := strconv.Unquote(q)
			out = append(out, w)
			s = s[len(q):]
			continue
		}
		w, rest, _ := strings.Cut(s, " ")
		out = append(out, w)
		s = rest
	}
	return out, nil
}
