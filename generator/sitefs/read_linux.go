package sitefs

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// dirFD returns the descriptor of the folder d, for reading the files
// in it with openat; -1 when there is none.
func dirFD(d *os.File) int { return int(d.Fd()) }

// readPlain reads the file name of the folder with descriptor dir in
// four system calls (openat, fstat, read, close), where an *os.File
// takes eleven. It returns ok false, having read nothing it returns,
// for anything but a plain regular file of at most limit bytes: a link
// (openat refuses to follow it), a special file (told by fstat on the
// open file; O_NONBLOCK keeps a named pipe from blocking the open), a
// missing file, an error. The caller then reads through Open, which
// says why. mod is the file's modification time in Unix nanoseconds.
func readPlain(dir int, name string, limit int64) (data []byte, mod int64, ok bool) {
	if dir < 0 || name == "" || name == "." || name == ".." || strings.IndexByte(name, '/') >= 0 {
		return nil, 0, false
	}
	var fd int
	var err error
	for {
		fd, err = syscall.Openat(dir, name, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, 0, false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size > limit {
		return nil, 0, false
	}
	// Room for the size and one byte more: a read that returns less
	// than asked has met the end of a regular file, so a file that did
	// not grow is read in one call.
	data = make([]byte, st.Size+1)
	n := 0
	for {
		m, err := syscall.Read(fd, data[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, 0, false
		}
		n += m
		switch {
		case int64(n) > limit:
			return nil, 0, false
		case m == 0 || n < len(data):
			return data[:n:n], st.Mtim.Nano(), true
		}
		data = append(data, make([]byte, max(512, len(data)))...)
	}
}

// readDirents lists the folder file (name in f) from its directory
// entries alone, without the stat of each entry that an *os.File opened
// in a Root makes: the entries' types come from the listing, and their
// Info is a stat made when asked. ok is false when file cannot be
// listed so; the caller lists it through the *os.File then.
func (f *FS) readDirents(file fs.File, name string) (list []fs.DirEntry, ok bool, err error) {
	osf, isOS := file.(*os.File)
	if !isOS {
		return nil, false, nil
	}
	rc, err := osf.SyscallConn()
	if err != nil {
		return nil, false, nil
	}
	buf := make([]byte, 32<<10)
	for {
		var n int
		var rerr error
		if err := rc.Read(func(fd uintptr) bool {
			for {
				n, rerr = syscall.ReadDirent(int(fd), buf)
				if rerr != syscall.EINTR {
					return true
				}
			}
		}); err != nil {
			return nil, false, nil
		}
		if rerr != nil {
			return list, true, &fs.PathError{Op: "readdirent", Path: f.full(name), Err: rerr}
		}
		if n <= 0 {
			return list, true, nil
		}
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return nil, false, nil
			}
			rec := b[:reclen]
			b = b[reclen:]
			ino := binary.NativeEndian.Uint64(rec[0:8])
			base := rec[19:]
			if i := bytes.IndexByte(base, 0); i >= 0 {
				base = base[:i]
			}
			if ino == 0 || string(base) == "." || string(base) == ".." {
				continue
			}
			e := &dirent{f: f, name: string(base), dir: name}
			switch rec[18] {
			case syscall.DT_REG:
			case syscall.DT_DIR:
				e.typ = fs.ModeDir
			case syscall.DT_LNK:
				e.typ = fs.ModeSymlink
			case syscall.DT_FIFO:
				e.typ = fs.ModeNamedPipe
			case syscall.DT_SOCK:
				e.typ = fs.ModeSocket
			case syscall.DT_CHR:
				e.typ = fs.ModeDevice | fs.ModeCharDevice
			case syscall.DT_BLK:
				e.typ = fs.ModeDevice
			default:
				// The file system does not say: ask it.
				info, err := e.Info()
				if err != nil {
					continue // gone since it was listed
				}
				e.typ = info.Mode().Type()
			}
			list = append(list, e)
		}
	}
}
