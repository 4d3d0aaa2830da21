// Package output owns the built site: a Set of files held in memory, the
// Staging of a publish, the only code that writes into the output folder,
// and the lock that keeps one build per folder.
//
// A publish is all or nothing. Files are staged as a build makes them,
// each under a temporary name beside its place, or in one temporary folder
// for the folders the site does not have yet; nothing staged is seen.
// Once every file is made, a journal listing the renames and removals is
// written; then the files (or whole new folders) are renamed into place
// (pages before the files that link to them) and vanished files removed;
// then the journal goes. A publish that fails or is stopped before the
// journal leaves the folder as it was; a crash after it leaves a journal
// that the next publish rolls forward before anything else. Files
// statuspress did not write (a CNAME, a .git) are never touched: the
// Manifest lists those it did.
package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
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
	// Published, when not nil, lists (sorted) the files this process last
	// published to the folder, which stand for the folder's content:
	// nothing is walked or read back, and the caller hands over only what
	// differs (see Staging.Has).
	Published []string
	// Prev is Published for Publish, with the bytes: only what differs
	// from it is written.
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
// package comment and Staging, which it uses. Files whose bytes are
// already right are not touched. When ctx is done before the renames
// begin it stops, leaves the folder as it was and returns ctx's error;
// once they have begun, they finish.
func Publish(ctx context.Context, dir string, set Set, opts Options) (Stats, error) {
	if opts.Prev != nil {
		opts.Published = opts.Prev.Paths()
	}
	s, err := Stage(ctx, dir, opts)
	if err != nil {
		return Stats{}, err
	}
	names := set.Paths()
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			s.Discard()
			return Stats{}, err
		}
		if old, ok := opts.Prev[name]; ok && s.trusted && sameBytes(old, set[name]) {
			continue
		}
		if err := s.Put(name, set[name]); err != nil {
			s.Discard()
			return Stats{}, err
		}
	}
	return s.Commit(ctx, names)
}

// readManifest returns the paths the manifest lists, sorted.
func readManifest(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, Manifest))
	if errors.Is(err, fs.ErrNotExist) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	var owned []string
	for _, line := range strings.Split(string(data), "\n") {
		// Only clean relative paths: a damaged manifest must not send a
		// removal outside the folder.
		if line != "" && fs.ValidPath(line) && !Own(line) {
			owned = append(owned, line)
		}
	}
	slices.Sort(owned)
	return slices.Compact(owned), nil
}

func manifestBytes(names []string) []byte {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// disk is what a walk of the output folder found, as slash paths.
type disk struct {
	files map[string]struct{} // files, and links to files
	dirs  map[string]bool
	links map[string]bool // links, whatever they point to
}

// scan lists the files and folders under dir, except those of a .git
// folder and statuspress's own, and removes temporary files and folders
// that a crashed publish left behind.
func scan(dir string) (*disk, error) {
	d := &disk{files: map[string]struct{}{}, dirs: map[string]bool{}, links: map[string]bool{}}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		if e.Name() == ".git" {
			// The output folder may be a git checkout (a gh-pages
			// worktree, whose .git is a file): not ours to remove.
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case e.IsDir():
			d.dirs[rel] = true
		case Own(rel):
		default:
			d.files[rel] = struct{}{}
			if e.Type()&fs.ModeSymlink != 0 {
				d.links[rel] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("publish: scanning %s: %w", dir, err)
	}
	return d, nil
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
