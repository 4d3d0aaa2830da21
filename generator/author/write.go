package author

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write puts the change on disk atomically: the bytes go to a temporary
// file in the same folder, which then takes the file's name, so a reader
// (a watching build, git) sees the old file or the new one, never a part.
// A new file never replaces an existing one, and an edited file is not
// replaced if it changed on disk since it was read.
func (c *Change) Write() error {
	dir := filepath.Dir(c.Path)
	mode := fs.FileMode(0o644)
	if c.create {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("author: %w", err)
		}
	} else {
		st, err := os.Stat(c.Path)
		if err != nil {
			return fmt.Errorf("author: %w", err)
		}
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(c.Path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("author: %w", err)
	}
	name := tmp.Name()
	defer os.Remove(name) // after a rename or a link there is nothing left to remove
	_, err = tmp.Write(c.Data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, mode)
	}
	if err != nil {
		return fmt.Errorf("author: writing %s: %w", c.File, err)
	}
	if c.create {
		return c.link(name)
	}
	now, err := os.ReadFile(c.Path)
	if err != nil {
		return fmt.Errorf("author: %w", err)
	}
	if !bytes.Equal(now, c.old) {
		return fmt.Errorf("%s changed while the update was being prepared; nothing was written, run the command again", c.File)
	}
	if err := os.Rename(name, c.Path); err != nil {
		return fmt.Errorf("author: %w", err)
	}
	return nil
}

// link gives the temporary file the new name without ever replacing a
// file: a hard link fails when the name exists. File systems without hard
// links fall back to a check and a rename.
func (c *Change) link(tmp string) error {
	err := os.Link(tmp, c.Path)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; nothing was written", c.File)
	}
	if _, serr := os.Lstat(c.Path); serr == nil {
		return fmt.Errorf("%s already exists; nothing was written", c.File)
	}
	if err := os.Rename(tmp, c.Path); err != nil {
		return fmt.Errorf("author: %w", err)
	}
	return nil
}
