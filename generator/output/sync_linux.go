package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// wideSync says that syncFS makes a whole file system durable at once:
// cheaper than one fsync per file for the thousands a cold build stages.
const wideSync = true

// syncFS writes to disk everything cached for the file system holding dir.
func syncFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
