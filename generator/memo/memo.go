// Package memo keeps the files a build made for the next build, so that a
// rebuild after a small edit renders only what the edit touched. A file is
// reused when the epoch (a fingerprint of everything site-wide: settings,
// theme, clock, options) is the same and its key (the incidents it shows,
// as status stamps, and any other value it depends on) is equal.
package memo

import (
	"slices"
	"sync"

	"github.com/statuspress/statuspress/generator/status"
)

// Key is what a file's bytes depend on besides the epoch.
type Key struct {
	Extra  string
	Stamps []status.Stamp
}

func (k Key) equal(o Key) bool {
	return k.Extra == o.Extra && slices.Equal(k.Stamps, o.Stamps)
}

// Cache holds files by output path. A nil *Cache keeps nothing: Get
// misses and Put is a no-op. A Cache is not safe for concurrent use; the
// stages that run side by side each have their own. A Key's Stamps must
// not be changed after Put.
type Cache struct {
	epoch   string
	gen     uint64
	entries map[string]*entry
	// Reused and Made count the Gets that hit and the Puts since Begin.
	Reused, Made int
}

type entry struct {
	key  Key
	data []byte
	gen  uint64 // the build that last used it
}

// New returns an empty cache.
func New() *Cache { return &Cache{entries: map[string]*entry{}} }

// Begin starts a build under epoch: files of another epoch are dropped.
func (c *Cache) Begin(epoch string) {
	if c == nil {
		return
	}
	if epoch != c.epoch {
		clear(c.entries)
		c.epoch = epoch
	}
	c.gen++
	c.Reused, c.Made = 0, 0
}

// Get returns the bytes kept for name if they were made under key.
func (c *Cache) Get(name string, key Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.entries[name]
	if !ok || !e.key.equal(key) {
		return nil, false
	}
	e.gen = c.gen
	c.Reused++
	return e.data, true
}

// Put keeps data, made under key, for name.
func (c *Cache) Put(name string, key Key, data []byte) {
	if c == nil {
		return
	}
	c.Made++
	if e, ok := c.entries[name]; ok {
		e.key, e.data, e.gen = key, data, c.gen
		return
	}
	c.entries[name] = &entry{key, data, c.gen}
}

// End ends a build: files it neither used nor made are dropped, so the
// cache never holds more than one site.
func (c *Cache) End() {
	if c == nil {
		return
	}
	for name, e := range c.entries {
		if e.gen != c.gen {
			delete(c.entries, name)
		}
	}
}

// Parts keeps the pieces of pages that show one incident (a card, a row)
// across builds: a page lists dozens of incidents, and after an edit only
// one of them differs. A piece is reused while the epoch is the same and
// the incident's stamp is equal. Parts is safe for concurrent use; a nil
// *Parts keeps nothing.
type Parts struct {
	mu    sync.Mutex
	epoch string
	m     map[partKey]string
}

type partKey struct {
	name  string
	stamp status.Stamp
}

// NewParts returns an empty store.
func NewParts() *Parts { return &Parts{m: map[partKey]string{}} }

// Begin starts a build under epoch for a site of n incidents: pieces of
// another epoch are dropped, and so is everything once stale pieces (of
// incidents since edited) outnumber the live ones.
func (p *Parts) Begin(epoch string, n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if epoch != p.epoch || len(p.m) > 4*n+64 {
		clear(p.m)
		p.epoch = epoch
	}
}

// Get returns the piece name made for an incident with stamp s.
func (p *Parts) Get(name string, s status.Stamp) (string, bool) {
	if p == nil {
		return "", false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.m[partKey{name, s}]
	return v, ok
}

// Put keeps the piece name made for an incident with stamp s.
func (p *Parts) Put(name string, s status.Stamp, v string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[partKey{name, s}] = v
}
