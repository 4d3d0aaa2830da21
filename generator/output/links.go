package output

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// LinkError is a symbolic link in the output folder where a publish would
// write or remove a file below it. Writing through it would put files
// outside the folder, and removing a file listed in the manifest would
// delete one there: an output folder committed to a repository, or made
// by a pull request, may hold such a link.
type LinkError struct {
	Dir, Link, Target string // Link is a slash path in Dir
}

func (e *LinkError) Error() string {
	return fmt.Sprintf("%s is a symbolic link (to %s): statuspress writes and removes nothing through a link in the output folder, so that no file outside it changes; remove the link and build again", filepath.Join(e.Dir, filepath.FromSlash(e.Link)), e.Target)
}

// checkFolders returns a *LinkError when a folder above any of names (slash
// paths in dir) is a symbolic link. The last part of a name may be a link:
// a rename replaces it and a removal removes the link itself.
func checkFolders(dir string, names ...[]string) error {
	seen := map[string]bool{".": true}
	for _, list := range names {
		for _, name := range list {
			if err := checkFolder(dir, path.Dir(name), seen); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkFolder(dir, folder string, seen map[string]bool) error {
	if seen[folder] {
		return nil
	}
	if err := checkFolder(dir, path.Dir(folder), seen); err != nil {
		return err
	}
	seen[folder] = true
	full := filepath.Join(dir, filepath.FromSlash(folder))
	// Missing, or below a file: staging makes the folder or names the file.
	if fi, err := os.Lstat(full); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(full)
		return &LinkError{Dir: dir, Link: folder, Target: target}
	}
	return nil
}
