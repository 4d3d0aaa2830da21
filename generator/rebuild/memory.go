package rebuild

import (
	"bytes"
	"sync"

	"github.com/statuspress/statuspress/generator/output"
)

// Memory is a Sink that holds a whole site in memory, for the preview
// server and tests. Set is the site of the run before; after a run that
// succeeded, Site gives this run's. A Memory serves one run: after one
// that failed, start the next from a new Memory with the same Set.
type Memory struct {
	// Set is the site of the engine's last run, or nil.
	Set  output.Set
	mu   sync.Mutex
	made output.Set
}

// Has reports whether Set holds name at that size: the engine's last run
// put it there.
func (m *Memory) Has(name string, _ Sum, size int64) bool {
	data, ok := m.Set[name]
	return ok && int64(len(data)) == size
}

// Put keeps a copy of data for this run.
func (m *Memory) Put(name string, data []byte) error {
	data = bytes.Clone(data)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.made == nil {
		m.made = output.Set{}
	}
	m.made[name] = data
	return nil
}

// Site returns the files of the run that just succeeded, whose paths are
// names (Engine.Names): those it put, and the others from Set. It makes
// that the Set for the next run.
func (m *Memory) Site(names []string) output.Set {
	set := make(output.Set, len(names))
	for _, name := range names {
		if data, ok := m.made[name]; ok {
			set[name] = data
		} else {
			set[name] = m.Set[name]
		}
	}
	m.Set, m.made = set, nil
	return set
}
