//go:build !linux

package output

import (
	"errors"
	"os"
)

// wideSync says that there is no syncFS here: each staged file and each
// folder is synced on its own.
const wideSync = false

func syncFS(string) error { return nil }

// writeFile writes data to a new file, synced to disk when sync is set.
func writeFile(name string, data []byte, sync bool) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	var serr error
	if sync {
		serr = f.Sync()
	}
	if err := errors.Join(werr, serr, f.Close()); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}
