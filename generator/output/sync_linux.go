package output

import (
	"io/fs"
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

// writeFile writes data to a new file, synced to disk when sync is set.
// It calls the system directly: an os.File would also ask the poller to
// watch the file (a call that fails for a regular file), one more system
// call for each of the 100,000 files of a first build.
func writeFile(name string, data []byte, sync bool) error {
	fd, err := unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	op := "write"
	for len(data) > 0 {
		n, werr := unix.Write(fd, data)
		if werr == unix.EINTR {
			continue
		}
		if werr != nil {
			err = werr
			break
		}
		data = data[n:]
	}
	if err == nil && sync {
		op, err = "sync", unix.Fsync(fd)
	}
	if cerr := unix.Close(fd); err == nil && cerr != nil {
		op, err = "close", cerr
	}
	if err != nil {
		os.Remove(name)
		return &fs.PathError{Op: op, Path: name, Err: err}
	}
	return nil
}
