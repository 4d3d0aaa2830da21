package cache

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestReadCorrupt: an entry cut short, with a byte changed, of another
// key, or not there reads as an error and gives nothing.
func TestReadCorrupt(t *testing.T) {
	d, err := Open(t.TempDir(), "site", "public")
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("incident "), 1000)
	write := func(w io.Writer) error { _, err := w.Write(data); return err }
	if err := d.Write("x", "k1", write); err != nil {
		t.Fatal(err)
	}
	read := func(key string) ([]byte, error) {
		var got []byte
		err := d.Read("x", key, func(r io.Reader) error {
			var err error
			got, err = io.ReadAll(r)
			return err
		})
		return got, err
	}
	if got, err := read("k1"); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	if _, err := read("k2"); err == nil {
		t.Error("an entry of another key was read")
	}
	file := filepath.Join(d.Path(), "x")
	whole, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{
		whole[:len(whole)-1],
		whole[:len(whole)/2],
		append(bytes.Clone(whole[:len(whole)/2]), append([]byte{whole[len(whole)/2] ^ 1}, whole[len(whole)/2+1:]...)...),
		append(bytes.Clone(whole), 0),
		{},
	} {
		if err := os.WriteFile(file, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := read("k1"); err == nil {
			t.Errorf("a corrupt entry of %d bytes (of %d) was read", len(bad), len(whole))
		}
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if _, err := read("k1"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing entry: %v", err)
	}
	var none *Dir
	if err := none.Write("x", "k1", write); err != nil {
		t.Error(err)
	}
	if err := none.Read("x", "k1", func(io.Reader) error { return nil }); err == nil {
		t.Error("a nil Dir read an entry")
	}
}

// TestTrim: a write keeps the root under its limit by removing other
// sites' folders, the least recently written first, never its own.
func TestTrim(t *testing.T) {
	root := t.TempDir()
	data := bytes.Repeat([]byte{'x'}, 1000)
	write := func(w io.Writer) error { _, err := w.Write(data); return err }
	var dirs []*Dir
	for i, site := range []string{"a", "b", "c"} {
		d, err := Open(root, site, "public")
		if err != nil {
			t.Fatal(err)
		}
		d.Limit = 2500
		if err := d.Write("x", "k", write); err != nil {
			t.Fatal(err)
		}
		old := time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)
		if err := os.Chtimes(d.Path(), old, old); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	// The third write went over 2,500 bytes: the oldest site went.
	for i, want := range []bool{false, true, true} {
		if _, err := os.Stat(dirs[i].Path()); (err == nil) != want {
			t.Errorf("site %d kept %v, want %v", i, err == nil, want)
		}
	}
}
