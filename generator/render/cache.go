package render

import (
	"slices"
	"time"

	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// Cache keeps rendered pages between renders, so that a rebuild after a
// small edit executes templates only for the pages whose inputs changed.
// A page is reused when the epoch (everything site-wide: settings, theme,
// clock) is the same and every incident it shows is the same parsed file
// in the same state. The zero value is not usable; call NewCache. A Cache
// is not safe for concurrent use.
type Cache struct {
	epoch string
	pages map[string]cachedPage
	// Reused and Rendered count the pages of the last render.
	Reused, Rendered int
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{pages: map[string]cachedPage{}} }

type cachedPage struct {
	key  pageKey
	data []byte
}

// pageKey is what a page's bytes depend on besides the epoch.
type pageKey struct {
	extra  string
	stamps []stamp
}

func (k pageKey) equal(o pageKey) bool {
	return k.extra == o.extra && slices.Equal(k.stamps, o.stamps)
}

// stamp is an incident as a page shows it: the parsed file (the loader
// hands back the same pointer while the file is unchanged) and what the
// model derived from it at "now".
type stamp struct {
	src       *source.Incident
	phase     status.Phase
	state     source.Status
	end       time.Time
	duration  time.Duration
	etaPassed bool
}

func stampOf(in *status.Incident) stamp {
	return stamp{in.Incident, in.Phase, in.State, in.End, in.Duration, in.ETAPassed}
}

func stampsOf(list []*status.Incident) []stamp {
	out := make([]stamp, len(list))
	for i, in := range list {
		out[i] = stampOf(in)
	}
	return out
}

// lookup returns the cached bytes of a page if its key is unchanged.
func (c *Cache) lookup(epoch, path string, key *pageKey) ([]byte, bool) {
	if c == nil || key == nil || c.epoch != epoch {
		return nil, false
	}
	p, ok := c.pages[path]
	if !ok || !p.key.equal(*key) {
		return nil, false
	}
	return p.data, true
}

// replace makes the cache hold exactly this render's cacheable pages.
func (c *Cache) replace(epoch string, jobs []job, results [][]byte) {
	if c == nil {
		return
	}
	pages := make(map[string]cachedPage, len(jobs))
	for i, j := range jobs {
		if j.key != nil {
			pages[j.out] = cachedPage{*j.key, results[i]}
		}
	}
	c.epoch, c.pages = epoch, pages
}
