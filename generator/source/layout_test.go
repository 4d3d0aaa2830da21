package source

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestLayout keeps the two structs a site holds by the hundred
// thousand within their blocks: a field more makes every incident or
// update take the next size up.
func TestLayout(t *testing.T) {
	if n := unsafe.Sizeof(Incident{}); n > 384 {
		t.Errorf("Incident takes %d bytes, over 384", n)
	}
	if n := unsafe.Sizeof(Update{}); n > 64 {
		t.Errorf("Update takes %d bytes, over 64", n)
	}
	// The cache codec (binary.go) writes every field of extra but the
	// fallback of a view; TestBinaryFields counts the others.
	if n := reflect.TypeFor[extra]().NumField(); n != 6 {
		t.Errorf("extra has %d fields, the cache codec knows 6: teach binary.go the new one", n)
	}
}
