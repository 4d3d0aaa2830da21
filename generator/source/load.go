package source

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
)

// Loader reads the incident files of a site. It keeps each parsed file
// with its bytes, so a later Load re-parses only files whose content
// changed. Options must stay the same between loads; build a new Loader
// when the site settings change. A Loader is not safe for concurrent use.
type Loader struct {
	opts  Options
	cache map[string]parsed
	// newest is the latest modification time seen by the last Load.
	newest time.Time
	// files lists the incident files of the last load, sorted.
	files []string
	// Parsed counts the files parsed by the last Load (for tests and stats).
	Parsed int
}

type parsed struct {
	data    []byte
	in      *Incident
	diags   diag.List
	modTime time.Time
	size    int64
}

// racyWindow is how close to the newest file a file's modification time
// may be before its time alone is not trusted: a file written twice within
// the file system's time resolution keeps its time (git calls this
// "racily clean"), so such files are always read and compared.
const racyWindow = 2 * time.Second

// NewLoader returns a Loader for one set of options.
func NewLoader(opts Options) *Loader {
	return &Loader{opts: opts, cache: map[string]parsed{}}
}

// Load reads every content/incidents/*.md of fsys. Incidents come back
// sorted by file name, drafts included (the model decides what to show).
func (l *Loader) Load(fsys fs.FS) ([]*Incident, diag.List) { return l.LoadChanged(fsys, nil) }

// LoadChanged is Load told which files changed since the last load
// (slash paths relative to the source folder, as a file watcher reports
// them): other files already parsed are taken as they are, without even
// a stat. A nil list means "unknown": every file is checked.
func (l *Loader) LoadChanged(fsys fs.FS, changed []string) ([]*Incident, diag.List) {
	in, diags, _ := l.LoadContext(context.Background(), fsys, changed)
	return in, diags
}

// LoadContext is LoadChanged stopping early when ctx is done: it then
// returns ctx's error and nothing else, and the Loader stays as the last
// load left it.
func (l *Loader) LoadContext(ctx context.Context, fsys fs.FS, changed []string) ([]*Incident, diag.List, error) {
	var trusted func(file string) bool
	if changed != nil {
		set := make(map[string]bool, len(changed))
		for _, c := range changed {
			set[c] = true
		}
		trusted = func(file string) bool { _, ok := l.cache[file]; return ok && !set[file] }
	}
	var diags diag.List
	var files []string
	infos := map[string]fs.FileInfo{}
	if trusted != nil && len(l.cache) > 0 {
		// The list of files is the last one with the changed files added
		// or dropped: no need to list a folder of thousands.
		files = l.withChanges(fsys, changed, infos)
	} else {
		entries, err := fs.ReadDir(fsys, Dir)
		if err != nil {
			if _, statErr := fs.Stat(fsys, Dir); statErr != nil {
				return nil, nil, nil // no incidents yet: an all-green site
			}
			diags.Errorf(diag.Pos{File: Dir}, "cannot read incidents: %v", err)
			return nil, diags, nil
		}
		for _, e := range entries {
			name := e.Name()
			if !isIncidentFile(name, e.IsDir()) {
				continue
			}
			file := path.Join(Dir, name)
			files = append(files, file)
			if trusted != nil && trusted(file) {
				continue
			}
			if info, err := e.Info(); err == nil {
				infos[file] = info
			}
		}
		sort.Strings(files)
	}
	newest := time.Time{}
	for _, info := range infos {
		if info.ModTime().After(newest) {
			newest = info.ModTime()
		}
	}

	results := make([]parsed, len(files))
	// Files known to be unchanged are taken here; only the others go to
	// the workers.
	var todo []int
	for i, file := range files {
		if old, ok := l.cache[file]; ok && (trusted != nil && trusted(file) || l.unchanged(old, infos[file])) {
			results[i] = old
		} else {
			todo = append(todo, i)
		}
	}
	var parsedCount int
	var mu sync.Mutex
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				data, err := fs.ReadFile(fsys, files[i])
				if err != nil {
					var d diag.List
					d.Errorf(diag.Pos{File: files[i]}, "cannot read: %v", err)
					results[i] = parsed{diags: d}
					continue
				}
				var modTime time.Time
				var size int64
				if info := infos[files[i]]; info != nil {
					modTime, size = info.ModTime(), info.Size()
				}
				if old, ok := l.cache[files[i]]; ok && bytes.Equal(old.data, data) {
					old.modTime, old.size = modTime, size
					results[i] = old
					continue
				}
				in, d := Parse(files[i], data, l.opts)
				results[i] = parsed{data: data, in: in, diags: d, modTime: modTime, size: size}
				mu.Lock()
				parsedCount++
				mu.Unlock()
			}
		})
	}
feed:
	for _, i := range todo {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}

	l.Parsed = parsedCount
	l.files = files
	if newest.After(l.newest) || changed == nil {
		l.newest = newest
	}
	incidents := make([]*Incident, 0, len(files))
	for _, r := range results {
		diags.Append(r.diags)
		if r.in != nil {
			incidents = append(incidents, r.in)
		}
	}
	if trusted != nil {
		// Only the changed files can differ from the cache: update
		// those rather than making a new map of thousands.
		for _, c := range changed {
			delete(l.cache, c)
		}
		for _, i := range todo {
			if results[i].in != nil {
				l.cache[files[i]] = results[i]
			}
		}
		return incidents, diags, nil
	}
	cache := make(map[string]parsed, len(files))
	for i, r := range results {
		if r.in != nil {
			cache[files[i]] = r
		}
	}
	l.cache = cache
	return incidents, diags, nil
}

// unchanged reports whether a cached file can be trusted without reading
// it: same size and modification time, and that time well before the
// newest file seen when it was cached.
func (l *Loader) unchanged(old parsed, info fs.FileInfo) bool {
	if info == nil || old.modTime.IsZero() {
		return false
	}
	return info.Size() == old.size && info.ModTime().Equal(old.modTime) &&
		old.modTime.Before(l.newest.Add(-racyWindow))
}

func isIncidentFile(name string, dir bool) bool {
	return !dir && strings.HasSuffix(name, ".md") && !strings.HasPrefix(name, ".")
}

// withChanges returns the files of the last load, with each changed
// incident file added if it exists now and dropped if not, and records
// the changed files' info.
func (l *Loader) withChanges(fsys fs.FS, changed []string, infos map[string]fs.FileInfo) []string {
	files := slices.Clone(l.files)
	for _, c := range changed {
		name, ok := strings.CutPrefix(c, Dir+"/")
		if !ok || strings.Contains(name, "/") {
			continue
		}
		info, err := fs.Stat(fsys, c)
		exists := err == nil && isIncidentFile(name, info.IsDir())
		i, listed := slices.BinarySearch(files, c)
		switch {
		case exists && !listed:
			files = slices.Insert(files, i, c)
		case !exists && listed:
			files = slices.Delete(files, i, i+1)
		}
		if exists {
			infos[c] = info
		}
	}
	return files
}
