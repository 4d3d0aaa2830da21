package importer_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/statuspress/statuspress/generator/importer"
)

// page serves a saved Statuspage page's API files on loopback, as the
// page's address would, and counts what was asked for.
func page(t *testing.T, dir string) (*httptest.Server, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		name, ok := strings.CutPrefix(r.URL.Path, "/api/v2/")
		if !ok {
			http.NotFound(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			// A page answers every API file; an empty list stands in for
			// one the fixture does not have.
			key := map[string]string{"incidents.json": "incidents", "scheduled-maintenances.json": "scheduled_maintenances"}[name]
			if key == "" {
				http.NotFound(w, r)
				return
			}
			data = []byte(`{"page": {"id": "x", "name": "Renku"}, "` + key + `": []}`)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

// TestFetchFromAddress imports a page from its address: the three API
// files are fetched, and the result is what the saved files give.
func TestFetchFromAddress(t *testing.T) {
	srv, asked := page(t, "testdata/statuspage/renku")
	files, err := importer.FetchStatuspage(context.Background(), srv.Client(), srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(*asked, " "); got != "/api/v2/summary.json /api/v2/incidents.json /api/v2/scheduled-maintenances.json" {
		t.Errorf("asked for %s", got)
	}
	site, err := importer.Statuspage(files)
	if err != nil {
		t.Fatal(err)
	}
	fromURL := t.TempDir()
	importInto(t, fromURL, site)
	fromFiles := t.TempDir()
	importInto(t, fromFiles, statuspageFiles("testdata/statuspage/renku")(t))
	for _, name := range tree(t, fromFiles) {
		a, _ := os.ReadFile(filepath.Join(fromFiles, name))
		b, err := os.ReadFile(filepath.Join(fromURL, name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between an import from the address and one from the saved files (%v)", name, err)
		}
	}
	checkAndBuild(t, fromURL)
}

// TestFetchErrors says what went wrong with an address that is not a
// Statuspage page, and one that does not answer.
func TestFetchErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	_, err := importer.FetchStatuspage(context.Background(), srv.Client(), srv.URL)
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "Statuspage page") {
		t.Errorf("a page without the API: got %v", err)
	}
	srv.Close()
	if _, err := importer.FetchStatuspage(context.Background(), srv.Client(), srv.URL); err == nil {
		t.Error("a closed server: want an error")
	}
	bad := []importer.File{{Name: "summary.json", Data: []byte("{\n  \"page\": {\n    \"name\": \"x\",,\n")}}
	_, err = importer.Statuspage(bad)
	if err == nil || !strings.HasPrefix(err.Error(), "summary.json:3:") {
		t.Errorf("broken JSON: want an error at summary.json:3:..., got %v", err)
	}
}
