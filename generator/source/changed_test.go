package source

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/statuspress/statuspress/generator/diag"
)

// FuzzLoadChanged plays a sequence of edits, additions, removals (a
// rename is one of each), files that cannot be read and loads cancelled
// part way on a Loader told which files changed, and checks after each
// load that it gives what a fresh Loader reading every file gives: a
// hinted load patches the Loader's own lists in place, and a cancelled
// one must leave them as they were. Each byte of ops is one step: its
// low three bits say what, the next three which file.
func FuzzLoadChanged(f *testing.F) {
	f.Add([]byte{0, 8, 16, 6, 0, 6, 1, 6})          // edit one, remove one
	f.Add([]byte{0, 8, 6, 1, 24, 6, 3, 6})          // rename, a file too big
	f.Add([]byte{0, 8, 6, 3, 7, 6, 0, 6, 11, 2})    // cancelled loads among edits
	f.Add([]byte{0, 6, 2, 10, 6, 0, 8, 7, 6, 5, 6}) // bad files, not .md
	opts := testOptions(f)
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 64 {
			ops = ops[:64]
		}
		names := []string{"a.md", "b.md", "c.md", "d.md", "e.md", "f.md", ".hidden.md", "notes.txt"}
		fsys := fstest.MapFS{"content/incidents/.keep": {}}
		l := NewLoader(opts)
		l.Load(fsys)
		var pending []string
		for step, op := range ops {
			file := "content/incidents/" + names[int(op>>3)%len(names)]
			switch op & 7 {
			case 0, 4:
				fsys[file] = &fstest.MapFile{Data: fmt.Appendf(nil, "%s+++\nEdit %d.\n", limitsHead, step)}
			case 1:
				delete(fsys, file)
			case 2:
				fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(limitsHead, "minor", "grave", 1) + "+++\n")}
			case 3:
				fsys[file] = &fstest.MapFile{Data: []byte(limitsHead + "+++\n" + strings.Repeat("x", MaxFileSize))}
			case 5:
				// A load cancelled before it starts may still read some of
				// the files: the next load is told the same changes.
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				files, entries := slices.Clone(l.files), slices.Clone(l.entries)
				if _, _, err := l.LoadContext(ctx, fsys, pending); err == nil {
					t.Fatalf("step %d: a cancelled load gave no error", step)
				}
				if !slices.Equal(l.files, files) || !reflect.DeepEqual(l.entries, entries) {
					t.Fatalf("step %d: a cancelled load changed what the Loader holds", step)
				}
				continue
			default:
				got, gotDiags := l.LoadChanged(fsys, pending)
				pending = nil
				want, wantDiags := NewLoader(opts).Load(fsys)
				sameLoad(t, step, got, want, gotDiags, wantDiags)
				continue
			}
			pending = append(pending, file)
		}
		got, gotDiags := l.LoadChanged(fsys, pending)
		want, wantDiags := NewLoader(opts).Load(fsys)
		sameLoad(t, len(ops), got, want, gotDiags, wantDiags)
	})
}

// sameLoad fails t unless a hinted load gave what a fresh one did.
func sameLoad(t *testing.T, step int, got, want []*Incident, gotDiags, wantDiags diag.List) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("step %d: %d incidents, want %d", step, len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(*got[i], *want[i]) {
			t.Fatalf("step %d: incident %d is %s (sum %x), want %s (sum %x)", step, i, got[i].File, got[i].Sum[:4], want[i].File, want[i].Sum[:4])
		}
	}
	if g, w := fmt.Sprint(gotDiags), fmt.Sprint(wantDiags); g != w {
		t.Fatalf("step %d: problems\n%s\nwant\n%s", step, g, w)
	}
}
