package rebuild

import (
	"hash/fnv"
	"strings"
	"sync"

	"github.com/statuspress/statuspress/generator/status"
)

// Parts keeps the pieces of pages that show one incident (a card, a row)
// across runs: a page lists dozens of incidents, and after an edit only
// one of them differs. A piece depends on its incident alone, so it is
// reused while the epoch is the same and the incident's stamp is equal.
//
// Only pieces asked for a second time are kept: those that pay. A piece
// on the pages that an edit re-makes again and again (the home page, a
// component's latest incidents, the API's list) is asked for by several
// pages of a run; one that only an old history page shows is asked for
// once, and keeping it would hold the HTML of every incident of the site
// for nothing (after an edit to it, its page makes it again and keeps it
// from then on). Of the pieces asked for once, only a hash of their name
// is kept, to know them when asked again.
//
// Parts is safe for concurrent use; a nil *Parts keeps nothing.
type Parts struct {
	store *partStore
	scope string
}

type partStore struct {
	mu    sync.Mutex
	epoch string
	m     map[partKey]string
	// seen holds the hashes of the keys asked for once and not kept;
	// two keys of the same hash only make a piece kept that need not be.
	seen map[uint64]struct{}
}

type partKey struct {
	scope, name string
	stamp       status.Stamp
}

// begin starts a run under epoch for a site of n outputs: pieces of
// another epoch are dropped, and so is everything once stale pieces (of
// incidents since edited) outnumber the live ones.
func (p *partStore) begin(epoch string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil || epoch != p.epoch || len(p.m)+len(p.seen) > 4*n+64 {
		p.m = map[partKey]string{}
		p.seen = map[uint64]struct{}{}
		p.epoch = epoch
	}
}

// hash returns the hash of k that seen holds.
func hash(k partKey) uint64 {
	h := fnv.New64a()
	h.Write([]byte(k.scope))
	h.Write([]byte{0})
	h.Write([]byte(k.name))
	h.Write([]byte{0})
	var b [24]byte
	h.Write(k.stamp.Bytes(b[:0]))
	return h.Sum64()
}

// Get returns the piece name of an incident with stamp s, making it with
// make when it is not kept.
func (p *Parts) Get(name string, s status.Stamp, make func() (string, error)) (string, error) {
	if p == nil {
		return make()
	}
	k := partKey{p.scope, name, s}
	p.store.mu.Lock()
	v, ok := p.store.m[k]
	p.store.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := make()
	if err != nil {
		return "", err
	}
	p.store.add(k, v)
	return v, nil
}

// add keeps v as the piece k when k was asked for before, and otherwise
// notes that it was.
func (p *partStore) add(k partKey, v string) {
	h := hash(k)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil {
		p.seen = map[uint64]struct{}{}
	}
	if _, twice := p.seen[h]; twice {
		delete(p.seen, h)
		if p.m == nil {
			p.m = map[partKey]string{}
		}
		// Kept at its size: a piece written into a growing buffer may
		// hold twice its length.
		p.m[k] = strings.Clone(v)
		return
	}
	p.seen[h] = struct{}{}
}
