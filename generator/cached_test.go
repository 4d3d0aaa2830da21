package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/statuspress/statuspress/generator/cache"
	"github.com/statuspress/statuspress/generator/internal/sitetest"
	"github.com/statuspress/statuspress/themes"
)

// sameFolders fails unless got holds the files of want, byte for byte.
func sameFolders(t *testing.T, what, got, want string) {
	t.Helper()
	g, w := sitetest.Tree(t, got), sitetest.Tree(t, want)
	for name, data := range w {
		if !bytes.Equal(g[name], data) {
			t.Fatalf("%s: %s differs from a build without the cache", what, name)
		}
	}
	if len(g) != len(w) {
		t.Fatalf("%s: %d files, a build without the cache %d", what, len(g), len(w))
	}
}

// TestCacheMatchesClean builds a site in one process and again in
// "another" (a new Builder) with the cache, an hour later and with one
// file edited: only that file is parsed, only a few outputs are made, and
// the output folder holds what a build without the cache makes. So it
// does after the folder was removed, and after another build without the
// cache wrote there. Damaged entries are ignored: everything is parsed
// and made again, with the same result.
func TestCacheMatchesClean(t *testing.T) {
	src, tmp := t.TempDir(), t.TempDir()
	sitetest.Synthetic(t, src, 300)
	root := filepath.Join(tmp, "cache")
	opts := Options{Source: src, Dest: filepath.Join(tmp, "public"), Now: sitetest.Now(), Theme: themes.Builtin(), Cache: root}
	first, err := NewBuilder(opts).Build(t.Context())
	must(t, err)
	if first.Parsed != 300 {
		t.Fatalf("the first build parsed %d files, want 300", first.Parsed)
	}
	entries, err := os.ReadDir(filepath.Join(src, "content", "incidents"))
	must(t, err)
	file := filepath.Join(src, "content", "incidents", entries[120].Name())
	data, err := os.ReadFile(file)
	must(t, err)
	must(t, os.WriteFile(file, append(data, "\nMore detail.\n"...), 0o644))

	clean := func(now time.Time) string {
		o := opts
		o.Cache, o.Dest, o.Now = "", filepath.Join(t.TempDir(), "public"), now
		_, err := NewBuilder(o).Build(t.Context())
		must(t, err)
		return o.Dest
	}
	opts.Now = opts.Now.Add(time.Hour)
	b2 := NewBuilder(opts)
	again, err := b2.Build(t.Context())
	must(t, err)
	if again.Parsed != 1 {
		t.Errorf("a build in a new process after one edit parsed %d files, want 1", again.Parsed)
	}
	// The edited incident's pages (its own, its history page, its
	// components') and what moves with the clock while an incident is
	// open (the home page, uptime, the build time): not the whole site.
	if again.Stats.Written == 0 || again.Stats.Written*10 > again.Files || len(b2.engine.Made)*10 > again.Files {
		t.Errorf("a build in a new process after one edit wrote %d files of %d, made %v", again.Stats.Written, again.Files, b2.engine.Made)
	}
	sameFolders(t, "with the cache", opts.Dest, clean(opts.Now))

	// A folder removed behind the cache's back is built whole again.
	must(t, os.RemoveAll(opts.Dest))
	_, err = NewBuilder(opts).Build(t.Context())
	must(t, err)
	sameFolders(t, "after the output folder was removed", opts.Dest, clean(opts.Now))

	// Another build into the folder, without the cache (an older
	// binary, another clock): the cache's record of the folder no longer
	// holds, so the folder is read back.
	other := opts
	other.Cache, other.Now = "", opts.Now.Add(-30*24*time.Hour)
	_, err = NewBuilder(other).Build(t.Context())
	must(t, err)
	_, err = NewBuilder(opts).Build(t.Context())
	must(t, err)
	sameFolders(t, "after another build into the folder", opts.Dest, clean(opts.Now))

	d, err := cache.Open(root, opts.Source, opts.DestDir())
	must(t, err)
	for _, entry := range []string{incidentsEntry, engineEntry} {
		damaged := filepath.Join(d.Path(), entry)
		whole, err := os.ReadFile(damaged)
		must(t, err)
		whole[len(whole)/2] ^= 0x20
		must(t, os.WriteFile(damaged, whole, 0o600))
	}
	opts.Now = opts.Now.Add(24 * time.Hour)
	b := NewBuilder(opts)
	res, err := b.Build(t.Context())
	must(t, err)
	if res.Parsed != 300 || len(b.engine.Made) != res.Files {
		t.Errorf("with a damaged cache a build parsed %d files of 300 and made %d of %d", res.Parsed, len(b.engine.Made), res.Files)
	}
	sameFolders(t, "with a damaged cache", opts.Dest, clean(opts.Now))
}

// TestCacheEngineDamaged: the engine's records are read straight from
// the cache file, so they are whole and well formed before the checksum
// at its end says whether they are good. An entry with a changed hash in
// its last record (well formed, but not what was saved) or cut short is
// not taken: every output is made again and the folder holds what a
// build without the cache makes, while the incidents still come from
// theirs.
func TestCacheEngineDamaged(t *testing.T) {
	src, tmp := t.TempDir(), t.TempDir()
	sitetest.Synthetic(t, src, 60)
	root := filepath.Join(tmp, "cache")
	opts := Options{Source: src, Dest: filepath.Join(tmp, "public"), Now: sitetest.Now(), Theme: themes.Builtin(), Cache: root}
	_, err := NewBuilder(opts).Build(t.Context())
	must(t, err)
	d, err := cache.Open(root, opts.Source, opts.DestDir())
	must(t, err)
	entry := filepath.Join(d.Path(), engineEntry)
	whole, err := os.ReadFile(entry)
	must(t, err)
	clean := opts
	clean.Cache, clean.Dest = "", filepath.Join(t.TempDir(), "public")
	_, err = NewBuilder(clean).Build(t.Context())
	must(t, err)

	changed := bytes.Clone(whole)
	// The last record ends with its Deps hash (32 bytes), its bytes'
	// hash (32) and their size (a uvarint of at most 3 bytes), then the
	// 4-byte checksum: 55 bytes from the end is in the Deps hash.
	changed[len(changed)-55] ^= 0x01
	for what, data := range map[string][]byte{"a changed hash": changed, "cut short": whole[:len(whole)*2/3]} {
		must(t, os.WriteFile(entry, data, 0o600))
		b := NewBuilder(opts)
		res, err := b.Build(t.Context())
		must(t, err)
		if res.Parsed != 0 || len(b.engine.Made) != res.Files {
			t.Errorf("engine entry %s: a build parsed %d files and made %d of %d, want 0 and all", what, res.Parsed, len(b.engine.Made), res.Files)
		}
		sameFolders(t, "engine entry "+what, opts.Dest, clean.Dest)
	}
	must(t, os.WriteFile(entry, whole, 0o600))
	b := NewBuilder(opts)
	res, err := b.Build(t.Context())
	must(t, err)
	if len(b.engine.Made) != 0 || res.Stats.Written != 0 {
		t.Errorf("with the engine entry as saved a build made %d outputs and wrote %d files, want none", len(b.engine.Made), res.Stats.Written)
	}
}

// TestCached: Cached tells a build whose cache holds the records of an
// earlier build into the same folder, and nothing else.
func TestCached(t *testing.T) {
	src, tmp := t.TempDir(), t.TempDir()
	sitetest.Synthetic(t, src, 5)
	opts := Options{Source: src, Dest: filepath.Join(tmp, "public"), Now: sitetest.Now(), Theme: themes.Builtin(), Cache: filepath.Join(tmp, "cache")}
	if Cached(opts) {
		t.Error("Cached before any build")
	}
	_, err := Build(t.Context(), opts)
	must(t, err)
	if !Cached(opts) {
		t.Error("not Cached after a build")
	}
	other := opts
	other.Dest = filepath.Join(tmp, "elsewhere")
	if Cached(other) {
		t.Error("Cached for another output folder")
	}
	other = opts
	other.Cache = ""
	if Cached(other) {
		t.Error("Cached without a cache")
	}
}

// TestSaveLater: with Options.SaveLater a Build writes nothing into the
// cache, and SaveCache writes what the last good build left: a build in
// a new process then parses nothing and makes nothing.
func TestSaveLater(t *testing.T) {
	src, tmp := t.TempDir(), t.TempDir()
	sitetest.Synthetic(t, src, 100)
	opts := Options{Source: src, Dest: filepath.Join(tmp, "public"), Now: sitetest.Now(), Theme: themes.Builtin(), Cache: filepath.Join(tmp, "cache")}
	later := opts
	later.SaveLater = true
	watch := NewBuilder(later)
	_, err := watch.Build(t.Context())
	must(t, err)
	editAndBuild(t, watch, src, 40)

	d, err := cache.Open(opts.Cache, opts.Source, opts.DestDir())
	must(t, err)
	for _, entry := range []string{incidentsEntry, engineEntry} {
		if d.Has(entry) {
			t.Errorf("the cache holds %s before SaveCache", entry)
		}
	}
	watch.SaveCache()
	b := NewBuilder(opts)
	res, err := b.Build(t.Context())
	must(t, err)
	if res.Parsed != 0 || len(b.engine.Made) != 0 {
		t.Errorf("after SaveCache a new process parsed %d files and made %v", res.Parsed, b.engine.Made)
	}
}

// TestSaveAfterFailedBuild: a watch's build that fails after another
// theme came in (a new epoch) leaves what the last good build left for
// the cache as it was, so that saving it then, as the watch does once
// builds pause, writes the records of the folder that build published;
// a build in a new process then removes what the site no longer has.
func TestSaveAfterFailedBuild(t *testing.T) {
	src, tmp := t.TempDir(), t.TempDir()
	sitetest.Synthetic(t, src, 30)
	theme := builtinCopy(t)
	good := theme["templates/404.html"].Data
	opts := Options{Source: src, Dest: filepath.Join(tmp, "public"), Now: sitetest.Now(), Theme: theme, Cache: filepath.Join(tmp, "cache")}
	later := opts
	later.SaveLater = true
	watch := NewBuilder(later)
	_, err := watch.Build(t.Context())
	must(t, err)
	watch.SaveCache()
	entries := editAndBuild(t, watch, src, 3) // good; not saved yet
	marks := statMarks([]string{opts.Dest, filepath.Join(opts.Dest, "generated.json")})
	theme["templates/404.html"] = &fstest.MapFile{Data: []byte("{{ broken")}
	watch.Changed([]string{})
	if _, err := watch.Build(t.Context()); err == nil {
		t.Fatal("a broken template built")
	}
	// Whether the failed run moved the folder's time depends on which of
	// its outputs were staged before it stopped: as if none was.
	must(t, os.Chtimes(opts.Dest, marks[0].ModTime(), marks[0].ModTime()))
	watch.SaveCache()
	theme["templates/404.html"] = &fstest.MapFile{Data: good}
	must(t, os.Remove(filepath.Join(src, "content", "incidents", entries[5].Name())))
	_, err = NewBuilder(opts).Build(t.Context())
	must(t, err)
	clean := opts
	clean.Cache, clean.Dest = "", filepath.Join(tmp, "clean")
	_, err = NewBuilder(clean).Build(t.Context())
	must(t, err)
	sameFolders(t, "after a cache saved following a failed build", opts.Dest, clean.Dest)
}

// editAndBuild adds a line to the k-th incident file of the site in src,
// tells b and builds, and returns the site's incident files.
func editAndBuild(t *testing.T, b *Builder, src string, k int) []os.DirEntry {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(src, "content", "incidents"))
	must(t, err)
	file := filepath.Join(src, "content", "incidents", entries[k].Name())
	data, err := os.ReadFile(file)
	must(t, err)
	must(t, os.WriteFile(file, append(data, "\nMore detail.\n"...), 0o644))
	b.Changed([]string{"content/incidents/" + entries[k].Name()})
	_, err = b.Build(t.Context())
	must(t, err)
	return entries
}
