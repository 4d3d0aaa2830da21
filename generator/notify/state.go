package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/statuspress/statuspress/generator/config"
)

// stateVersion is the format of the state file.
const stateVersion = 1

// state is what each channel has been told: the feed item IDs of every
// update it was sent, or that was settled without sending (older than its
// baseline, or about components it does not follow).
type state struct {
	Version  int                      `json:"version"`
	Channels map[string]*channelState `json:"channels"`
}

type channelState struct {
	Type string   `json:"type"`
	Told []string `json:"told"` // sorted
	told map[string]bool
}

// loadState reads the state file; a missing one is an empty state.
func loadState(path string) (*state, error) {
	st := &state{Version: stateVersion, Channels: map[string]*channelState{}}
	if path == "" {
		return st, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("notify state: %w", err)
	}
	if err := json.Unmarshal(data, st); err != nil || st.Channels == nil {
		if err == nil {
			err = errors.New("no channels")
		}
		return nil, fmt.Errorf("notify state %s is not what notify writes (%v): restore it from the last good copy, or delete it and run notify with -previous so that nothing old is sent again", path, err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("notify state %s has version %d; this statuspress reads version %d", path, st.Version, stateVersion)
	}
	for _, cs := range st.Channels {
		cs.told = make(map[string]bool, len(cs.Told))
		for _, id := range cs.Told {
			cs.told[id] = true
		}
	}
	return st, nil
}

// plan returns the live entries channel n is to be told, oldest first;
// the others it settles. A channel the state does not know yet takes the
// entries of previous as told or, without previous, every live entry.
func (st *state) plan(n *config.Notify, live []entry, previous *Feed) (todo []entry, skipped int, baseline bool, known int) {
	cs := st.Channels[n.Name]
	if previous != nil && len(previous.IDs) > 0 && !previous.overlaps(live) {
		// Not one item in common with what is live: the feed of another
		// site, or of an old version. Trusting it would send everything.
		previous = nil
	}
	if cs == nil {
		cs = &channelState{Type: n.Type, told: map[string]bool{}}
		st.Channels[n.Name] = cs
		baseline = true
		for _, e := range live {
			if previous == nil || previous.IDs[e.id] || (previous.Full && e.at.Before(previous.Oldest)) {
				cs.told[e.id] = true
				known++
			}
		}
	}
	cs.Type = n.Type
	for _, e := range live {
		switch {
		case cs.told[e.id]:
		case !n.Follows(e.in.Scope):
			cs.told[e.id] = true
			skipped++
		default:
			todo = append(todo, e)
		}
	}
	return todo, skipped, baseline, known
}

// tell records ids as told to channel name.
func (st *state) tell(name string, ids ...string) {
	cs := st.Channels[name]
	for _, id := range ids {
		cs.told[id] = true
	}
}

// prune forgets channels that are gone from site.toml and updates that
// are gone from the site, so that the file stays small.
func (st *state) prune(site *config.Site, all []entry) {
	names := map[string]bool{}
	for _, n := range site.Notify {
		names[n.Name] = true
	}
	exists := make(map[string]bool, len(all))
	for _, e := range all {
		exists[e.id] = true
	}
	for name, cs := range st.Channels {
		if !names[name] {
			delete(st.Channels, name)
			continue
		}
		for id := range cs.told {
			if !exists[id] {
				delete(cs.told, id)
			}
		}
	}
}

// save writes the state to path whole, or not at all: a run that is
// killed leaves the last complete state.
func (st *state) save(path string) error {
	if path == "" {
		return nil
	}
	for _, cs := range st.Channels {
		cs.Told = make([]string, 0, len(cs.told))
		for id := range cs.told {
			cs.Told = append(cs.Told, id)
		}
		slices.Sort(cs.Told)
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("notify state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".notify-state-*")
	if err != nil {
		return fmt.Errorf("notify state: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("notify state: %w", err)
	}
	return nil
}

// overlaps reports whether f has any of the entries.
func (f *Feed) overlaps(entries []entry) bool {
	for _, e := range entries {
		if f.IDs[e.id] {
			return true
		}
	}
	return len(entries) == 0
}
