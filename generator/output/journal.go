package output

import (
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
	// dir says that Tmp is a folder of the staged tree, for order.
	dir bool
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
	// The staged tree's folders are empty now, but for those above what
	// was renamed out of them.
	for _, r := range j.Renames {
		if top, _, inTree := strings.Cut(r.Tmp, "/"); inTree && strings.HasPrefix(top, tmpPrefix) {
			if err := os.RemoveAll(filepath.Join(dir, top)); err != nil {
				return err
			}
		}
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
		if !ok(r.Tmp) || !ok(r.Name) || !strings.HasPrefix(path.Base(r.Tmp), tmpPrefix) && !strings.HasPrefix(r.Tmp, tmpPrefix) {
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

// stageFile writes data to a new temporary file in folder (a slash path
// in dir), synced to disk when sync is set, and returns the rename that
// puts it at name.
func stageFile(dir, folder, name string, data []byte, sync bool) (rename, error) {
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := path.Join(folder, tmpPrefix+hex.EncodeToString(rnd[:]))
	if err := writeFile(filepath.Join(dir, filepath.FromSlash(tmp)), data, sync); err != nil {
		return rename{}, err
	}
	return rename{Tmp: tmp, Name: name}, nil
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
