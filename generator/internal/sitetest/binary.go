package sitetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// Binary builds cmd/statuspress for tests that run the real program (to
// send it signals or kill it), once per test binary, and returns a
// function that removes it, for TestMain to call after the tests.
type Binary struct {
	build func() (string, error)
}

// NewBinary returns a Binary that builds on first use into a folder
// named after prefix.
func NewBinary(prefix string) *Binary {
	return &Binary{build: sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", prefix)
		if err != nil {
			return "", err
		}
		bin := filepath.Join(dir, "statuspress")
		out, err := exec.Command("go", "build", "-o", bin, "github.com/statuspress/statuspress/cmd/statuspress").CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("go build: %v\n%s", err, out)
		}
		return bin, nil
	})}
}

// Path builds the program if it is not built yet and returns its path.
func (b *Binary) Path() (string, error) { return b.build() }

// Remove deletes the built program, if it was built.
func (b *Binary) Remove() {
	if bin, err := b.build(); err == nil {
		os.RemoveAll(filepath.Dir(bin))
	}
}
