package watch

import (
	"os"
	"path/filepath"
	"strings"
)

// watchGit finds the index lock of the git repository the source folder
// is in and watches the folder it appears in. Outside a repository, or
// when that folder cannot be watched, batches are never held.
func (l *loop) watchGit() {
	dir := gitDir(l.src)
	if dir == "" || l.fw.Add(dir) != nil {
		return
	}
	// Watched first, then looked at: a lock made in between is seen.
	l.lock = filepath.Join(dir, "index.lock")
	l.locked = l.lockExists()
}

func (l *loop) lockExists() bool {
	_, err := os.Lstat(l.lock)
	return err == nil
}

// gitDir returns the git folder of the repository that holds dir, found
// as git finds it: the first .git in dir or a parent, either a folder or,
// in a linked worktree or a submodule, a file saying "gitdir: path". It
// returns "" when there is none.
func gitDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(abs, ".git")
		if st, err := os.Stat(p); err == nil {
			if st.IsDir() {
				return p
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return ""
			}
			gd, ok := strings.CutPrefix(string(data), "gitdir:")
			if !ok {
				return ""
			}
			gd = strings.TrimSpace(gd)
			if !filepath.IsAbs(gd) {
				gd = filepath.Join(abs, gd)
			}
			return filepath.Clean(gd)
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}
