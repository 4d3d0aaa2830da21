package author

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/source"
)

// Update describes a new update of an existing incident or maintenance,
// or, with Amend, a new text for the newest one.
type Update struct {
	Slug string
	// Status is the word typed: the English name or the word the site's
	// theme shows ("調査中"). With Amend it may be empty.
	Status     string
	Message    string    // "" uses the template for the status
	ETA        time.Time // optional: set or replace eta
	NextUpdate time.Time // optional: set or replace next_update
	At         time.Time // when it happened; zero means now
	// Amend replaces the text of the newest update, keeping its time,
	// status and heading, so its feed item keeps its ID.
	Amend bool
	// Fields an update may change; each change is dated with it.
	Fields
	// Lang holds the text and the changed fields in the site's other
	// languages (-m-en, -title-en, ...). With Amend, a Message replaces
	// (or adds) the newest update's text in that language.
	Lang map[string]Translation
}

// Update returns the file of an incident or maintenance with a new update
// section at the top of its timeline, and eta, next_update and resolved
// set as the update says; changed fields go in a [[changes]] entry dated
// with the update. A status that is not final on a resolved incident (or
// completed maintenance) reopens it: the resolved line goes. A
// next_update that has passed by now is removed when no new one is given,
// since this update is the one promised. Only the lines that must change
// are touched.
func (s *Site) Update(u Update, now time.Time) (*Change, error) {
	loc := s.Settings.Location
	file := path.Join(source.Dir, u.Slug+".md")
	c := &Change{File: file, Path: filepath.Join(s.Dir, filepath.FromSlash(file))}
	data, err := s.readFile(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			_, ferr := s.Find(u.Slug)
			if ferr == nil {
				ferr = diag.Errorf("no incident %q: there is no %s/%s.md", u.Slug, source.Dir, u.Slug)
			}
			return nil, ferr
		}
		return nil, fmt.Errorf("author: %w", err)
	}
	c.old = data
	if err := s.checkLangs(u.Lang); err != nil {
		return nil, err
	}
	if err := checkTranslations(u.Lang); err != nil {
		return nil, err
	}
	in, diags := source.Parse(file, data, s.options())
	if err := diags.Err(); err != nil {
		return nil, fmt.Errorf("%s has errors; fix them first:\n%w", file, err)
	}
	d := newDoc(data)
	end, err := d.frontEnd()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if u.Amend {
		if err := s.amend(c, d, in, u); err != nil {
			return nil, err
		}
		return c, s.validate(c, now)
	}
	st, err := s.status(u.Status, in.IsMaintenance())
	if err != nil {
		return nil, err
	}
	if err := ahead(now, loc, "-eta", u.ETA, "-next", u.NextUpdate); err != nil {
		return nil, err
	}
	at, notes, err := updateTime(in, u.At, now, loc)
	if err != nil {
		return nil, err
	}
	c.Notes = append(c.Notes, notes...)
	cur := currentFields(in)
	change, said, err := s.fieldChanges(in, u.Fields, cur, at)
	if err != nil {
		return nil, err
	}
	if !u.Fields.empty() && len(change) == 0 {
		c.Notes = append(c.Notes, diag.Errorf("the fields given already had those values: nothing changed there"))
	}
	if len(said) > 0 {
		c.Notes = append(c.Notes, diag.Errorf("changed from this update on: %s", strings.Join(said, s.Text.T("author_summary_sep"))))
	}
	scope := cur.Scope
	if u.Scope != nil {
		scope = u.Scope
	}
	if len(change) > 0 {
		tables, err := s.changeTranslations(u.Fields, u.Lang)
		if err != nil {
			return nil, err
		}
		change = append(change, tables...)
	} else if _, err := s.changeTranslations(u.Fields, u.Lang); err != nil {
		return nil, err
	}
	body, err := s.bodyLines(u.Message, u.Lang, func(l *Site) string {
		return l.template(st, scope, u.ETA, u.NextUpdate, in.ETA)
	})
	if err != nil {
		return nil, err
	}

	// The section goes above the newest update (updateTime made this one
	// the newest), or above the postmortem, or at the end; the keys are
	// set after, since setting one may add a line above the body.
	at0 := d.postmortem(end + 1)
	if at0 < 0 {
		at0 = len(d.lines)
	}
	if len(in.Updates) > 0 {
		at0 = int(in.Updates[0].Line) - 1
	}
	d.insertSection(at0, "## "+headingTime(at, loc)+" "+string(st), body)
	if len(change) > 0 {
		if err := d.appendTable(change); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	closed := !in.Resolved.IsZero() || len(in.Updates) > 0 && in.Updates[0].Status.Final()
	if !st.Final() && closed {
		if err := s.reopen(c, d, in, u, now); err != nil {
			return nil, err
		}
	}
	if u.NextUpdate.IsZero() && !in.NextUpdate.IsZero() && !in.NextUpdate.After(now) {
		// This update is the one that was promised; a time that has
		// passed would only tell readers it is late.
		d.deleteKey("next_update")
	}
	keys := []struct {
		name string
		t    time.Time
	}{{"eta", u.ETA}, {"next_update", u.NextUpdate}}
	if st.Final() {
		keys = append(keys, struct {
			name string
			t    time.Time
		}{"resolved", at})
	}
	for _, k := range keys {
		if k.t.IsZero() {
			continue
		}
		if err := d.setKey(k.name, tomlTime(k.t, loc)); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	c.Data = d.bytes()
	return c, s.validate(c, now)
}

// updateTime decides the time of a new update: at, or now when at is
// zero, to the second. It refuses a time that cannot be meant: in the
// future, before an incident started, or before the newest update (the
// update would land inside the history, and feed readers would get it as
// old news). The heading carries seconds only when another update already
// has the same minute (PLAN decision 1); if the second is taken too, it
// is the next free second after the newest, and the note says so.
func updateTime(in *source.Incident, at, now time.Time, loc *time.Location) (time.Time, []error, error) {
	given := !at.IsZero()
	if !given {
		at = now
	}
	at = toSecond(at, loc)
	stamp := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05") }
	if at.After(now.Add(59 * time.Second)) {
		return at, nil, diag.Errorf("the update time %s is later than now (%s): an update cannot be dated in the future", headingTime(at, loc), headingTime(toSecond(now, loc), loc))
	}
	if !in.IsMaintenance() && at.Before(in.Started) {
		return at, nil, diag.Errorf("the update time %s is before the incident started (%s): leave out -at to post it now, or correct started first", headingTime(at, loc), headingTime(in.Started, loc))
	}
	// A heading without seconds, unless that would put it before a start
	// written with seconds.
	minute := func(t time.Time) time.Time {
		if m := toMinute(t, loc); in.IsMaintenance() || !m.Before(in.Started) {
			return m
		}
		return t
	}
	if len(in.Updates) == 0 {
		return minute(at), nil, nil
	}
	newest := in.Updates[0]
	if !given && !at.After(newest.At) {
		// The newest update is dated a little ahead of now (an -at in
		// the current minute's grace, or a clock that was ahead): this
		// one still goes on top, the next second after it.
		if newest.At.After(now.Add(59 * time.Second)) {
			return at, nil, diag.Errorf("%s:%d:1: the newest update is dated %s, later than now (%s): correct its heading, then post this one",
				in.File, newest.Line, headingTime(newest.At, loc), headingTime(toSecond(now, loc), loc))
		}
		next := newest.At.Add(time.Second).In(loc)
		return next, []error{diag.Errorf("the update at %s is already there, so this one is dated %s, one second after it, to stay the newest", stamp(newest.At), stamp(next))}, nil
	}
	if toMinute(at, loc).Before(toMinute(newest.At, loc)) {
		return at, nil, diag.Errorf("%s:%d:1: the newest update is at %s; one at %s would go below it, inside the history, and feed readers would see it as old news: leave out -at to post it now at the top",
			in.File, newest.Line, headingTime(newest.At, loc), headingTime(at, loc))
	}
	shared := false
	for _, old := range in.Updates {
		if toMinute(old.At, loc).Equal(toMinute(at, loc)) {
			shared = true
		}
	}
	if !shared {
		return minute(at), nil, nil
	}
	if given && at.Second() == 0 && toMinute(at, loc).Equal(toMinute(now, loc)) {
		// "-at 14:06" typed at 14:06:40: the person means now.
		at = toSecond(now, loc)
	}
	if at.After(newest.At) {
		return at, nil, nil
	}
	next := newest.At.Add(time.Second).In(loc)
	return next, []error{diag.Errorf("the update at %s is already there, so this one is dated %s, one second after it, to stay the newest", stamp(newest.At), stamp(next))}, nil
}

// fieldChanges checks the fields an update changes and returns the lines
// of their [[changes]] entry, with what changed in words.
func (s *Site) fieldChanges(in *source.Incident, f Fields, cur current, at time.Time) ([]string, []string, error) {
	if f.empty() {
		return nil, nil, nil
	}
	if f.Severity != nil {
		switch {
		case in.IsMaintenance():
			return nil, nil, diag.Errorf("-severity is for incidents: planned maintenance has no severity")
		case *f.Severity == source.Maintenance:
			return nil, nil, diag.Errorf("severity maintenance is for planned work: use statuspress new maintenance")
		case *f.Severity != source.Minor && *f.Severity != source.Major && *f.Severity != source.Critical:
			return nil, nil, diag.Errorf("invalid -severity %q (valid: %s)", string(*f.Severity), "minor, major, critical")
		}
	}
	if f.Scope != nil {
		if len(f.Scope) == 0 {
			return nil, nil, diag.Errorf("-scope is empty: list the affected component ids, like -scope %s", strings.Join(s.Settings.ComponentIDs(), ","))
		}
		scope, err := s.scope(f.Scope)
		if err != nil {
			return nil, nil, err
		}
		f.Scope = scope
	}
	if f.Title != nil && strings.TrimSpace(*f.Title) == "" {
		return nil, nil, diag.Errorf("-title is empty: say in a few words what customers notice")
	}
	for _, t := range []*string{f.Title, f.Impact, f.Workaround} {
		if t != nil {
			if err := checkFields(*t); err != nil {
				return nil, nil, err
			}
		}
	}
	lines, said := changeLines(f, cur, at, s.Settings.Location, func(key string) string { return s.Text.T(key) })
	return lines, said, nil
}

// reopen removes resolved from a closed incident that gets an update that
// is not final, and says so.
func (s *Site) reopen(c *Change, d *doc, in *source.Incident, u Update, now time.Time) error {
	loc := s.Settings.Location
	if pos, set := in.KeyPos("resolved"); set && !d.deleteKey("resolved") {
		return diag.Errorf("%s:%d: the resolved line could not be removed to reopen the incident: write resolved = ... on one line of its own",
			c.File, pos.Line)
	}
	what := "incident"
	if in.IsMaintenance() {
		what = "maintenance"
		end := u.ETA
		if end.IsZero() {
			end = in.ETA
		}
		if !end.IsZero() && !end.After(now) {
			return diag.Errorf("the planned end of this maintenance (%s) has passed, so the page would still show it as completed: give a new end with -eta, like -eta 2h", headingTime(end, loc))
		}
	}
	when := in.Resolved
	if when.IsZero() && len(in.Updates) > 0 {
		when = in.Updates[0].At
	}
	c.Notes = append(c.Notes, diag.Errorf("reopened: this %s was closed at %s; the page, the feeds and the API show it as ongoing again", diag.Word(what), headingTime(when, loc)))
	return nil
}

// amend replaces the text of the newest update. Only -m (or the
// template) may come with it: a new status, time or ETA is a new update.
func (s *Site) amend(c *Change, d *doc, in *source.Incident, u Update) error {
	loc := s.Settings.Location
	if len(in.Updates) == 0 {
		return diag.Errorf("-amend replaces the text of the newest update, but there is none yet: leave out -amend")
	}
	newest := in.Updates[0]
	if strings.TrimSpace(u.Status) != "" {
		st, err := s.status(u.Status, in.IsMaintenance())
		if err != nil {
			return err
		}
		if st != newest.Status {
			return diag.Errorf("-amend keeps the status of the newest update (%s): to say %s, post a new update without -amend", newest.Status, st)
		}
	}
	if !u.ETA.IsZero() || !u.NextUpdate.IsZero() || !u.At.IsZero() || !u.Fields.empty() {
		return diag.Errorf("-amend only replaces the text (-m): to change the time, the ETA, the next update or a field, post a new update without -amend")
	}
	given := strings.TrimSpace(u.Message) != ""
	for _, t := range u.Lang {
		given = given || strings.TrimSpace(t.Message) != ""
		if t.Title != nil || t.Impact != nil || t.Workaround != nil {
			return diag.Errorf("-amend only replaces the text (-m): to change the time, the ETA, the next update or a field, post a new update without -amend")
		}
	}
	if !given {
		return diag.Errorf("-amend needs the corrected text: give it with -m")
	}
	h := int(newest.Line) - 1
	// The other languages first: replacing the default text moves the
	// lines below it.
	others := s.Settings.Others()
	for i := len(others) - 1; i >= 0; i-- {
		msg := u.Lang[others[i]].Message
		if strings.TrimSpace(msg) == "" {
			continue
		}
		body, err := s.messageLines(msg)
		if err != nil {
			return err
		}
		d.replacePart(h, others[i], body, s.Settings.Languages)
	}
	if given = strings.TrimSpace(u.Message) != ""; given {
		body, err := s.messageLines(u.Message)
		if err != nil {
			return err
		}
		if len(others) > 0 {
			d.replacePart(h, "", body, s.Settings.Languages)
		} else {
			d.replaceBody(h, body)
		}
	}
	c.Data = d.bytes()
	c.Notes = append(c.Notes, diag.Errorf("replaced the text of the newest update (%s %s); its time, status and feed item stay the same", headingTime(newest.At, loc), newest.Status))
	return nil
}
