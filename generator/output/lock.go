package output

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockFile is the file in the output folder that a build holds locked
// while it builds there, so that two builds never write one folder at
// once. It holds the PID and command of the process holding it.
const LockFile = ".statuspress-lock"

// LockOptions say how to wait for an output folder another process is
// building into.
type LockOptions struct {
	// Wait is how long to wait for the other build to end; 0 fails at
	// once.
	Wait time.Duration
	// Waiting, when not nil, is called once when another process holds
	// the lock, with what it wrote there ("PID 4242 (statuspress build)").
	Waiting func(holder string)
	// Holder says what this process is, for others that wait: written
	// after its PID.
	Holder string
}

// Lock is a held lock on an output folder.
type Lock struct {
	f    *os.File
	name string
	// made is the topmost folder LockDir made for dir, or "".
	made, dir string
	// Stale is what a process that ended without unlocking (it was
	// killed) left in the lock file, or "": its build may have stopped
	// half way, which the next publish completes.
	Stale string
}

// pollEvery is how often a waiting build tries the lock again.
const pollEvery = 50 * time.Millisecond

// LockDir locks the output folder dir, making it first if needed. When
// another process holds it, LockDir waits up to opts.Wait, then fails
// saying which process holds it; it stops waiting when ctx is done. A lock
// held by a process that was killed is free: the system releases it.
func LockDir(ctx context.Context, dir string, opts LockOptions) (*Lock, error) {
	made := ""
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		made = d
	}
	name := filepath.Join(dir, LockFile)
	f, err := openLock(dir, name)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(opts.Wait)
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		if ok && !lockedGone(f, name) {
			break
		}
		if ok {
			// The holder removed the file (see Abandon) before it let go:
			// lock the one now there.
			f.Close()
			if f, err = openLock(dir, name); err != nil {
				return nil, err
			}
			continue
		}
		holder := readHolder(name)
		if time.Now().After(deadline) {
			f.Close()
			waited := ""
			if opts.Wait > 0 {
				waited = fmt.Sprintf(" (waited %s)", opts.Wait)
			}
			return nil, fmt.Errorf("the output folder %s is in use by %s, another build or watch writing there%s: let it end or stop it, then build again", dir, holder, waited)
		}
		if !told && opts.Waiting != nil {
			opts.Waiting(holder)
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(pollEvery):
		}
	}
	l := &Lock{f: f, name: name, made: made, dir: dir}
	old, _ := io.ReadAll(f)
	l.Stale = strings.TrimSpace(string(old))
	me := fmt.Sprintf("PID %d", os.Getpid())
	if opts.Holder != "" {
		me += " (" + opts.Holder + ")"
	}
	_, err = f.WriteAt([]byte(me+"\n"), 0)
	if err == nil {
		err = f.Truncate(int64(len(me) + 1))
	}
	if err != nil {
		l.Unlock()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	return l, nil
}

func readHolder(name string) string {
	data, _ := os.ReadFile(name)
	if s := strings.TrimSpace(string(data)); s != "" {
		return s
	}
	return "another process"
}

// openLock opens the lock file name of dir, making both if needed.
func openLock(dir, name string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	// The lock file is written and emptied: a link there (an output
	// folder in a repository may hold one) would have it empty any file
	// the build may write.
	if fi, err := os.Lstat(name); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("lock: %s is not a regular file (a symbolic link or a folder): statuspress writes it, so remove it and build again", name)
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	return f, nil
}

// lockedGone reports whether f, just locked, is no longer the file at
// name.
func lockedGone(f *os.File, name string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Lstat(name)
	return err1 != nil || err2 != nil || !os.SameFile(a, b)
}

// Abandon releases the lock of a build that published nothing. When
// LockDir made the output folder, it removes the lock file and the
// folders it made, if nothing else is in them: a failed first build
// leaves no trace. Otherwise it is Unlock.
func (l *Lock) Abandon() error {
	if l == nil || l.f == nil || l.made == "" {
		return l.Unlock()
	}
	// Removed while held: a process waiting meanwhile finds it gone once
	// it has the lock, and locks the new file instead.
	err := os.Remove(l.name)
	err = errors.Join(err, unlock(l.f), l.f.Close())
	l.f = nil
	for d := filepath.Clean(l.dir); ; d = filepath.Dir(d) {
		if os.Remove(d) != nil || d == l.made {
			break
		}
	}
	return err
}

// Unlock empties the lock file (an empty file is a clean end) and
// releases it.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Truncate(0)
	err = errors.Join(err, unlock(l.f), l.f.Close())
	l.f = nil
	return err
}
