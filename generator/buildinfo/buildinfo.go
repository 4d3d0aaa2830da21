// Package buildinfo says which statuspress binary is running, from what
// the Go toolchain recorded in it: the module version (go install
// ...@v1.2.3), the commit it was built from and whether that checkout had
// changes. `statuspress version` prints it; the cache keys its entries
// with it. It is the one place that reads those settings.
package buildinfo

import "runtime/debug"

// Info is what a binary records about its own build. Fields the build
// did not record are empty.
type Info struct {
	Go string // toolchain, such as go1.26.8
	// Module is the main module's version, such as v1.2.3; empty for a
	// development build, which the toolchain records as (devel).
	Module string
	// Revision and Time are the commit the binary was built from and
	// its time (RFC 3339); Modified is set when the checkout had changes.
	Revision, Time string
	Modified       bool
}

// Read returns the running binary's Info.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return From(bi)
}

// From returns the Info of a binary's recorded build; nil gives the zero
// Info.
func From(bi *debug.BuildInfo) Info {
	var in Info
	if bi == nil {
		return in
	}
	in.Go = bi.GoVersion
	if v := bi.Main.Version; v != "(devel)" {
		in.Module = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// Clean reports whether the build names exactly what it was built from:
// a commit of an unmodified checkout, or a module version without one
// (go install module@version). A development build with changes is not
// clean: the same Info then stands for many different binaries.
func (in Info) Clean() bool {
	if in.Revision != "" {
		return !in.Modified
	}
	return in.Module != ""
}
