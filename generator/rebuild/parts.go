package rebuild

import (
	"sync"

	"github.com/statuspress/statuspress/generator/status"
)

// Parts keeps the pieces of pages that show one incident (a card, a row)
// across runs: a page lists dozens of incidents, and after an edit only
// one of them differs. A piece depends on its incident alone, so it is
// reused while the epoch is the same and the incident's stamp is equal.
// Parts is safe for concurrent use; a nil *Parts keeps nothing.
type Parts struct {
	store *partStore
	scope string
}

type partStore struct {
	mu    sync.Mutex
	epoch string
	m     map[partKey]string
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
	if p.m == nil || epoch != p.epoch || len(p.m) > 4*n+64 {
		p.m = map[partKey]string{}
		p.epoch = epoch
	}
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
	p.store.mu.Lock()
	p.store.m[k] = v
	p.store.mu.Unlock()
	return v, nil
}
