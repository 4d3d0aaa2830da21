package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFromAndClean(t *testing.T) {
	checkout := func(modified string) *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "e451e36a"}, {Key: "vcs.time", Value: "2026-12-01T15:00:00Z"}, {Key: "vcs.modified", Value: modified}}}
	}
	tests := []struct {
		name  string
		bi    *debug.BuildInfo
		want  Info
		clean bool
	}{
		{"none", nil, Info{}, false},
		{"go run without VCS", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, Info{Go: "go1.26.8"}, false},
		{"go install of a release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}}, Info{Go: "go1.26.8", Module: "v1.4.0"}, true},
		{"clean checkout", checkout("false"), Info{Go: "go1.26.8", Revision: "e451e36a", Time: "2026-12-01T15:00:00Z"}, true},
		{"modified checkout", checkout("true"), Info{Go: "go1.26.8", Revision: "e451e36a", Time: "2026-12-01T15:00:00Z", Modified: true}, false},
	}
	for _, tt := range tests {
		got := From(tt.bi)
		if got != tt.want {
			t.Errorf("%s: From = %+v, want %+v", tt.name, got, tt.want)
		}
		if got.Clean() != tt.clean {
			t.Errorf("%s: Clean = %v, want %v", tt.name, got.Clean(), tt.clean)
		}
	}
}
