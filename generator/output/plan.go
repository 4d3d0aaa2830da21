package output

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// plan is what a publish will do: the paths of the set to write (or, for
// those on disk, to compare first) and the paths to remove.
type plan struct {
	todo   []string            // paths of the set that may need writing, sorted
	onDisk map[string]struct{} // of todo, those to read back and compare first
	stale  []string            // paths to remove, sorted
	// unchanged counts the paths of the set known to be unchanged without
	// looking.
	unchanged int
	// isStale holds stale, to find a path that turns from a file into a
	// folder or back.
	isStale map[string]bool
	// newManifest says whether paths come or go, so that the manifest
	// changes.
	newManifest bool
	// owned calls yield with every path published before.
	owned func(yield func(string))
}

// planDelta plans publishing set over prev, the set this process last
// published, which stands for the folder: only paths whose bytes differ
// are written.
func planDelta(set, prev Set) *plan {
	p := &plan{isStale: map[string]bool{}}
	found := 0 // paths of set that prev has
	for name, data := range set {
		old, ok := prev[name]
		if ok {
			found++
		}
		if ok && sameBytes(old, data) {
			p.unchanged++
		} else {
			p.todo = append(p.todo, name)
		}
	}
	if found < len(prev) {
		for name := range prev {
			if _, keep := set[name]; !keep {
				p.stale = append(p.stale, name)
				p.isStale[name] = true
			}
		}
	}
	p.newManifest = found < len(prev) || found < len(set)
	p.owned = func(yield func(string)) {
		for name := range prev {
			yield(name)
		}
	}
	sort.Strings(p.todo)
	sort.Strings(p.stale)
	return p
}

// planFull plans publishing set into a folder holding existing, of which
// an earlier publish wrote owned: every path of set is compared with the
// disk, and owned paths not in set are removed.
func planFull(set Set, existing, owned map[string]struct{}) *plan {
	p := &plan{todo: set.Paths(), onDisk: existing, isStale: map[string]bool{}}
	for name := range owned {
		if _, keep := set[name]; !keep {
			p.stale = append(p.stale, name)
			p.isStale[name] = true
		}
	}
	sort.Strings(p.stale)
	p.newManifest = len(p.stale) > 0 || len(owned) != len(set)
	if !p.newManifest {
		for name := range set {
			if _, ok := owned[name]; !ok {
				p.newManifest = true
				break
			}
		}
	}
	p.owned = func(yield func(string)) {
		for name := range owned {
			yield(name)
		}
	}
	return p
}

// clear returns the stale paths that must go before name can be renamed
// into place: a file where name needs a folder, or files inside a folder
// where name is to be a file. Only such paths are staged at the top of the
// folder, since their own folder may not exist yet.
func (p *plan) clear(name string) []string {
	if len(p.stale) == 0 {
		return nil
	}
	var out []string
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if p.isStale[d] {
			out = append(out, d)
		}
	}
	prefix := name + "/"
	i := sort.SearchStrings(p.stale, prefix)
	for ; i < len(p.stale) && strings.HasPrefix(p.stale[i], prefix); i++ {
		out = append(out, p.stale[i])
	}
	return out
}

// removes returns the stale paths that no rename clears first.
func (p *plan) removes(renames []rename) []string {
	cleared := map[string]bool{}
	for _, r := range renames {
		for _, c := range r.Clear {
			cleared[c] = true
		}
	}
	if len(cleared) == 0 {
		return p.stale
	}
	out := make([]string, 0, len(p.stale))
	for _, s := range p.stale {
		if !cleared[s] {
			out = append(out, s)
		}
	}
	return out
}

// handful is how many protected pages a publish may always remove.
const handful = 5

// RemovalError is the refusal of a publish that would remove most of the
// protected pages (Options.Protect) published before.
type RemovalError struct {
	Removed, Published int
	Examples           []string // a few of the paths, sorted
}

func (e *RemovalError) Error() string {
	return fmt.Sprintf("publish: this build would remove %d of the %d incident pages published before (%s)",
		e.Removed, e.Published, strings.Join(e.Examples, ", "))
}

// guard refuses a plan that removes most pages matching pattern.
func (p *plan) guard(pattern string) error {
	if pattern == "" {
		return nil
	}
	var removed []string
	for _, name := range p.stale {
		if ok, _ := path.Match(pattern, name); ok {
			removed = append(removed, name)
		}
	}
	if len(removed) <= handful {
		return nil
	}
	published := 0
	p.owned(func(name string) {
		if ok, _ := path.Match(pattern, name); ok {
			published++
		}
	})
	if 2*len(removed) <= published {
		return nil
	}
	examples := removed[:min(3, len(removed))]
	if len(removed) > len(examples) {
		examples = append(examples[:len(examples):len(examples)], "…")
	}
	return &RemovalError{Removed: len(removed), Published: published, Examples: examples}
}

// order sorts renames so that a page is in place before the files that
// link to it: assets, then incident pages, then the other pages (per
// component, history), then the API, feeds and badges, then the home
// page, and the manifest last.
func order(renames []rename) []rename {
	rank := func(name string) int {
		top, _, nested := strings.Cut(name, "/")
		switch {
		case name == Manifest:
			return 5
		case name == "index.html":
			return 4
		case !nested || top == "api":
			return 3
		case top == "assets":
			return 0
		case top == "incidents":
			return 1
		}
		return 2
	}
	sort.Slice(renames, func(i, j int) bool {
		ri, rj := rank(renames[i].Name), rank(renames[j].Name)
		return ri < rj || (ri == rj && renames[i].Name < renames[j].Name)
	})
	return renames
}
