// Package overlay layers file systems: a site's own theme over the
// built-in one, file by file.
package overlay

import (
	"errors"
	"io/fs"
	"sort"
)

// FS looks a name up in each layer in turn; directory listings merge.
// Only a name a layer does not have falls through to the next: any other
// error (a refused link in the site's theme) is returned, so the
// built-in file of the same name never hides it.
type FS []fs.FS

// Open opens name from the first layer that has it.
func (o FS) Open(name string) (fs.File, error) {
	var firstErr error
	for _, layer := range o {
		f, err := layer.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return nil, firstErr
}

// ReadDir merges the listings of every layer; upper layers win.
func (o FS) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	found := false
	for _, layer := range o {
		entries, err := fs.ReadDir(layer, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		found = true
		for _, e := range entries {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// ReadFile reads name from the first layer that has it.
func (o FS) ReadFile(name string) ([]byte, error) {
	var firstErr error
	for _, layer := range o {
		data, err := fs.ReadFile(layer, name)
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}
