package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/statuspage"
)

// StatuspageFiles are the public API v2 files an import reads from a
// page's address or a folder.
var StatuspageFiles = []string{"summary.json", "incidents.json", "scheduled-maintenances.json"}

// maxJSON bounds one downloaded or read API file.
const maxJSON = 64 << 20

// statuspageList is how many incidents Statuspage's incidents.json
// holds at most: older ones are not in the public API.
const statuspageList = 50

// The documents, only the fields an import uses.
type (
	spDoc struct {
		Page         *spPage        `json:"page"`
		Components   []spComponent  `json:"components"`
		Incidents    []*spIncident  `json:"incidents"`
		Maintenances []*spIncident  `json:"scheduled_maintenances"`
		Incident     *spIncident    `json:"incident"`
		Status       map[string]any `json:"status"`

		jp *jsonPositions
	}
	spPage struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		URL      string `json:"url"`
		TimeZone string `json:"time_zone"`
	}
	spComponent struct {
		ID          string  `json:"id"`
		Name        string  `json:"name"`
		Description *string `json:"description"`
		GroupID     *string `json:"group_id"`
		Group       bool    `json:"group"`
	}
	spIncident struct {
		ID             string        `json:"id"`
		Name           string        `json:"name"`
		Status         string        `json:"status"`
		Impact         string        `json:"impact"`
		CreatedAt      string        `json:"created_at"`
		UpdatedAt      string        `json:"updated_at"`
		StartedAt      string        `json:"started_at"`
		ResolvedAt     string        `json:"resolved_at"`
		ScheduledFor   string        `json:"scheduled_for"`
		ScheduledUntil string        `json:"scheduled_until"`
		Shortlink      string        `json:"shortlink"`
		PostmortemBody string        `json:"postmortem_body"`
		Updates        []spUpdate    `json:"incident_updates"`
		Components     []spComponent `json:"components"`

		path string         // in its document, for positions
		jp   *jsonPositions // of its document
	}
	spUpdate struct {
		Status    string `json:"status"`
		Body      string `json:"body"`
		CreatedAt string `json:"created_at"`
		DisplayAt string `json:"display_at"`
		Affected  []struct {
			Code      string `json:"code"`
			Name      string `json:"name"`
			NewStatus string `json:"new_status"`
		} `json:"affected_components"`
	}
)

// FetchStatuspage reads the API files of the page at base (its
// address, like https://status.example.com) with client. An address
// ending in .json is read alone.
func FetchStatuspage(ctx context.Context, client *http.Client, base string) ([]File, error) {
	urls := []string{base}
	if !strings.HasSuffix(base, ".json") {
		urls = urls[:0]
		for _, f := range StatuspageFiles {
			urls = append(urls, strings.TrimRight(base, "/")+"/api/v2/"+f)
		}
	}
	var files []File
	for _, u := range urls {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		req.Header.Set("Accept", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxJSON+1))
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("import: reading %s: %w", u, err)
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s answered %s: is this the address of a Statuspage page?", u, resp.Status)
		}
		if len(data) > maxJSON {
			return nil, fmt.Errorf("%s is larger than %d MiB", u, maxJSON>>20)
		}
		files = append(files, File{Name: u, Data: data})
	}
	return files, nil
}

// File is one foreign file: its name as messages show it, and its bytes.
type File struct {
	Name string
	Data []byte
}

// ReadStatuspageFiles reads the API files at p: a file, or a folder of
// saved API files (StatuspageFiles, or incidents/<id>.json files), all
// its .json files in name order.
func ReadStatuspageFiles(p string) ([]File, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	names := []string{p}
	if st.IsDir() {
		names, err = filepath.Glob(filepath.Join(p, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		sort.Strings(names)
	}
	var files []File
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		files = append(files, File{Name: filepath.ToSlash(n), Data: data})
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no .json file: save %s from the page's /api/v2/ into it first, or give the page's address", p, strings.Join(StatuspageFiles, ", "))
	}
	return files, nil
}

// Statuspage turns a page's API files (any of summary.json,
// incidents.json, scheduled-maintenances.json, or one incident's file)
// into a Site. An incident found in several files is taken once, from
// the file that has it last updated.
func Statuspage(files []File) (*Site, error) {
	site := &Site{Tool: "statuspage"}
	var docs []*spDoc
	var errs diag.List
	for _, f := range files {
		var d spDoc
		if err := json.Unmarshal(f.Data, &d); err != nil {
			pos := diag.Pos{File: f.Name, Line: 1, Col: 1}
			var se *json.SyntaxError
			if errors.As(err, &se) {
				pos = newJSONPositions(f.Name, f.Data).offsetPos(int(se.Offset))
			}
			errs.Errorf(pos, "not a Statuspage API file: %v", err)
			continue
		}
		jp := newJSONPositions(f.Name, f.Data)
		d.jp = jp
		for i, in := range d.Incidents {
			in.path, in.jp = fmt.Sprintf("incidents/%d", i), jp
		}
		for i, in := range d.Maintenances {
			in.path, in.jp = fmt.Sprintf("scheduled_maintenances/%d", i), jp
		}
		if d.Incident != nil {
			d.Incident.path, d.Incident.jp = "incident", jp
		}
		if len(d.Incidents) == statuspageList {
			site.Notes.Warnf(jp.pos("incidents"), "Statuspage's public API lists only the %d most recent incidents: older ones are not in this file and were not imported", statuspageList)
		}
		if d.Page == nil && d.Incidents == nil && d.Maintenances == nil && d.Incident == nil && d.Components == nil {
			errs.Errorf(diag.Pos{File: f.Name, Line: 1, Col: 1}, "not a Statuspage API file: it has none of page, components, incidents, scheduled_maintenances")
			continue
		}
		docs = append(docs, &d)
		if d.Page != nil && site.Title == "" {
			site.Title, site.BaseURL, site.Timezone = d.Page.Name, d.Page.URL, d.Page.TimeZone
			// statuspress's own API names its page by its address.
			site.OwnIDs = d.Page.ID != "" && d.Page.ID == statuspage.PageID(d.Page.URL)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	r := &spReader{site: site, keys: map[string]bool{}}
	for _, d := range docs {
		if d.Components != nil {
			r.listed = true
			r.components(d)
		}
	}
	byID := map[string]*spIncident{}
	var order []*spIncident
	for _, d := range docs {
		list := append(append([]*spIncident{}, d.Incidents...), d.Maintenances...)
		if d.Incident != nil {
			list = append(list, d.Incident)
		}
		for _, in := range list {
			old, ok := byID[in.ID]
			if !ok {
				byID[in.ID] = in
				order = append(order, in)
				continue
			}
			if in.UpdatedAt > old.UpdatedAt || in.UpdatedAt == old.UpdatedAt && len(in.Updates) > len(old.Updates) {
				*old = *in
			}
		}
	}
	for _, in := range order {
		if x := r.incident(in); x != nil {
			site.Incidents = append(site.Incidents, x)
		}
	}
	return site, nil
}

type spReader struct {
	site   *Site
	listed bool            // a components list was given
	keys   map[string]bool // component ids known
}

func (r *spReader) components(d *spDoc) {
	groups := map[string]string{}
	for i, c := range d.Components {
		if c.Group {
			groups[c.ID] = c.Name
			if c.Description != nil && strings.TrimSpace(*c.Description) != "" {
				r.site.Notes.Warnf(d.jp.pos(fmt.Sprintf("components/%d/description", i)), "the description of group %q has no place in statuspress (groups are names): left out", c.Name)
			}
		}
	}
	for i, c := range d.Components {
		if c.Group || r.keys[c.ID] {
			continue
		}
		comp := Component{Key: c.ID, Name: c.Name, Pos: d.jp.pos(fmt.Sprintf("components/%d", i))}
		if strings.TrimSpace(c.Name) == "" {
			comp.Name = c.ID
			r.site.Notes.Warnf(comp.Pos, "a component without a name: named %q after its id", c.ID)
		}
		if c.Description != nil {
			comp.Description = *c.Description
		}
		if c.GroupID != nil && *c.GroupID != "" {
			if name, ok := groups[*c.GroupID]; ok {
				comp.Group = name
			} else {
				r.site.Notes.Warnf(d.jp.pos(fmt.Sprintf("components/%d/group_id", i)), "component %q is in group %q, which the file does not list: it is shown without a group", c.Name, *c.GroupID)
			}
		}
		r.keys[c.ID] = true
		r.site.Components = append(r.site.Components, comp)
	}
}

// component makes sure a component an incident names is known: with a
// components list, one missing from it no longer exists and is left out
// (reported); without one, the incidents are the only list there is.
func (r *spReader) component(in *spIncident, path, id, name string) (string, bool) {
	if r.keys[id] {
		return id, true
	}
	if r.listed {
		r.site.Notes.Warnf(in.jp.pos(path), "component %q (%s) is no longer on the page: left out of the scope of %q", name, id, in.Name)
		return "", false
	}
	if strings.TrimSpace(name) == "" {
		name = id
	}
	c := Component{Key: id, Name: name}
	// Statuspage names a grouped component "Group - Name" in updates.
	if g, n, ok := strings.Cut(name, " - "); ok {
		c.Group, c.Name = g, n
	}
	r.keys[id] = true
	r.site.Components = append(r.site.Components, c)
	return id, true
}
