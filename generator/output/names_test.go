package output

import "testing"

func TestEditorFile(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md": false, "site.toml": false, "style.css": false, "x4913": false, "#": false, "a#b#": false,
		"4913": true, "a.md~": true, "style.css~": true, ".a.md.swp": true, ".a.md.swx": true,
		".#a.md": true, "#style.css#": true,
	} {
		if got := EditorFile(name); got != want {
			t.Errorf("EditorFile(%q) = %v, want %v", name, got, want)
		}
	}
}
