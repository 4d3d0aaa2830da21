package output

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// diff compares the sorted paths published before with those of the new
// site: it returns those to remove, and whether any path is new.
func diff(owned, names []string) (stale []string, added bool) {
	if len(owned) == len(names) && (len(names) == 0 || &owned[0] == &names[0]) {
		return nil, false // the very same list: nothing came or went
	}
	i := 0
	for _, name := range names {
		for ; i < len(owned) && owned[i] < name; i++ {
			stale = append(stale, owned[i])
		}
		if i < len(owned) && owned[i] == name {
			i++
		} else {
			added = true
		}
	}
	return append(stale, owned[i:]...), added
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

// guard refuses to remove stale when that is most of the pages matching
// pattern of those published before (owned).
func guard(pattern string, stale, owned []string) error {
	if pattern == "" {
		return nil
	}
	var removed []string
	for _, name := range stale {
		if ok, _ := path.Match(pattern, name); ok {
			removed = append(removed, name)
		}
	}
	if len(removed) <= handful {
		return nil
	}
	published := 0
	for _, name := range owned {
		if ok, _ := path.Match(pattern, name); ok {
			published++
		}
	}
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
// page, and the manifest last. A folder renamed whole goes with the files
// it holds.
func order(renames []rename) []rename {
	rank := func(r rename) int {
		top, _, nested := strings.Cut(r.Name, "/")
		switch {
		case r.Name == Manifest:
			return 5
		case r.Name == "index.html":
			return 4
		case top == "assets":
			return 0
		case top == "incidents":
			return 1
		case top == "api" || !nested && !r.dir:
			return 3
		}
		return 2
	}
	sort.Slice(renames, func(i, j int) bool {
		ri, rj := rank(renames[i]), rank(renames[j])
		return ri < rj || (ri == rj && renames[i].Name < renames[j].Name)
	})
	return renames
}
