// Package output owns the built site: a Set of files held in memory, and
// Publish, the only code that writes into the output folder, with the lock
// that keeps one build per folder.
//
// A publish is all or nothing. Every changed file is first written to a
// temporary file next to its place; then a journal listing the renames and
// removals is written; then the files are renamed into place (pages before
// the files that link to them) and vanished files removed; then the journal
// goes. A publish that fails or is stopped before the journal leaves the
// folder as it was; a crash after it leaves a journal that the next publish
// rolls forward before anything else. Files statuspress did not write (a
// CNAME, a .git) are never touched: the Manifest lists those it did.
package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Set is a built site: slash-separated paths relative to the output
// folder ("index.html", "incidents/x/index.html") mapped to their bytes.
type Set map[string][]byte

// Add stores a file, replacing any earlier one at the same path.
func (s Set) Add(name string, data []byte) { s[name] = data }

// Paths returns every path, sorted.
func (s Set) Paths() []string {
	out := make([]string, 0, len(s))
	for p := range s {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// tmpPrefix marks temporary files; a later publish removes any left by a
// crash.
const tmpPrefix = ".statuspress-tmp-"

// Manifest is the file in the output folder that lists what statuspress
// published there, one path a line: only those files are ever removed.
const Manifest = ".statuspress-files"

// Own reports whether name (a slash path in the output folder) is one of
// statuspress's own bookkeeping files at the top of the folder, which a
// comparison of two built folders passes over: the manifest, the lock and
// the journal. (Temporary files are not: none may stay.)
func Own(name string) bool {
	return name == Manifest || name == LockFile || name == journalFile
}

// Options say how to publish.
type Options struct {
	// Prev, when not nil, is the set this process last published to the
	// folder: it stands for the folder's content, so nothing is walked or
	// read back and only what differs from it is written.
	Prev Set
	// Protect is a path.Match pattern naming the pages a publish must not
	// mostly remove ("incidents/*/index.html"): a set that would remove more
	// than half of those published, and more than a handful, is refused
	// with a *RemovalError, unless Force is set. "" protects nothing.
	Protect string
	// Force publishes a set that Protect would refuse.
	Force bool
}

// Stats says what a publish did.
type Stats struct {
	Written, Unchanged, Removed int
}

// Publish makes dir hold exactly the files of set, all at once: see the
// package comment. Files whose bytes are already right are not touched.
// When ctx is done before the renames begin it stops, leaves the folder
// as it was and returns ctx's error; once they have begun, they finish.
func Publish(ctx context.Context, dir string, set Set, opts Options) (Stats, error) {
	var st Stats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, fmt.Errorf("publish: %w", err)
	}
	recovered, err := Recover(dir)
	if err != nil {
		return st, err
	}
	var p *plan
	if opts.Prev != nil && !recovered {
		// The set last published by this process stands for the folder:
		// walking a large output folder again would cost more than the
		// whole rebuild.
		p = planDelta(set, opts.Prev)
	} else {
		// existing is what is on disk; owned is what an earlier publish
		// wrote and may therefore remove.
		existing, err := scan(dir)
		if err != nil {
			return st, err
		}
		owned, err := readManifest(dir)
		if err != nil {
			return st, err
		}
		p = planFull(set, existing, owned)
	}
	if !opts.Force {
		if err := p.guard(opts.Protect); err != nil {
			return st, err
		}
	}
	if err := checkFolders(dir, p.todo, p.stale); err != nil {
		return st, fmt.Errorf("publish: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	renames, unchanged, made, err := stageAll(ctx, dir, set, p)
	st.Unchanged = p.unchanged + unchanged
	if err == nil {
		err = ctx.Err()
	}
	// The manifest is rewritten only when paths come or go: a rebuild
	// that changes a page leaves it as it is, so hosts that upload what
	// changed see nothing new in it. (Whether another process wrote into
	// the folder shows in the folder's own time: every publish that
	// changes anything adds and removes its journal there.)
	newManifest := p.newManifest
	if err == nil && newManifest {
		var r rename
		if r, err = stageFile(dir, ".", Manifest, manifestBytes(set), !wideSync); err != nil {
			err = fmt.Errorf("publish: %w", err)
		} else {
			renames = append(renames, r)
		}
	}
	if err == nil {
		// The last look before the folder changes: a stopped build
		// publishes nothing.
		err = ctx.Err()
	}
	if err != nil {
		discard(dir, renames, made)
		return st, err
	}
	if len(renames) == 0 && len(p.stale) == 0 {
		return st, nil
	}
	j := &journal{Renames: order(renames), Removes: p.removes(renames)}
	if err := j.write(dir); err != nil {
		discard(dir, renames, made)
		return st, fmt.Errorf("publish: %w", err)
	}
	st.Written = len(renames)
	if newManifest {
		st.Written--
	}
	st.Removed = len(p.stale)
	if err := j.apply(dir); err != nil {
		return st, fmt.Errorf("publish: %w (the next build finishes the job)", err)
	}
	return st, nil
}

func readManifest(dir string) (map[string]struct{}, error) {
	owned := map[string]struct{}{}
	data, err := os.ReadFile(filepath.Join(dir, Manifest))
	if errors.Is(err, fs.ErrNotExist) {
		return owned, nil
	}
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		// Only clean relative paths: a damaged manifest must not send a
		// removal outside the folder.
		if line != "" && fs.ValidPath(line) && !Own(line) {
			owned[line] = struct{}{}
		}
	}
	return owned, nil
}

func manifestBytes(set Set) []byte {
	var b strings.Builder
	for _, n := range set.Paths() {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// scan lists the files under dir, except those of a .git folder and
// statuspress's own, and removes temporary files that a crashed publish
// left behind.
func scan(dir string) (map[string]struct{}, error) {
	files := map[string]struct{}{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == ".git" && p != dir {
			// The output folder may be a git checkout (a gh-pages
			// worktree, whose .git is a file): not ours to remove.
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), tmpPrefix) {
			return os.RemoveAll(p)
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel := filepath.ToSlash(rel); !Own(rel) {
			files[rel] = struct{}{}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("publish: scanning %s: %w", dir, err)
	}
	return files, nil
}

// remove removes the files names (those already gone count too), then
// the folders they leave empty.
func remove(dir string, names []string) error {
	for _, name := range names {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	removeEmptyDirs(dir, names)
	return nil
}

// removeEmptyDirs removes the folders of removed files, deepest first,
// when they are empty.
func removeEmptyDirs(dir string, removed []string) {
	seen := map[string]bool{}
	var dirs []string
	for _, name := range removed {
		for d := path.Dir(name); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Slice(dirs, func(i, j int) bool {
		di, dj := strings.Count(dirs[i], "/"), strings.Count(dirs[j], "/")
		return di > dj || (di == dj && dirs[i] > dirs[j])
	})
	for _, d := range dirs {
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(d))) // fails, as wanted, when not empty
	}
}

// sameBytes is bytes.Equal with a shortcut for a page the renderer reused
// from its cache: the very same slice.
func sameBytes(a, b []byte) bool {
	if len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) {
		return true
	}
	return string(a) == string(b)
}
