//go:build !linux

package sitefs

import (
	"io/fs"
	"os"
)

func dirFD(*os.File) int { return -1 }

// readPlain always leaves the reading to Open where openat is not at
// hand.
func readPlain(int, string, int64) ([]byte, int64, bool) { return nil, 0, false }

// readDirents leaves the listing to the *os.File.
func (f *FS) readDirents(fs.File, string) ([]fs.DirEntry, bool, error) { return nil, false, nil }
