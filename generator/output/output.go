// Package output owns the built site: a Set of files held in memory, and
// Publish, the only code that writes into the output folder. Publishing
// writes only what changed, each file through a temporary file and a
// rename, and removes what vanished.
package output

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
		if line != "" && fs.ValidPath(line) && line != Manifest {
			owned[line] = struct{}{}
		}
	}
	return owned, nil
}

func writeManifest(dir string, names []string) error {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	return writeAtomic(filepath.Join(dir, Manifest), []byte(b.String()))
}

// Stats says what a publish did.
type Stats struct {
	Written, Unchanged, Removed int
}

// Publish makes dir hold exactly the files of set. Files whose bytes are
// already right are not touched; others are written to a temporary file in
// the same folder and renamed into place, so a reader sees the old or the
// new file, never half of one. Files an earlier publish wrote (listed in
// the Manifest) that are no longer in the set are removed first, with
// folders left empty; files statuspress did not write are never touched. prev,
// when not nil, is the set last published to dir by this process: it
// stands for the folder's content, so nothing is walked or read back.
func Publish(dir string, set, prev Set) (Stats, error) {
	return PublishContext(context.Background(), dir, set, prev)
}

// PublishContext is Publish stopping early when ctx is done: no file is
// left half written, the folder holds some files of set and the others as
// they were, and the manifest lists both, so that a later publish
// finishes the job. It then returns ctx's error.
func PublishContext(ctx context.Context, dir string, set, prev Set) (Stats, error) {
	var st Stats
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, fmt.Errorf("publish: %w", err)
	}
	// The set last published by this process stands for the folder:
	// walking a large output folder again would cost more than the whole
	// rebuild.
	if prev != nil {
		st, comesOrGoes, err := publishDelta(ctx, dir, set, prev)
		switch {
		case ctx.Err() != nil:
			return st, errors.Join(ctx.Err(), writeManifest(dir, union(set, prev)))
		case err != nil || !comesOrGoes:
			return st, err
		}
		return st, writeManifest(dir, set.Paths())
	}
	// existing is what is on disk; owned is what an earlier publish wrote
	// and may therefore remove. Files statuspress never wrote (a CNAME, a
	// _redirects, the site's own sources if someone points the output at
	// them) are left alone.
	existing, err := scan(dir)
	if err != nil {
		return st, err
	}
	owned, err := readManifest(dir)
	if err != nil {
		return st, err
	}
	// Remove vanished files first, so that a path that turns from a file
	// into a folder (or back) between builds can be written.
	var stale []string
	for name := range owned {
		if _, keep := set[name]; !keep {
			stale = append(stale, name)
		}
	}
	st.Removed, err = remove(dir, stale)
	for _, name := range stale {
		delete(existing, name)
	}
	if err != nil {
		return st, err
	}
	names := set.Paths()
	st.Written, st.Unchanged, err = write(ctx, dir, set, names, existing)
	if ctx.Err() != nil {
		return st, errors.Join(ctx.Err(), writeManifest(dir, union(set, owned)))
	}
	if err != nil {
		return st, err
	}
	return st, writeManifest(dir, names)
}

// union returns the paths of set and of owned, sorted.
func union[V any](set Set, owned map[string]V) []string {
	all := set.Paths()
	for name := range owned {
		if _, ok := set[name]; !ok {
			all = append(all, name)
		}
	}
	sort.Strings(all)
	return all
}

// publishDelta publishes set over prev, the set this process last
// published to dir, which stands for the folder's content: nothing is
// walked or read back, and only the paths whose bytes differ are touched.
// It also reports whether paths came or went (the manifest must change).
func publishDelta(ctx context.Context, dir string, set, prev Set) (st Stats, comesOrGoes bool, err error) {
	var stale, todo []string
	found := 0 // paths of set that prev has
	for name, data := range set {
		old, ok := prev[name]
		if ok {
			found++
		}
		if ok && sameBytes(old, data) {
			st.Unchanged++
		} else {
			todo = append(todo, name)
		}
	}
	if found < len(prev) {
		for name := range prev {
			if _, keep := set[name]; !keep {
				stale = append(stale, name)
			}
		}
	}
	comesOrGoes = found < len(prev) || found < len(set)
	if st.Removed, err = remove(dir, stale); err != nil {
		return st, comesOrGoes, err
	}
	sort.Strings(todo)
	st.Written, _, err = write(ctx, dir, set, todo, nil)
	return st, comesOrGoes, err
}

// remove removes the files names, then the folders they leave empty.
func remove(dir string, names []string) (int, error) {
	sort.Strings(names)
	n := 0
	for _, name := range names {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("publish: %w", err)
		}
		n++
	}
	removeEmptyDirs(dir, names)
	return n, nil
}

// write writes the files names of set, except those that onDisk lists
// and that already hold the right bytes. On a cold build of a large site,
// reading and creating files is most of the time, and it is spent in the
// kernel, which can use every core: a few workers share the list. When
// ctx is done, no more files are started.
func write(ctx context.Context, dir string, set Set, names []string, onDisk map[string]struct{}) (written, unchanged int, err error) {
	if len(names) == 0 {
		return 0, 0, nil
	}
	var made sync.Map // folders known to exist
	made.Store(".", true)
	var nWritten, nUnchanged atomic.Int64
	var firstErr error
	var errOnce sync.Once
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(2*runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for name := range next {
				if _, ok := onDisk[name]; ok {
					if old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))); err == nil && bytes.Equal(old, set[name]) {
						nUnchanged.Add(1)
						continue
					}
				}
				if err := writeOne(dir, name, set[name], &made); err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("publish: %w", err) })
					continue
				}
				nWritten.Add(1)
			}
		})
	}
feed:
	for _, name := range names {
		select {
		case next <- name:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return int(nWritten.Load()), int(nUnchanged.Load()), firstErr
}

// writeOne writes one file through a temporary file and a rename.
func writeOne(dir, name string, data []byte, made *sync.Map) error {
	full := filepath.Join(dir, filepath.FromSlash(name))
	folder := path.Dir(name)
	if _, ok := made.Load(folder); !ok {
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		made.Store(folder, true)
	}
	return writeAtomic(full, data)
}

// scan lists the files under dir, except those of a .git folder, and
// removes temporary files that a crashed publish left behind.
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
		if d.IsDir() {
			return nil
		}
		if strings.HasPrefix(d.Name(), tmpPrefix) {
			return os.Remove(p)
		}
		if p == filepath.Join(dir, Manifest) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = struct{}{}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("publish: scanning %s: %w", dir, err)
	}
	return files, nil
}

func writeAtomic(name string, data []byte) error {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(filepath.Dir(name), tmpPrefix+hex.EncodeToString(rnd[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp)
		return errors.Join(werr, cerr)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
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
		return strings.Count(dirs[i], "/") > strings.Count(dirs[j], "/") || (strings.Count(dirs[i], "/") == strings.Count(dirs[j], "/") && dirs[i] > dirs[j])
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
	return bytes.Equal(a, b)
}
