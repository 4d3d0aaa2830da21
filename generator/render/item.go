package render

import (
	"html/template"
	"time"

	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/generator/source"
	"github.com/statuspress/statuspress/generator/status"
)

// Item is an incident as the theme's partials show it (card, row, the
// incident page): the model's incident, with the fields the partials read
// copied to the top and what they would work out with template logic
// worked out once. A template reads a field of its own struct cheaply; a
// field reached through the embedded incident, a method or a function
// call costs a search by name and a call through reflection, and a build
// of 10,000 incidents makes millions of them. Everything of the incident
// is still there for a site's own templates, through the embedding.
type Item struct {
	*status.Incident

	Slug, Title         string
	Severity            source.Severity
	Phase               status.Phase
	Started, End        time.Time
	Cancelled, Reopened bool
	Fallback            source.Fallback
	Impact, Workaround  string
	Summary, Postmortem template.HTML

	// Link is its page ("/incidents/x/"); Class the class of its level
	// ("s-po"); Scopes its scope as one string (ScopeKey); Word the word
	// of its state (what the "state" partial prints); Lasted its
	// duration in words, "" while it is ongoing.
	Link, Class, Scopes, Word, Lasted string
	// Ongoing, Maint and HasEnd are IsOngoing, IsMaintenance and a
	// non-zero End; Upcoming is a maintenance not yet started; StateShown
	// is set when a row names the state (ongoing, upcoming or cancelled)
	// instead of the duration; FellBack is Fallback.Any.
	Ongoing, Maint, HasEnd, Upcoming, StateShown, FellBack bool

	// Entries is its timeline, on its own page only.
	Entries []Entry
}

// Entry is one update of an incident's timeline as its page shows it.
type Entry struct {
	Anchor string // the update's id on the page
	Word   string // its status in words
	When   template.HTML
	// Heading is its heading, a link to itself with the word and the
	// time: made in Go because a page has one per update, and four
	// actions in a template cost four calls through reflection.
	Heading  template.HTML
	Reopened bool
	Notes    []status.Note
	Body     template.HTML
	// Changes is set when there is a list of what changed: it reopened
	// the incident or has notes.
	Changes bool
}

// item makes the Item of in.
func (r *renderer) item(in *status.Incident) *Item {
	it := &Item{Incident: in,
		Slug: in.Slug, Title: in.Title, Severity: in.Severity, Phase: in.Phase,
		Started: in.Started, End: in.End, Cancelled: in.Cancelled, Reopened: in.Reopened,
		Fallback: in.Fallback(), Impact: in.Impact, Workaround: in.Workaround,
		Summary: in.Summary, Postmortem: in.Postmortem,
		Link:    r.m.Site.BasePath + "incidents/" + in.Slug + "/",
		Class:   levelClass(status.LevelOf(in.Severity)),
		Scopes:  in.ScopeKey(),
		Word:    r.stateWord(in),
		Ongoing: in.IsOngoing(), Maint: in.IsMaintenance(), HasEnd: !in.End.IsZero(),
		Upcoming: in.Phase == status.Upcoming, FellBack: in.Fallback().Any(),
	}
	it.StateShown = it.Ongoing || it.Upcoming || it.Cancelled
	if !it.Ongoing {
		it.Lasted = r.duration(in.Duration)
	}
	return it
}

// pageItem is the Item of an incident's own page, with its timeline.
func (r *renderer) pageItem(in *status.Incident) *Item {
	it := r.item(in)
	tl := in.Timeline()
	it.Entries = make([]Entry, len(tl))
	for i, e := range tl {
		en := Entry{Anchor: e.Anchor(), Word: r.statusWord(string(e.Status)), When: r.timeTag(e.At, "datetime"),
			Reopened: e.Reopened, Notes: e.Notes, Body: e.Body, Changes: e.Reopened || len(e.Notes) > 0}
		// The anchor is letters and digits: nothing to escape.
		en.Heading = template.HTML(`<h3><a href="#` + en.Anchor + `">` + escapeHTML(en.Word) + `</a> <span class="when">` + string(en.When) + `</span></h3>`)
		it.Entries[i] = en
	}
	return it
}

// stateWord is the word of an incident's state: its newest report's
// status, except that a maintenance called off says so, and one whose
// window has started (or ended) is in progress (or completed) even
// before a report says so (the script moves it on by the clock too).
func (r *renderer) stateWord(in *status.Incident) string {
	switch {
	case in.Cancelled:
		return r.statusWord("cancelled")
	case in.IsMaintenance() && in.Phase == status.InProgress && in.State() == source.Scheduled:
		return r.statusWord("in-progress")
	case in.IsMaintenance() && in.Phase == status.Completed && in.State() != source.Completed:
		return r.statusWord("completed")
	}
	return r.statusWord(string(in.State()))
}

// state is the "state" partial's word for an Item or a model's
// incident, which the embed page and a site's own templates pass.
func (r *renderer) state(v any) string {
	switch v := v.(type) {
	case *Item:
		return v.Word
	case *status.Incident:
		return r.stateWord(v)
	}
	return ""
}

// statusWord is the word of status s.
func (r *renderer) statusWord(s string) string {
	if w, ok := r.words[s]; ok {
		return w
	}
	return r.env.Text.Status(s)
}

// statusWords are the words of every status an update can report, and
// of the states of a maintenance stateWord names ("cancelled"): the
// pages of a site print them hundreds of thousands of times.
func statusWords(text *i18n.Catalog) map[string]string {
	words := map[string]string{"cancelled": text.Status("cancelled")}
	for _, list := range [][]source.Status{source.IncidentStatuses, source.MaintenanceStatuses} {
		for _, s := range list {
			words[string(s)] = text.Status(string(s))
		}
	}
	return words
}
