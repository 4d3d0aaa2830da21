package source

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/sitefs"
)

const limitsHead = "+++\ntitle = \"x\"\nseverity = \"minor\"\nscope = [\"api\"]\nstarted = 2026-11-20T10:00:00+09:00\n"

// worstCases are the inputs of the adversarial report, each under the
// file size limit unless it tests that limit, with the problem each must
// be refused with.
func worstCases() []struct {
	name, data, want string
} {
	nest := func(n int) string { return strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) }
	var indented, updates strings.Builder
	for i := range 500 {
		indented.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	for i := range 5000 {
		fmt.Fprintf(&updates, "## 2026-11-%02d %02d:%02d investigating\n\nx\n", 28-i/1440, 23-i/60%24, 59-i%60)
	}
	scope := make([]string, 2000)
	for i := range scope {
		scope[i] = fmt.Sprintf("%q", "api")
	}
	return []struct{ name, data, want string }{
		{"front matter nested 20,000 deep", "+++\nx = " + nest(20000) + "\n+++\n", ":2:1: the front matter (between the +++ lines) is over 64 KB"},
		{"front matter nested 10,000 deep", "+++\nx = " + nest(10000) + "\n+++\n", ":2:53: values nested more than 16 levels deep"},
		{"front matter of long lines", "+++\n" + strings.Repeat("# "+strings.Repeat("x", 1000)+"\n", 70) + "+++\n", ":67:1: the front matter (between the +++ lines) is over 64 KB"},
		{"list indented 500 deep", limitsHead + "+++\n" + indented.String(), ":71:129: lists or quotes nested more than 32 levels deep"},
		{"list of 20,000 dashes", limitsHead + "+++\n" + strings.Repeat("- ", 20000) + "x\n", ":7:53: lists or quotes nested more than 32 levels deep"},
		{"quote 50,000 deep", limitsHead + "+++\n" + strings.Repeat(">", 50000) + " x\n", ":7:33: lists or quotes nested more than 32 levels deep"},
		{"50,000 open links", limitsHead + "+++\n" + strings.Repeat("[a](", 50000) + "\n", ":7:1: 50000 links on one line, over the limit of 200"},
		{"5,000 updates", limitsHead + "+++\n" + updates.String(), ":3007:1: more than 1000 update headings in one file"},
		{"scope of 2,000", strings.Replace(limitsHead, `["api"]`, "["+strings.Join(scope, ", ")+"]", 1) + "+++\n", ":4:1: scope lists 2000 components, over the limit of 200"},
		{"a 2 MB file", limitsHead + "+++\n" + strings.Repeat("text ", 400000), ":1:1: the file is 1954 KB, over the limit of 256 KB"},
	}
}

// TestWorstCasesRefused runs every worst case: each must be refused with
// its limit at its place. Their cost is measured by BenchmarkWorstCases.
func TestWorstCasesRefused(t *testing.T) {
	opts := testOptions(t)
	for _, c := range worstCases() {
		t.Run(c.name, func(t *testing.T) {
			const file = "content/incidents/worst.md"
			_, diags := Parse(file, []byte(c.data), opts)
			for _, d := range diags {
				if strings.HasPrefix(d.String(), file+c.want) {
					return
				}
			}
			t.Errorf("want an error %s%s..., got %v", file, c.want, diags)
		})
	}
}

// BenchmarkWorstCases reports the time and memory each worst case costs
// to refuse.
func BenchmarkWorstCases(b *testing.B) {
	opts := testOptions(b)
	for _, c := range worstCases() {
		b.Run(strings.ReplaceAll(c.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				Parse("content/incidents/worst.md", []byte(c.data), opts)
			}
		})
	}
}

// BenchmarkAtTheLimits parses the costliest files that pass every limit:
// nesting, links and updates just under each limit, filling the file size limit.
func BenchmarkAtTheLimits(b *testing.B) {
	var deep, links, updates strings.Builder
	for deep.Len() < MaxFileSize-4096 {
		deep.WriteString(strings.Repeat("  ", 2*MaxMarkdownDepth-2) + "- item\n" + strings.Repeat("> ", MaxMarkdownDepth/2) + "- quote\n")
	}
	for links.Len() < MaxFileSize-4096-40000 {
		links.WriteString(strings.Repeat("[a](", MaxLinksPerLine) + strings.Repeat("x", 40000) + "\n")
	}
	for i := range MaxUpdates {
		fmt.Fprintf(&updates, "## 2026-11-%02d %02d:%02d investigating\n\n%s\n", 28-i/1440, 23-i/60%24, 59-i%60, strings.Repeat("- [a](b) *c* `d`\n", 12))
	}
	opts := testOptions(b)
	for name, body := range map[string]string{"nesting": deep.String(), "links": links.String(), "updates": updates.String()} {
		data := []byte(limitsHead + "+++\n" + body)
		b.Run(name, func(b *testing.B) {
			if _, d := Parse("content/incidents/x.md", data, opts); d.HasErrors() {
				b.Fatalf("refused: %v", d[0])
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				Parse("content/incidents/x.md", data, opts)
			}
		})
	}
}

// budget fails t when f takes more than the time or allocates more than
// the memory a 1 MB input may cost. The goal is 1 s and 200 MB; the time
// allowed is five times that, as fuzzing and -race run slower, and -race
// allocates more too (memoryFactor).
func budget(t *testing.T, what string, f func()) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if took > 5*time.Second {
		t.Errorf("%s took %v", what, took)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > memoryFactor*200<<20 {
		t.Errorf("%s allocated %d MB", what, alloc>>20)
	}
}

// FuzzFrontMatter puts arbitrary text between the +++ lines: the parse
// stays within budget, and every problem is inside the file.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"title = \"x\"\nseverity = \"minor\"\nscope = [\"api\"]\nstarted = 2026-11-20T10:00:00+09:00",
		"x = " + strings.Repeat("[", 17) + strings.Repeat("]", 17),
		"x = {a = {b = {c = [1, [2, {d = 3}]]}}}",
		"s = \"\"\"\n{{{{\n\"\"\"\nt = '''[[['''",
		"[[changes]]\nat = 2026-11-20T10:05:00+09:00\nscope = [\"mail\"]",
	} {
		f.Add(s)
	}
	opts := testOptions(f)
	f.Fuzz(func(t *testing.T, front string) {
		data := []byte("+++\n" + front + "\n+++\n\n## 2026-11-20 10:05 investigating\n")
		var diags diag.List
		budget(t, "front matter", func() { _, diags = Parse("content/incidents/f.md", data, opts) })
		checkPositions(t, "content/incidents/f.md", data, diags)
	})
}

// FuzzBody puts arbitrary Markdown after a valid front matter.
func FuzzBody(f *testing.F) {
	for _, s := range []string{
		"## 2026-11-20 10:05 investigating\n\n- a\n  - b\n    > c\n",
		strings.Repeat("- ", 40) + "x",
		strings.Repeat("[a](", 300),
		"```\n" + strings.Repeat("  ", 100) + "code\n```\n",
		"## Postmortem\n\n## 2026-11-20 10:05 resolved\n",
	} {
		f.Add(s)
	}
	opts := testOptions(f)
	f.Fuzz(func(t *testing.T, body string) {
		data := []byte(limitsHead + "+++\n" + body)
		var diags diag.List
		budget(t, "body", func() { _, diags = Parse("content/incidents/b.md", data, opts) })
		checkPositions(t, "content/incidents/b.md", data, diags)
	})
}

// TestLoadRefusesLinks builds a real folder: incident files that are
// links out of the site, into it, or loops are errors naming them; none
// is read, and the real file beside them still is.
func TestLoadRefusesLinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	writeFile(t, secret, limitsHead+"title2 = \"TOKEN=abc\"\n+++\n")
	site := t.TempDir()
	inc := filepath.Join(site, "content", "incidents")
	writeFile(t, filepath.Join(inc, "real.md"), limitsHead+"+++\n")
	for name, target := range map[string]string{"out.md": secret, "in.md": "real.md", "loop.md": "loop.md", "up.md": "../../../x.md", "noname": secret, ".#real.md": "root@host.4711:1764576000"} {
		if err := os.Symlink(target, filepath.Join(inc, name)); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := sitefs.Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	l := NewLoader(testOptions(t))
	ins, diags := l.Load(fsys)
	if len(ins) != 1 || ins[0].Slug != "real" {
		t.Errorf("loaded %d incidents, want only real.md", len(ins))
	}
	diags.Sort()
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		"content/incidents/in.md: this is a symbolic link (to real.md); statuspress follows no links",
		"content/incidents/loop.md: this is a symbolic link that leads back to itself (loop.md)",
		"content/incidents/noname: this is a symbolic link to " + secret + ", outside the site folder",
		"content/incidents/out.md: this is a symbolic link to " + secret + ", outside the site folder",
		"content/incidents/up.md: this is a symbolic link to ../../../x.md, outside the site folder",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got  %s\nwant %s...", got[i], want[i])
		}
	}
	// A file that becomes a link between two builds is reported too, not
	// dropped with its page (and once, if the watcher says so twice).
	os.Remove(filepath.Join(inc, "real.md"))
	os.Symlink(secret, filepath.Join(inc, "real.md"))
	ins, diags = l.LoadChanged(fsys, []string{"content/incidents/real.md", "content/incidents/real.md"})
	if len(ins) != 0 || strings.Count(diags.Err().Error(), "content/incidents/real.md: this is a symbolic link to "+secret) != 1 {
		t.Errorf("after real.md became a link: %d incidents, %v", len(ins), diags)
	}
}

// TestLoadMissingFolder: no content/incidents/ is an error (a build
// would remove every incident page); an empty folder is a quiet site.
func TestLoadMissingFolder(t *testing.T) {
	site := t.TempDir()
	fsys, err := sitefs.Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	_, diags := NewLoader(testOptions(t)).Load(fsys)
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), "content/incidents: the folder content/incidents/ is missing") {
		t.Errorf("missing folder: got %v", diags)
	}
	if err := os.MkdirAll(filepath.Join(site, "content", "incidents"), 0o755); err != nil {
		t.Fatal(err)
	}
	if ins, diags := NewLoader(testOptions(t)).Load(fsys); len(ins) != 0 || len(diags) != 0 {
		t.Errorf("empty folder: got %d incidents, %v", len(ins), diags)
	}
}

// TestLoadBigFileNotRead: a file over the limit is refused by its size.
func TestLoadBigFileNotRead(t *testing.T) {
	site := t.TempDir()
	writeFile(t, filepath.Join(site, "content", "incidents", "big.md"), limitsHead+"+++\n"+strings.Repeat("x", MaxFileSize))
	fsys, _ := sitefs.Open(site)
	defer fsys.Close()
	_, diags := NewLoader(testOptions(t)).Load(fsys)
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), "content/incidents/big.md:1:1: the file is 257 KB, over the limit of 256 KB") {
		t.Errorf("got %v", diags)
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
