// This file holds what a Builder keeps on disk between processes, in
// Options.Cache (see package cache): the incidents parsed without a
// problem, so that a build in a new process parses only the files that
// changed since, and the engine's records with the marks of the output
// folder it published, so that it makes and writes only the outputs
// whose dependencies changed. Whatever the cache holds, or fails to, the
// build's bytes are those of a build without it.

package generator

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/cache"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/rebuild"
	"github.com/statuspress/statuspress/generator/source"
)

// diskCache is the Builder's side of the on-disk cache.
type diskCache struct {
	dir     *cache.Dir
	version string // of the binary, worked out once
	opened  bool
	// key is that of the incidents entry, for the loader's options, whose
	// zone loc is.
	key string
	loc *time.Location
	// known gives the incidents entry's incidents by file, from the
	// entry's read to the end of the load that takes them (see
	// knownIncident): the model holds the incidents after, and the map
	// would only cost a few MB for as long as the Builder lives.
	known map[string]*source.Incident
	// inEntry holds the incidents the entry holds, the very values (the
	// loader hands back the entry's own incident for a file whose content
	// it holds, and the same again while the file does not change),
	// smaller than a sum per file; nil when there is no entry.
	inEntry map[*source.Incident]struct{}
	// incidents and bad are those of the last load: every incident, and
	// the files it found a problem in.
	incidents []*source.Incident
	bad       map[string]bool
	// engineRead is set once the engine entry was looked at; marks are
	// the output folder's marks as the engine entry last saved them.
	engineRead bool
	marks      []int64
}

// The cache entries: parsed incidents, and the engine's records.
const (
	incidentsEntry = "incidents"
	engineEntry    = "engine"
)

// openCache opens the cache folder on first use; it stays nil without
// Options.Cache, or when the folders cannot be named.
func (b *Builder) openCache() *cache.Dir {
	c := &b.disk
	if !c.opened {
		c.opened = true
		if b.opts.Cache != "" {
			if dir, err := cache.Open(b.opts.Cache, b.opts.sourceDir(), b.opts.DestDir()); err == nil {
				c.dir, c.version = dir, cache.Version()
			}
		}
	}
	return c.dir
}

// Cached reports whether opts.Cache holds the engine's records of an
// earlier build of the site into its output folder, without reading
// them: a build then most likely takes nearly everything from the cache,
// parsing and making little (unless they were made by another binary or
// are damaged, when it takes nothing). The caller sizes its memory by
// it.
func Cached(opts Options) bool {
	if opts.Cache == "" {
		return false
	}
	dir, err := cache.Open(opts.Cache, opts.sourceDir(), opts.DestDir())
	return err == nil && dir.Has(engineEntry)
}

// markStamps are the times and sizes of the output folder's marks (see
// Builder.Build), which tell whether anything wrote there since.
func markStamps(infos []fs.FileInfo) []int64 {
	out := make([]int64, 0, 2*len(infos))
	for _, st := range infos {
		out = append(out, st.ModTime().UnixNano(), st.Size())
	}
	return out
}

// statMarks stats the marks of the output folder, nil when one is not
// there.
func statMarks(paths []string) []fs.FileInfo {
	infos := make([]fs.FileInfo, 0, len(paths))
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil
		}
		infos = append(infos, st)
	}
	return infos
}

// loadEngine gives a Builder's first Build the engine's records of the
// last build in another process, and when the output folder's marks have
// not moved since it saved them, the folder's files as that build
// published them: the build then neither makes nor writes what did not
// change. Otherwise the engine starts empty, or the folder is read back.
func (b *Builder) loadEngine(marks []string) {
	c := &b.disk
	if c.engineRead || b.openCache() == nil {
		return
	}
	c.engineRead = true
	// Read straight from the file, not whole into memory first: the
	// engine takes the records only once the entry's checksum, known at
	// its end, is good.
	var saved []int64
	var records *rebuild.Saved
	err := c.dir.Read(engineEntry, cache.Key(c.version, engineEntry), func(r io.Reader) error {
		br := bufio.NewReader(r) // r itself when it is one (the cache's is)
		n, err := binary.ReadUvarint(br)
		if err != nil || n > 16 {
			return errBadEngine
		}
		saved = make([]int64, n)
		for i := range saved {
			if saved[i], err = binary.ReadVarint(br); err != nil {
				return errBadEngine
			}
		}
		records, err = rebuild.Read(br)
		return err
	})
	if err != nil {
		return
	}
	b.engine.Use(records)
	infos := statMarks(marks)
	if infos == nil || !slices.Equal(markStamps(infos), saved) || len(b.engine.Names()) == 0 {
		return // a folder of no files is none a build published
	}
	b.marks, b.published, c.marks = infos, b.engine.Names(), saved
}

var errBadEngine = errors.New("bad marks")

// saveEngine writes the engine's records after a good Build, with the
// output folder's marks, unless nothing changed since they were saved.
func (b *Builder) saveEngine(marks []fs.FileInfo) {
	c := &b.disk
	if b.openCache() == nil {
		return
	}
	now := markStamps(marks)
	if len(b.engine.Made) == 0 && slices.Equal(now, c.marks) {
		return
	}
	err := c.dir.Write(engineEntry, cache.Key(c.version, engineEntry), func(w io.Writer) error {
		buf := binary.AppendUvarint(nil, uint64(len(now)))
		for _, v := range now {
			buf = binary.AppendVarint(buf, v)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
		return b.engine.Save(w)
	})
	if err == nil {
		c.marks = now
	}
}

// knownIncidents gives opts, the loader's options for new settings, the
// incidents the cache holds for them: only files that passed the check
// for internal details are cached, so they have no entry in lint.
func (b *Builder) knownIncidents(opts *source.Options, langs []string) {
	c := &b.disk
	c.known, c.inEntry = nil, nil
	dir := b.openCache()
	if dir == nil {
		return
	}
	words := slices.Sorted(maps.Keys(opts.StatusWords))
	for i, w := range words {
		words[i] = w + "=" + string(opts.StatusWords[w])
	}
	c.loc = opts.Location
	c.key = cache.Key(c.version, incidentsEntry, string(b.siteData), strings.Join(langs, ","), strings.Join(words, ","))
	var list []*source.Incident
	err := dir.Read(incidentsEntry, c.key, func(r io.Reader) error {
		var err error
		list, err = source.ReadIncidents(r, opts.Location)
		return err
	})
	if err != nil {
		return // absent, stale or corrupt: every file is parsed
	}
	c.known = make(map[string]*source.Incident, len(list))
	for _, in := range list {
		c.known[in.File] = in
	}
	opts.Known = c.knownIncident
}

// knownIncident is the loader's Options.Known: the entry's incident of
// file, when it was parsed from content of that sum. It runs on the
// loader's workers, which only read c.known.
func (c *diskCache) knownIncident(file string, sum [32]byte) *source.Incident {
	if in := c.known[file]; in != nil && in.Sum == sum {
		return in
	}
	return nil
}

// loaded notes what a load gave: the incidents and its problems. After
// the load that took the entry's incidents, it keeps which of them the
// load has, and drops the rest.
func (c *diskCache) loaded(incidents []*source.Incident, diags diag.List) {
	c.incidents = incidents
	c.bad = map[string]bool{}
	for _, d := range diags {
		c.bad[d.Pos.File] = true
	}
	if c.known != nil {
		c.inEntry = make(map[*source.Incident]struct{}, len(incidents))
		for _, in := range incidents {
			if c.known[in.File] == in {
				c.inEntry[in] = struct{}{}
			}
		}
		c.known = nil
	}
}

// saveIncidents writes the incidents entry after a good build, when it
// would otherwise miss more than one file in a hundred of those the
// build could take from it: after a small edit the next process parses
// that file again rather than this one writing every file's incident.
func (b *Builder) saveIncidents() {
	c := &b.disk
	if c.dir == nil || c.key == "" {
		return
	}
	var keep []*source.Incident
	missing := 0
	for _, in := range c.incidents {
		if c.bad[in.File] || in.Texts != nil || len(b.lint[in]) > 0 {
			continue // a problem, or texts not checked
		}
		keep = append(keep, in)
		if _, ok := c.inEntry[in]; !ok {
			missing++
		}
	}
	if c.inEntry != nil && missing*100 < len(keep) {
		return
	}
	err := c.dir.Write(incidentsEntry, c.key, func(w io.Writer) error { return source.WriteIncidents(w, keep, c.loc) })
	if err != nil {
		return // a cache that cannot be written is no cache
	}
	c.inEntry = make(map[*source.Incident]struct{}, len(keep))
	for _, in := range keep {
		c.inEntry[in] = struct{}{}
	}
}
