package source

import (
	"bytes"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/statuspress/statuspress/generator/diag"
)

// Loader reads the incident files of a site. It keeps each parsed file
// with its bytes, so a later Load re-parses only files whose content
// changed. Options must stay the same between loads; build a new Loader
// when the site settings change. A Loader is not safe for concurrent use.
type Loader struct {
	opts  Options
	cache map[string]parsed
	// Parsed counts the files parsed by the last Load (for tests and stats).
	Parsed int
}

type parsed struct {
	data  []byte
	in    *Incident
	diags diag.List
}

// NewLoader returns a Loader for one set of options.
func NewLoader(opts Options) *Loader {
	return &Loader{opts: opts, cache: map[string]parsed{}}
}

// Load reads every content/incidents/*.md of fsys. Incidents come back
// sorted by file name, drafts included (the model decides what to show).
func (l *Loader) Load(fsys fs.FS) ([]*Incident, diag.List) {
	var diags diag.List
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		if _, statErr := fs.Stat(fsys, Dir); statErr != nil {
			return nil, nil // no incidents yet: an all-green site
		}
		diags.Errorf(diag.Pos{File: Dir}, "cannot read incidents: %v", err)
		return nil, diags
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		files = append(files, path.Join(Dir, name))
	}
	sort.Strings(files)

	results := make([]parsed, len(files))
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
				if old, ok := l.cache[files[i]]; ok && bytes.Equal(old.data, data) {
					results[i] = old
					continue
				}
				in, d := Parse(files[i], data, l.opts)
				results[i] = parsed{data: data, in: in, diags: d}
				mu.Lock()
				parsedCount++
				mu.Unlock()
			}
		})
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	l.Parsed = parsedCount
	cache := make(map[string]parsed, len(files))
	incidents := make([]*Incident, 0, len(files))
	for i, r := range results {
		diags.Append(r.diags)
		if r.in != nil {
			cache[files[i]] = r
			incidents = append(incidents, r.in)
		}
	}
	l.cache = cache
	return incidents, diags
}
