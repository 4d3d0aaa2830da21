package source

import (
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/sitefs"
)

// Loader reads the incident files of a site. It keeps each parsed file
// with the sum of its bytes, so a later Load re-parses only files whose
// content changed. Options must stay the same between loads; build a new Loader
// when the site settings change. A Loader is not safe for concurrent use.
type Loader struct {
	opts Options
	// files lists the incident files of the last load, sorted; entries
	// holds what was read of each, at the same index.
	files   []string
	entries []parsed
	// unread counts the entries without an incident (files that could
	// not be read): a hinted load reads them again, and with none it
	// need not look for them among thousands.
	unread int
	// incidents is what the last load returned, which its caller may
	// keep and the Loader never changes, and noisy the indexes of the
	// entries with problems, in order: when every file has an incident,
	// an edit makes the next list from a copy of it, and the problems
	// from those few entries, instead of from 100,000 entries.
	incidents []*Incident
	noisy     []int
	// newest is the latest modification time seen by the last Load.
	newest time.Time
	// Parsed counts the files parsed by the last Load (for tests and stats).
	Parsed int
}

type parsed struct {
	in    *Incident // nil when the file could not be read; in.Sum is of the bytes it was parsed from
	diags diag.List
	// mod and size are the file's modification time (Unix nanoseconds,
	// 0 when unknown) and size when it was read.
	mod, size int64
}

// racyWindow is how close to the newest file a file's modification time
// may be before its time alone is not trusted: a file written twice within
// the file system's time resolution keeps its time (git calls this
// "racily clean"), so such files are always read and their sums compared.
const racyWindow = 2 * time.Second

// NewLoader returns a Loader for one set of options.
func NewLoader(opts Options) *Loader {
	return &Loader{opts: opts}
}

// Load reads every content/incidents/*.md of fsys. Incidents come back
// sorted by file name, drafts included (the model decides what to show),
// in a new slice the Loader keeps no hold of: the caller may keep it.
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
	var diags diag.List
	var files []string
	var results []parsed // the last load's entry of each file, or zero
	var todo []int       // indexes of the files to read
	infos := map[string]fs.FileInfo{}
	// plain marks the files listed or stated as regular files, which
	// may be read without a stat first; lazy holds the listing's entry
	// of files not stated, for a stat when they are not.
	plain := map[string]bool{}
	lazy := map[string]fs.DirEntry{}
	// kept holds, when results is the Loader's own list patched in place,
	// the entries the load replaces, to put back if it is cancelled.
	var kept map[int]parsed
	if changed != nil && l.files != nil {
		// The list of files is the last one with the changed files added
		// or dropped: no need to list or stat a folder of thousands.
		files, results, todo, kept = l.withChanges(fsys, changed, infos)
		for file, info := range infos {
			plain[file] = info.Mode().IsRegular()
		}
	} else {
		list, err := fs.ReadDir(fsys, Dir)
		if err != nil {
			diags.Append(missingDir(err))
			return nil, diags, nil
		}
		// Both lists are sorted: one walk pairs each file with its
		// last entry.
		files, results = make([]string, 0, len(list)), make([]parsed, 0, len(list))
		j := 0
		for _, e := range list {
			name := e.Name()
			file := path.Join(Dir, name)
			if !e.Type().IsRegular() && !e.IsDir() && !sitefs.LockFile(name) {
				// A link or a pipe the file system refuses is never
				// read, whatever its name: say so rather than skip it.
				if err := checkEntry(fsys, file); err != nil {
					diags.Append(readError(file, err))
					continue
				}
			}
			if !isIncidentFile(name, e.IsDir()) {
				continue
			}
			for j < len(l.files) && l.files[j] < file {
				j++
			}
			var old parsed
			if j < len(l.files) && l.files[j] == file {
				old = l.entries[j]
			}
			files = append(files, file)
			results = append(results, old)
			if e.Type().IsRegular() {
				plain[file] = true
			}
			if old.in == nil {
				// Read anyway: its time and size come with the read.
				lazy[file] = e
			} else if info, err := e.Info(); err == nil {
				infos[file] = info
			}
		}
		// Files known to be unchanged are taken as they are; only the
		// others are read.
		for i, file := range files {
			if results[i].in == nil || !l.unchanged(results[i], infos[file]) {
				todo = append(todo, i)
			}
		}
	}
	newest := time.Time{}
	for _, info := range infos {
		if info.ModTime().After(newest) {
			newest = info.ModTime()
		}
	}

	// The site's folder of incidents is opened once for all the files to
	// read, rather than each of its folders again for each file.
	var dir *sitefs.FS
	if site, ok := fsys.(*sitefs.FS); ok && len(todo) > 1 {
		if d, err := site.OpenDir(Dir); err == nil {
			defer d.Close()
			dir = d
		}
	}
	var parsedCount int
	var mu sync.Mutex
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			opts := l.opts
			opts.strs = strs{}
			for i := range jobs {
				var mod, size int64
				var data []byte
				ok := false
				if dir != nil && plain[files[i]] {
					data, mod, ok = dir.ReadPlain(path.Base(files[i]), MaxFileSize)
					size = int64(len(data))
				}
				if !ok {
					info := infos[files[i]]
					if e := lazy[files[i]]; e != nil {
						info, _ = e.Info()
					}
					if info != nil {
						mod, size = info.ModTime().UnixNano(), info.Size()
					}
					var src fs.FS = fsys
					name := files[i]
					if dir != nil {
						src, name = dir, path.Base(name)
					}
					var err error
					data, err = readFile(src, name, size)
					if err != nil {
						results[i] = parsed{diags: readError(files[i], err)}
						continue
					}
				}
				sum := sha256.Sum256(data)
				if old := results[i]; old.in != nil && old.in.Sum == sum {
					old.mod, old.size = mod, size
					results[i] = old
					continue
				}
				if l.opts.Known != nil {
					if in := l.opts.Known(files[i], sum); in != nil {
						results[i] = parsed{in: in, mod: mod, size: size}
						continue
					}
				}
				// data is the worker's to give: nothing reads it after.
				in, d := parse(files[i], owned(data), len(data), sum, opts)
				if l.opts.Check != nil {
					l.opts.Check(in)
				}
				results[i] = parsed{in: in, diags: d, mod: mod, size: size}
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
		for i, old := range kept {
			results[i] = old
		}
		return nil, nil, err
	}

	// The times of the files read without a stat count too. Only the
	// files read now can have one: the others were taken as they are,
	// and their times were seen by the load that read them.
	for _, i := range todo {
		if _, stated := infos[files[i]]; !stated && results[i].mod != 0 {
			if t := time.Unix(0, results[i].mod); t.After(newest) {
				newest = t
			}
		}
	}
	l.Parsed = parsedCount
	l.files, l.entries = files, results
	if newest.After(l.newest) || changed == nil {
		l.newest = newest
	}
	if incidents, ok := l.patched(results, todo, kept != nil); ok {
		for _, i := range l.noisy {
			diags.Append(results[i].diags)
		}
		l.incidents = incidents
		return incidents, diags, nil
	}
	incidents := make([]*Incident, 0, len(files))
	l.noisy = l.noisy[:0]
	for i, r := range results {
		diags.Append(r.diags)
		if len(r.diags) > 0 {
			l.noisy = append(l.noisy, i)
		}
		if r.in != nil {
			incidents = append(incidents, r.in)
		}
	}
	l.unread = len(results) - len(incidents)
	l.incidents = incidents
	return incidents, diags, nil
}

// patched returns the incidents of results, the entries of the last load
// patched in place (inPlace) at the indexes todo, as a copy of the last
// list with those changed, and brings noisy up to date; false when it
// cannot: when an entry has no incident, the list's indexes are not the
// entries'.
func (l *Loader) patched(results []parsed, todo []int, inPlace bool) ([]*Incident, bool) {
	if !inPlace || l.unread > 0 || len(l.incidents) != len(results) {
		return nil, false
	}
	for _, i := range todo {
		if results[i].in == nil {
			return nil, false
		}
	}
	incidents := slices.Clone(l.incidents)
	for _, i := range todo {
		incidents[i] = results[i].in
		k, found := slices.BinarySearch(l.noisy, i)
		switch noisy := len(results[i].diags) > 0; {
		case noisy && !found:
			l.noisy = slices.Insert(l.noisy, k, i)
		case !noisy && found:
			l.noisy = slices.Delete(l.noisy, k, k+1)
		}
	}
	return incidents, true
}

// unchanged reports whether a cached file can be trusted without reading
// it: same size and modification time, and that time well before the
// newest file seen when it was cached.
func (l *Loader) unchanged(old parsed, info fs.FileInfo) bool {
	if info == nil || old.mod == 0 {
		return false
	}
	return info.Size() == old.size && info.ModTime().UnixNano() == old.mod &&
		old.mod < l.newest.Add(-racyWindow).UnixNano()
}

func isIncidentFile(name string, dir bool) bool {
	return !dir && strings.HasSuffix(name, ".md") && !strings.HasPrefix(name, ".")
}

// withChanges returns the files and entries of the last load, with each
// changed incident file added if it exists now and dropped if not, and
// the indexes of the files to read: the changed ones, and those that
// could not be read or parsed before. It records the changed files' info.
//
// When no file comes or goes, the lists returned are the Loader's own,
// to be patched in place at the indexes to read: an edit to one file of
// 100,000 then copies nothing. Nothing but the Loader holds them (a load
// returns incidents, not entries). kept is then what the entries at the
// indexes to read were, for LoadContext to put back when it is
// cancelled. A file added or dropped shifts the lists, so they are
// copied first, and kept is nil.
func (l *Loader) withChanges(fsys fs.FS, changed []string, infos map[string]fs.FileInfo) (files []string, entries []parsed, todo []int, kept map[int]parsed) {
	files, entries = l.files, l.entries
	copied := false
	// own makes the lists a copy before they are shifted.
	own := func() {
		if !copied {
			files, entries, copied = slices.Clone(files), slices.Clone(entries), true
		}
	}
	// blank lists the files whose entry a link made empty: they are
	// read again, to report the link.
	var blank []string
	for _, c := range changed {
		name, ok := strings.CutPrefix(c, Dir+"/")
		if !ok || strings.Contains(name, "/") {
			continue
		}
		info, err := fs.Stat(fsys, c)
		// A file turned into a link stays listed, so that reading it
		// reports the link rather than its page silently vanishing.
		var refused *sitefs.Error
		isLink := errors.As(err, &refused) && strings.HasSuffix(name, ".md")
		exists := isLink || err == nil && isIncidentFile(name, info.IsDir())
		i, listed := slices.BinarySearch(files, c)
		switch {
		case exists && !listed:
			own()
			files = slices.Insert(files, i, c)
			entries = slices.Insert(entries, i, parsed{})
		case !exists && listed:
			own()
			files = slices.Delete(files, i, i+1)
			entries = slices.Delete(entries, i, i+1)
		}
		if isLink && !slices.Contains(blank, c) {
			blank = append(blank, c)
		}
		if exists && !isLink {
			infos[c] = info
		}
	}
	// The files that could not be read before are read again. Without
	// any (there are none on most sites) and with the same files, the
	// only ones are those read now: no need to look among thousands.
	if l.unread > 0 || copied {
		for i, e := range entries {
			if e.in == nil {
				todo = append(todo, i)
			}
		}
	}
	for _, c := range blank {
		if i, ok := slices.BinarySearch(files, c); ok && entries[i].in != nil {
			todo = append(todo, i)
		}
	}
	for c := range infos {
		if i, ok := slices.BinarySearch(files, c); ok && entries[i].in != nil && !slices.Contains(blank, c) {
			todo = append(todo, i)
		}
	}
	if !copied {
		kept = make(map[int]parsed, len(todo))
		for _, i := range todo {
			kept[i] = entries[i]
		}
	}
	for _, c := range blank {
		if i, ok := slices.BinarySearch(files, c); ok {
			entries[i] = parsed{}
		}
	}
	return files, entries, todo, kept
}

// missingDir explains why content/incidents/ could not be listed. A
// missing folder is an error, not an empty site: a build would remove
// every incident page.
func missingDir(err error) diag.List {
	var d diag.List
	var refused *sitefs.Error
	switch {
	case errors.As(err, &refused):
		refused.Report(&d)
	case errors.Is(err, fs.ErrNotExist):
		d.Errorf(diag.Pos{File: Dir}, "the folder %s/ is missing, so the site would have no incident pages: create it, with an empty file .keep inside if it has no incidents yet (git keeps no empty folders)", Dir)
	default:
		d.Errorf(diag.Pos{File: Dir}, "cannot read incidents: %v", err)
	}
	return d
}

// checkEntry returns why the listed file cannot be read.
func checkEntry(fsys fs.FS, file string) error {
	if _, err := fs.Stat(fsys, file); err != nil {
		return err
	}
	f, err := fsys.Open(file)
	if err == nil {
		f.Close()
	}
	return err
}

// readError turns a failed read of file into its problem; nil gives none.
func readError(file string, err error) diag.List {
	var d diag.List
	var refused *sitefs.Error
	switch {
	case err == nil:
	case errors.As(err, &refused):
		refused.Report(&d)
	case errors.Is(err, errTooBig):
		checkSize(file, MaxFileSize+1, &d)
	default:
		d.Errorf(diag.Pos{File: file}, "cannot read: %v", err)
	}
	return d
}

var errTooBig = errors.New("file too large")

// readFile reads file, refusing without reading it one over
// MaxFileSize, by its listed size or by what it holds now.
func readFile(fsys fs.FS, file string, size int64) ([]byte, error) {
	if size > MaxFileSize {
		return nil, errTooBig
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Room for the listed size and one byte more: a file that did not
	// grow is read in one call, and the next says it ended.
	data := make([]byte, 0, max(size, 0)+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		switch {
		case len(data) > MaxFileSize:
			return nil, errTooBig
		case err == io.EOF:
			return data, nil
		case err != nil:
			return nil, err
		case len(data) == cap(data):
			data = slices.Grow(data, max(512, len(data)))
		}
	}
}
