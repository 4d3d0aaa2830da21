package output

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// journalFile, in the output folder, lists the renames and removals of a
// publish whose files are all staged. While it exists the folder may be
// part old and part new; Recover finishes the job.
const journalFile = ".statuspress-journal"

// rename moves a staged temporary file into place.
type rename struct {
	Tmp  string // slash path of the temporary file
	Name string // slash path it becomes
	// Clear lists stale paths to remove first (a file turning into a
	// folder or back).
	Clear []string `json:",omitempty"`
}

type journal struct {
	Renames []rename
	Removes []string
}

// write stores the journal durably: through a temporary file, synced,
// renamed, and the folder synced.
func (j *journal) write(dir string) error {
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	if wideSync {
		// The staged files are on disk before the journal that names them.
		if err := syncFS(dir); err != nil {
			return err
		}
	}
	r, err := stageFile(dir, ".", journalFile, data, true)
	if err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(dir, filepath.FromSlash(r.Tmp)), filepath.Join(dir, journalFile)); err != nil {
		os.Remove(filepath.Join(dir, filepath.FromSlash(r.Tmp)))
		return err
	}
	return syncDir(dir)
}

// apply does what the journal says, then removes it. Every step may be
// done again: a rename whose temporary file is gone was done before a
// crash, a removal of a missing file is done.
func (j *journal) apply(dir string) error {
	folders := map[string]bool{".": true}
	for _, r := range j.Renames {
		tmp := filepath.Join(dir, filepath.FromSlash(r.Tmp))
		if len(r.Clear) > 0 {
			if _, err := os.Lstat(tmp); errors.Is(err, fs.ErrNotExist) {
				continue // renamed before a crash; what it cleared may be its folder now
			}
			if err := remove(dir, r.Clear); err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(path.Dir(r.Name))), 0o755); err != nil {
				return err
			}
		}
		if err := os.Rename(tmp, filepath.Join(dir, filepath.FromSlash(r.Name))); err != nil {
			if _, statErr := os.Lstat(tmp); errors.Is(statErr, fs.ErrNotExist) {
				continue // renamed before a crash
			}
			return err
		}
		folders[path.Dir(r.Name)] = true
		folders[path.Dir(r.Tmp)] = true
	}
	if err := remove(dir, j.Removes); err != nil {
		return err
	}
	// The renames must be on disk before the journal goes.
	if wideSync {
		if err := syncFS(dir); err != nil {
			return err
		}
	} else {
		names := make([]string, 0, len(folders))
		for f := range folders {
			names = append(names, f)
		}
		if err := parallel(names, func(f string) error { return syncDir(filepath.Join(dir, filepath.FromSlash(f))) }); err != nil {
			return err
		}
	}
	if err := os.Remove(filepath.Join(dir, journalFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(dir)
}

// Recover rolls forward the journal a publish left in dir when it was
// killed between its first rename and its last removal. It reports whether
// there was one. A journal that cannot be read (not written by this
// version) is dropped: the next full publish compares every file anyway.
func Recover(dir string) (bool, error) {
	data, err := os.ReadFile(filepath.Join(dir, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("publish: %w", err)
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil || !j.valid() {
		if err := os.Remove(filepath.Join(dir, journalFile)); err != nil {
			return true, fmt.Errorf("publish: %w", err)
		}
		return true, nil
	}
	if err := checkFolders(dir, j.names()); err != nil {
		return true, fmt.Errorf("publish: finishing the publish a stopped build began in %s: %w", dir, err)
	}
	if err := j.apply(dir); err != nil {
		return true, fmt.Errorf("publish: finishing the publish a stopped build began in %s: %w", dir, err)
	}
	return true, nil
}

// valid reports whether every path stays inside the folder and every
// rename moves a temporary file.
func (j *journal) valid() bool {
	ok := func(p string) bool { return fs.ValidPath(p) && p != "." }
	for _, r := range j.Renames {
		if !ok(r.Tmp) || !ok(r.Name) || !strings.HasPrefix(path.Base(r.Tmp), tmpPrefix) {
			return false
		}
		for _, c := range r.Clear {
			if !ok(c) {
				return false
			}
		}
	}
	for _, r := range j.Removes {
		if !ok(r) {
			return false
		}
	}
	return true
}

// names lists every path the journal renames from or to, clears or
// removes.
func (j *journal) names() []string {
	var out []string
	for _, r := range j.Renames {
		out = append(out, r.Tmp, r.Name)
		out = append(out, r.Clear...)
	}
	return append(out, j.Removes...)
}

// stage writes the files of set that p may need to write, each to a
// temporary file in its own folder (or at the top, see plan.clear), except
// those on disk that already hold the right bytes. On a cold build of a
// large site, reading and creating files is most of the time, and it is
// spent in the kernel, which can use every core: a few workers share the
// list. When ctx is done or a write fails, no more files are started; the
// caller discards what was staged.
func stage(ctx context.Context, dir string, set Set, p *plan) ([]rename, int, error) {
	renames, unchanged, _, err := stageAll(ctx, dir, set, p)
	return renames, unchanged, err
}

// stageAll is stage, also returning the folders it made, for discard.
func stageAll(ctx context.Context, dir string, set Set, p *plan) ([]rename, int, []string, error) {
	if len(p.todo) == 0 {
		return nil, 0, nil, nil
	}
	var (
		mu        sync.Mutex
		renames   []rename
		unchanged int
		firstErr  error
		made      sync.Map // folders known to exist
		created   []string // folders made here
	)
	made.Store(".", true)
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(2*runtime.GOMAXPROCS(0), len(p.todo)) {
		wg.Go(func() {
			for name := range next {
				if _, ok := p.onDisk[name]; ok {
					if old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))); err == nil && bytes.Equal(old, set[name]) {
						mu.Lock()
						unchanged++
						mu.Unlock()
						continue
					}
				}
				folder, clear := path.Dir(name), p.clear(name)
				if len(clear) > 0 {
					folder = "."
				}
				var err error
				if fi, statErr := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); statErr == nil && fi.IsDir() && len(clear) == 0 {
					// Found now, not half way through the renames.
					err = fmt.Errorf("%s is a folder that statuspress did not make, where the site has a file: move it away", filepath.Join(dir, filepath.FromSlash(name)))
				}
				if err == nil {
					err = mkdir(dir, folder, &made, func(f string) {
						mu.Lock()
						created = append(created, f)
						mu.Unlock()
					})
				}
				var r rename
				if err == nil {
					r, err = stageFile(dir, folder, name, set[name], !wideSync)
				}
				r.Clear = clear
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("publish: %w", err)
				}
				if err == nil {
					renames = append(renames, r)
				}
				mu.Unlock()
			}
		})
	}
feed:
	for _, name := range p.todo {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed {
			break
		}
		select {
		case next <- name:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return renames, unchanged, created, firstErr
}

// mkdir makes folder (a slash path in dir) and those above it, calling
// created with the topmost one it had to make.
func mkdir(dir, folder string, made *sync.Map, created func(string)) error {
	if _, ok := made.Load(folder); ok {
		return nil
	}
	top := ""
	for f := folder; f != "."; f = path.Dir(f) {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f))); err == nil {
			break
		}
		top = f
	}
	if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(folder)), 0o755); err != nil {
		if top != "" {
			created(folder)
		}
		return err
	}
	if top != "" {
		created(folder)
	}
	made.Store(folder, true)
	return nil
}

// stageFile writes data to a new temporary file in folder (a slash path
// in dir), synced to disk when sync is set, and returns the rename that
// puts it at name.
func stageFile(dir, folder, name string, data []byte, sync bool) (rename, error) {
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := path.Join(folder, tmpPrefix+hex.EncodeToString(rnd[:]))
	full := filepath.Join(dir, filepath.FromSlash(tmp))
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return rename{}, err
	}
	_, werr := f.Write(data)
	var serr error
	if sync {
		serr = f.Sync()
	}
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(full)
		return rename{}, err
	}
	return rename{Tmp: tmp, Name: name}, nil
}

// discard removes staged files and the folders staging made for them
// (those it left empty).
func discard(dir string, renames []rename, made []string) {
	tmps := make([]string, 0, len(renames)+len(made))
	for _, r := range renames {
		tmps = append(tmps, r.Tmp)
	}
	for _, f := range made {
		tmps = append(tmps, path.Join(f, tmpPrefix)) // a name inside f, for its folders to go
	}
	for _, name := range tmps {
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(name)))
	}
	removeEmptyDirs(dir, tmps)
}

// syncDir makes the names in a folder durable. Some systems cannot sync
// a folder; that is not an error.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	f.Close()
	if err != nil && (errors.Is(err, os.ErrInvalid) || errors.Is(err, errors.ErrUnsupported) || runtime.GOOS == "windows") {
		return nil
	}
	return err
}

// parallel calls f for every item on a few workers and returns the first
// error.
func parallel(items []string, f func(string) error) error {
	var mu sync.Mutex
	var first error
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(2*runtime.GOMAXPROCS(0), len(items)) {
		wg.Go(func() {
			for it := range next {
				if err := f(it); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, it := range items {
		next <- it
	}
	close(next)
	wg.Wait()
	return first
}
