package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// incident converts one Statuspage incident or maintenance.
func (r *spReader) incident(in *spIncident) *Incident {
	pos := in.jp.pos(in.path)
	out := &Incident{ID: in.ID, Pos: pos, Title: in.Name, Link: in.Shortlink}
	if strings.TrimSpace(out.Title) == "" {
		out.Title = "Untitled incident " + in.ID
		r.site.Notes.Warnf(pos, "the incident has no name: its title is %q", out.Title)
	}
	at := func(field, value string) time.Time {
		if value == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, value)
		if err != nil {
			r.site.Notes.Warnf(in.jp.pos(in.path+"/"+field), "%s %q is not a time: left out", field, value)
			return time.Time{}
		}
		return t
	}
	maint := in.ScheduledFor != "" || in.Impact == "maintenance"
	switch {
	case maint:
		out.Severity = source.Maintenance
	case in.Impact == "minor" || in.Impact == "major" || in.Impact == "critical":
		out.Severity = source.Severity(in.Impact)
	case in.Impact == "none" || in.Impact == "":
		out.Severity = source.Minor
		r.site.Notes.Warnf(in.jp.pos(in.path+"/impact"), "impact %q has no severity in statuspress: written as minor", in.Impact)
	default:
		out.Severity = source.Minor
		r.site.Notes.Warnf(in.jp.pos(in.path+"/impact"), "unknown impact %q: written as minor", in.Impact)
	}
	if maint {
		out.Started = at("scheduled_for", in.ScheduledFor)
		out.ETA = at("scheduled_until", in.ScheduledUntil)
	}
	if out.Started.IsZero() {
		out.Started = at("started_at", in.StartedAt)
	}
	if out.Started.IsZero() {
		out.Started = at("created_at", in.CreatedAt)
	}
	out.Resolved = at("resolved_at", in.ResolvedAt)
	switch in.Status {
	case "resolved", "postmortem", "completed":
		if out.Resolved.IsZero() {
			out.Resolved = at("updated_at", in.UpdatedAt)
		}
	}

	seen := map[string]bool{}
	add := func(path, id, name string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		if k, ok := r.component(in, path, id, name); ok {
			out.Scope = append(out.Scope, k)
		}
	}
	for i, c := range in.Components {
		add(fmt.Sprintf("%s/components/%d", in.path, i), c.ID, c.Name)
	}
	levels := map[string]bool{}
	for i, u := range in.Updates {
		upath := fmt.Sprintf("%s/incident_updates/%d", in.path, i)
		for j, a := range u.Affected {
			add(fmt.Sprintf("%s/affected_components/%d", upath, j), a.Code, a.Name)
			if a.NewStatus != "" && a.NewStatus != "operational" {
				levels[a.NewStatus] = true
			}
		}
		t := at("display_at", u.DisplayAt)
		if t.IsZero() {
			t = at("created_at", u.CreatedAt)
		}
		upos := in.jp.pos(upath)
		if t.IsZero() {
			r.site.Notes.Warnf(upos, "this update has no time: left out (its text began %q)", excerpt(u.Body))
			continue
		}
		if u.Status == "postmortem" {
			out.Postmortem = strings.TrimSpace(out.Postmortem + "\n\n" + u.Body)
			continue
		}
		st, ok := spStatus(u.Status, maint)
		switch {
		case ok:
		case maint:
			r.site.Notes.Warnf(in.jp.pos(upath+"/status"), "update status %q has no match in statuspress for maintenance: written as %s", u.Status, st)
		default:
			r.site.Notes.Warnf(in.jp.pos(upath+"/status"), "update status %q has no match in statuspress for incidents: written as %s", u.Status, st)
		}
		out.Updates = append(out.Updates, Update{At: t, Status: st, Body: spText(u.Body), Pos: upos})
	}
	sortUpdates(out.Updates)
	if out.Started.IsZero() {
		if len(out.Updates) == 0 {
			r.site.Notes.Warnf(pos, "%q has no time at all (no started_at, created_at or dated update): left out", out.Title)
			return nil
		}
		out.Started = out.Updates[len(out.Updates)-1].At
	}
	delete(levels, string(status.LevelOf(out.Severity)))
	if len(levels) > 0 {
		list := make([]string, 0, len(levels))
		for l := range levels {
			list = append(list, l)
		}
		sort.Strings(list)
		r.site.Notes.Warnf(pos, "its updates set components to %s: statuspress shows one severity for the whole incident, %s (%s)", strings.Join(list, ", "), out.Severity, string(status.LevelOf(out.Severity)))
	}
	if in.PostmortemBody != "" {
		out.Postmortem = strings.TrimSpace(in.PostmortemBody + "\n\n" + out.Postmortem)
	}
	if in.Status == "postmortem" && out.Postmortem == "" {
		link := in.Shortlink
		if link == "" {
			link = "(no address given)"
		}
		out.Postmortem = "<" + link + ">"
		r.site.Notes.Warnf(in.jp.pos(in.path+"/status"), "the postmortem's text is not in the public API: the Postmortem section links to %s; paste the text there", link)
	}
	return out
}

// spStatus maps a Statuspage update status; ok is false when the
// meaning changed.
func spStatus(s string, maint bool) (source.Status, bool) {
	if maint {
		switch s {
		case "scheduled":
			return source.Scheduled, true
		case "in_progress":
			return source.InProgress, true
		case "completed":
			return source.Completed, true
		case "resolved":
			return source.Completed, false
		}
		return source.InProgress, false
	}
	switch s {
	case "investigating", "identified", "monitoring", "resolved":
		return source.Status(s), true
	case "update":
		return source.Updated, true
	case "completed":
		return source.Resolved, false
	}
	return source.Updated, false
}

// sortUpdates orders updates newest first; updates at the same time keep
// the order the other tool gave them.
func sortUpdates(ups []Update) {
	for i := 1; i < len(ups); i++ {
		for j := i; j > 0 && ups[j].At.After(ups[j-1].At); j-- {
			ups[j], ups[j-1] = ups[j-1], ups[j]
		}
	}
}

func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// blockStart matches a line that starts a Markdown block of its own: a
// list item, a quote, a heading, a fence.
var blockStart = regexp.MustCompile("^\\s{0,3}([-*+]\\s|\\d{1,9}[.)]\\s|>|#|```|~~~)")

// spText makes a Statuspage update's text Markdown that shows the same:
// Statuspage breaks the line at every line end, Markdown joins lines
// into one paragraph, so each line end inside a paragraph becomes a hard
// break (a backslash), except next to a line that starts a block.
func spText(s string) string {
	lines := strings.Split(normalize(s), "\n")
	fence := false
	for i := 0; i+1 < len(lines); i++ {
		cur, next := lines[i], lines[i+1]
		if t := strings.TrimSpace(cur); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if fence || strings.TrimSpace(cur) == "" || strings.TrimSpace(next) == "" || blockStart.MatchString(cur) || blockStart.MatchString(next) || strings.HasSuffix(cur, "\\") {
			continue
		}
		lines[i] = cur + "\\"
	}
	return strings.Join(lines, "\n")
}
