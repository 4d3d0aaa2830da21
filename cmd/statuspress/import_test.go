package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportFromAddress runs import statuspage with a page's address,
// served on loopback from the saved Renku page.
func TestImportFromAddress(t *testing.T) {
	summary, err := os.ReadFile(filepath.Join("..", "..", "generator", "importer", "testdata", "statuspage", "renku", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/summary.json":
			_, _ = w.Write(summary)
		case "/api/v2/incidents.json":
			_, _ = w.Write([]byte(`{"incidents": []}`))
		case "/api/v2/scheduled-maintenances.json":
			_, _ = w.Write([]byte(`{"scheduled_maintenances": []}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }}
	if code := runEnv(context.Background(), e, []string{"import", "statuspage", srv.URL, "-source", dir}); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "2021-11-01-please-shut-down-any-sessions.md") {
		t.Errorf("stdout: %s", stdout.String())
	}
	if !strings.Contains(stderr.String(), srv.URL+"/api/v2/summary.json:35:7: warning:") {
		t.Errorf("notes should name the address they came from: %s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "incidents", "2021-11-01-please-shut-down-any-sessions.md")); err != nil {
		t.Error(err)
	}
}
