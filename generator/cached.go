// This file holds what a Builder keeps on disk between processes, in
// Options.Cache (see package cache): the incidents parsed without a
// problem, so that a build in a new process parses only the files that
// changed since. Whatever the cache holds, or fails to, the build's
// bytes are those of a build without it.

package generator

import (
	"io"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/statuspress/statuspress/generator/cache"
	"github.com/statuspress/statuspress/generator/diag"
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
	// entry gives the sum of each file as the incidents entry holds it.
	entry map[string][32]byte
	// known gives the incidents of the entry read for the loader; hits
	// counts those it took.
	known map[string]*source.Incident
	hits  atomic.Int64
	// incidents and bad are those of the last load: every incident, and
	// the files it found a problem in.
	incidents []*source.Incident
	bad       map[string]bool
}

// open opens the cache folder on first use; it stays nil without
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

// knownIncidents gives opts, the loader's options for new settings, the
// incidents the cache holds for them, and takes them as checked for
// internal details (only files that passed are cached).
func (b *Builder) knownIncidents(opts *source.Options, langs []string) {
	c := &b.disk
	c.known, c.entry = nil, nil
	dir := b.openCache()
	if dir == nil {
		return
	}
	words := slices.Sorted(maps.Keys(opts.StatusWords))
	for i, w := range words {
		words[i] = w + "=" + string(opts.StatusWords[w])
	}
	c.loc = opts.Location
	c.key = cache.Key(c.version, cache.IncidentsEntry, string(b.siteData), strings.Join(langs, ","), strings.Join(words, ","))
	var list []*source.Incident
	err := dir.Read(cache.IncidentsEntry, c.key, func(r io.Reader) error {
		var err error
		list, err = cache.ReadIncidents(r, opts.Location)
		return err
	})
	if err != nil {
		return // absent, stale or corrupt: every file is parsed
	}
	c.known = make(map[string]*source.Incident, len(list))
	c.entry = make(map[string][32]byte, len(list))
	if b.lint == nil {
		b.lint = map[*source.Incident]diag.List{}
	}
	for _, in := range list {
		c.known[in.File] = in
		c.entry[in.File] = in.Sum
		b.lint[in] = nil
	}
	c.hits.Store(0)
	known := c.known
	opts.Known = func(file string, sum [32]byte) *source.Incident {
		if in := known[file]; in != nil && in.Sum == sum {
			c.hits.Add(1)
			return in
		}
		return nil
	}
}

// loaded notes what a load gave: the incidents and its problems.
func (c *diskCache) loaded(incidents []*source.Incident, diags diag.List) {
	c.incidents = incidents
	c.bad = map[string]bool{}
	for _, d := range diags {
		c.bad[d.Pos.File] = true
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
		if w, linted := b.lint[in]; c.bad[in.File] || !linted || len(w) > 0 {
			continue // a problem, or not checked (a draft)
		}
		keep = append(keep, in)
		if sum, ok := c.entry[in.File]; !ok || sum != in.Sum {
			missing++
		}
	}
	if c.entry != nil && missing*100 < len(keep) {
		return
	}
	err := c.dir.Write(cache.IncidentsEntry, c.key, func(w io.Writer) error { return cache.WriteIncidents(w, keep, c.loc) })
	if err != nil {
		return // a cache that cannot be written is no cache
	}
	c.entry = make(map[string][32]byte, len(keep))
	for _, in := range keep {
		c.entry[in.File] = in.Sum
	}
}
