package main

import (
	"runtime/debug"
	"testing"

	"github.com/statuspress/statuspress/generator/buildinfo"
)

func TestVersionLine(t *testing.T) {
	tests := []struct {
		name     string
		override string
		info     *debug.BuildInfo
		want     string
	}{
		{"no build info", "", nil, "statuspress dev"},
		{"go install of a release", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			"statuspress v1.4.0 go1.26.8"},
		{"built from a checkout", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "e451e36a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"}, {Key: "vcs.time", Value: "2026-12-01T15:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"statuspress dev commit e451e36a0b1c (modified) 2026-12-01T15:00:00Z go1.26.8"},
		{"ldflags wins", "v1.4.1", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}},
			"statuspress v1.4.1 commit abc"},
	}
	for _, tt := range tests {
		if got := versionLine(tt.override, buildinfo.From(tt.info)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestReleaseToPin(t *testing.T) {
	for _, tc := range []struct {
		override, module, want string
	}{
		{"", "v1.4.0", "v1.4.0"},
		{"", "(devel)", "latest"},
		{"", "", "latest"},
		{"", "v0.0.0-20261201152956-7dd7f2509e0a", "latest"},
		{"", "v1.4.1-0.20261201152956-7dd7f2509e0a", "latest"},
		{"", "v1.4.0+dirty", "latest"},
		{"v1.5.0", "(devel)", "v1.5.0"},
		{"dev", "(devel)", "latest"},
	} {
		info := &debug.BuildInfo{Main: debug.Module{Version: tc.module}}
		if got := release(tc.override, info); got != tc.want {
			t.Errorf("release(%q, %q) = %q, want %q", tc.override, tc.module, got, tc.want)
		}
	}
}
