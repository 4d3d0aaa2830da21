package output

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Commit makes the folder hold exactly the files names (sorted, every
// file of the site; those not staged are on disk already): it writes the
// manifest when paths come or go, then the journal, then renames the
// staged files into place and removes the files of the last site that
// names lacks. When ctx is done before the journal, or the publish is
// refused (Options.Protect) or fails, it discards what was staged and
// leaves the folder as it was; once the renames have begun, they finish.
func (s *Staging) Commit(ctx context.Context, names []string) (Stats, error) {
	j, st, err := s.plan(ctx, names)
	if err == nil {
		err = ctx.Err() // the last look before the folder changes
	}
	if err != nil {
		s.Discard()
		return st, err
	}
	if j == nil {
		return st, nil
	}
	if err := j.write(s.dir); err != nil {
		s.Discard()
		return st, fmt.Errorf("publish: %w", err)
	}
	if err := j.apply(s.dir); err != nil {
		return st, fmt.Errorf("publish: %w (the next build finishes the job)", err)
	}
	return st, nil
}

// plan returns the journal of what Commit does, having staged the
// manifest, or nil when there is nothing to do.
func (s *Staging) plan(ctx context.Context, names []string) (*journal, Stats, error) {
	st := Stats{Written: s.written, Unchanged: len(names) - s.written}
	stale, added := diff(s.owned, names)
	st.Removed = len(stale)
	if !s.opts.Force {
		if err := guard(s.opts.Protect, stale, s.owned); err != nil {
			return nil, st, err
		}
	}
	cleared := map[string]bool{}
	for _, r := range s.renames {
		for _, c := range r.Clear {
			if _, keep := slices.BinarySearch(names, c); keep {
				return nil, st, fmt.Errorf("publish: the site has both a file and a folder at %s", c)
			}
			cleared[c] = true
		}
	}
	if err := checkFolders(s.dir, stale); err != nil {
		return nil, st, fmt.Errorf("publish: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, st, err
	}
	// The manifest is rewritten only when paths come or go: a rebuild
	// that changes a page leaves it as it is, so hosts that upload what
	// changed see nothing new in it. (Whether another process wrote into
	// the folder shows in the folder's own time: every publish that
	// changes anything adds and removes its journal there.)
	if len(stale) > 0 || added {
		r, err := stageFile(s.dir, ".", Manifest, manifestBytes(names), !wideSync)
		if err != nil {
			return nil, st, fmt.Errorf("publish: %w", err)
		}
		s.renames = append(s.renames, r)
	}
	if len(s.renames) == 0 && len(stale) == 0 {
		s.Discard() // an empty staged tree, at most
		return nil, st, nil
	}
	if !wideSync {
		// Without a sync of the whole file system, each staged folder is
		// synced, so that the journal never names a file not on disk.
		for d := range s.staged {
			if err := syncDir(filepath.Join(s.dir, s.root, filepath.FromSlash(d))); err != nil {
				return nil, st, fmt.Errorf("publish: %w", err)
			}
		}
	}
	removes := stale
	if len(cleared) > 0 {
		removes = slices.DeleteFunc(slices.Clone(stale), func(n string) bool { return cleared[n] })
	}
	return &journal{Renames: order(s.renames), Removes: removes}, st, nil
}

// Discard removes what was staged. The folder is as it was before Stage.
func (s *Staging) Discard() {
	for _, r := range s.renames {
		if !r.dir {
			_ = os.Remove(filepath.Join(s.dir, filepath.FromSlash(r.Tmp)))
		}
	}
	if s.root != "" {
		_ = os.RemoveAll(filepath.Join(s.dir, s.root))
	}
	s.renames, s.root, s.tops, s.staged, s.last, s.written = nil, "", nil, nil, "", 0
}
