package source

import (
	"bufio"
	"encoding/binary"
	"errors"
	"html/template"
	"io"
	"time"
	"unsafe"

	"github.com/statuspress/statuspress/generator/diag"
)

// WriteIncidents writes list, incidents parsed without a problem, in a
// compact binary form for an on-disk cache (see Options.Known): reading
// it back is some 35 times cheaper than parsing (TOML, Markdown and the
// checks). Times keep their instant, and their zone when it is not loc
// (the site's, which the loader gives local times). Texts, kept for the
// checks of public text, are left out: a cached file has passed them.
// Whoever adds a field to Incident adds it here (TestBinaryFields).
func WriteIncidents(w io.Writer, list []*Incident, loc *time.Location) error {
	e := encoder{w: bufio.NewWriterSize(w, 1<<16), loc: loc}
	e.uint(uint64(len(list)))
	for _, in := range list {
		e.incident(in)
	}
	return e.w.Flush()
}

// ReadIncidents reads what WriteIncidents wrote; the times with the
// site's zone get loc.
func ReadIncidents(r io.Reader, loc *time.Location) ([]*Incident, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	d := decoder{r: br, loc: loc, strs: strs{}}
	n := d.uint()
	if d.err != nil || n > 1<<24 {
		return nil, errors.Join(d.err, errBad)
	}
	list := make([]*Incident, 0, n)
	for range n {
		in := d.incident()
		if d.err != nil {
			return nil, d.err
		}
		list = append(list, in)
	}
	return list, nil
}

var errBad = errors.New("bad data")

type encoder struct {
	w   *bufio.Writer
	loc *time.Location
	buf [binary.MaxVarintLen64]byte
	// file is the incident's file, which most positions name.
	file string
}

func (e *encoder) uint(v uint64) { e.w.Write(binary.AppendUvarint(e.buf[:0], v)) }
func (e *encoder) int(v int64)   { e.w.Write(binary.AppendVarint(e.buf[:0], v)) }

func (e *encoder) bool(b bool) {
	if b {
		e.w.WriteByte(1)
	} else {
		e.w.WriteByte(0)
	}
}

func (e *encoder) string(s string) {
	e.uint(uint64(len(s)))
	e.w.WriteString(s)
}

// count writes the length of a slice or map, telling nil (0) from
// empty (1).
func (e *encoder) count(null bool, n int) {
	if null {
		e.uint(0)
	} else {
		e.uint(uint64(n) + 1)
	}
}

// strings writes a list, telling nil (0) from empty (1).
func (e *encoder) strings(list []string) {
	if list == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(list)) + 1)
	for _, s := range list {
		e.string(s)
	}
}

// ptr writes an optional string, telling nil from "".
func (e *encoder) ptr(s *string) {
	e.bool(s != nil)
	if s != nil {
		e.string(*s)
	}
}

func (e *encoder) time(t time.Time) {
	switch {
	case t.IsZero():
		e.w.WriteByte(0)
		return
	case t.Location() == e.loc:
		e.w.WriteByte(1)
	default:
		name, offset := t.Zone()
		e.w.WriteByte(2)
		e.string(name)
		e.int(int64(offset))
	}
	e.int(t.Unix())
	e.uint(uint64(t.Nanosecond()))
}

func (e *encoder) pos(p diag.Pos) {
	e.bool(p.File == e.file)
	if p.File != e.file {
		e.string(p.File)
	}
	e.uint(uint64(p.Line))
	e.uint(uint64(p.Col))
}

func (e *encoder) facts(f Facts) {
	e.string(f.Title)
	e.string(string(f.Severity))
	e.strings(f.Scope)
	e.string(f.Impact)
	e.string(f.Workaround)
}

func (e *encoder) texts(t Texts) {
	e.ptr(t.Title)
	e.ptr(t.Impact)
	e.ptr(t.Workaround)
}

func (e *encoder) langs(t *Translations[Texts]) {
	if t == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(t.list)) + 1)
	for _, x := range t.list {
		e.string(x.Lang)
		e.texts(x.Text)
	}
}

func (e *encoder) htmls(t *Translations[template.HTML]) {
	if t == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(t.list)) + 1)
	for _, x := range t.list {
		e.string(x.Lang)
		e.string(string(x.Text))
	}
}

func (e *encoder) incident(in *Incident) {
	e.file = ""
	e.string(in.File)
	e.file = in.File
	e.string(in.Slug)
	e.w.Write(in.Sum[:])
	e.string(in.Title)
	e.string(string(in.Severity))
	e.strings(in.Scope)
	e.time(in.Started)
	e.time(in.ETA)
	e.time(in.NextUpdate)
	e.time(in.Resolved)
	e.string(in.Impact)
	e.string(in.Workaround)
	e.bool(in.Draft)
	e.bool(in.Cancelled)
	e.bool(in.x != nil && in.x.opening != nil)
	if in.x != nil && in.x.opening != nil {
		e.facts(*in.x.opening)
	}
	e.count(in.Changes == nil, len(in.Changes))
	for _, c := range in.Changes {
		e.time(c.At)
		e.pos(c.Pos)
		e.pos(c.AtPos)
		e.ptr(c.Title)
		e.string(string(c.Severity))
		e.strings(c.Scope)
		e.ptr(c.Impact)
		e.ptr(c.Workaround)
		e.langs(c.Lang)
	}
	e.string(string(in.Summary))
	e.count(in.Updates == nil, len(in.Updates))
	for i, u := range in.Updates {
		e.time(u.At)
		e.string(string(u.Status))
		e.string(string(u.Body))
		e.uint(uint64(u.Line))
		e.bool(u.Reopened)
		e.htmls(in.updateLang(i))
	}
	e.string(string(in.Postmortem))
	e.string(in.keys)
	e.bool(in.topBroken)
	e.langs(in.lang())
	e.htmls(in.summaryLang())
	e.htmls(in.postmortemLang())
}

type decoder struct {
	r   *bufio.Reader
	loc *time.Location
	err error
	// buf holds strings read, cut into them: one allocation serves many.
	buf  []byte
	file string
	strs strs // the texts read, by their text
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) uint() uint64 {
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.fail(errBad)
	}
	return v
}

func (d *decoder) int() int64 {
	v, err := binary.ReadVarint(d.r)
	if err != nil {
		d.fail(errBad)
	}
	return v
}

func (d *decoder) byte() byte {
	b, err := d.r.ReadByte()
	if err != nil {
		d.fail(errBad)
	}
	return b
}

func (d *decoder) bool() bool { return d.byte() == 1 }

// string reads a string, one copy of it for all its repeats (see strs):
// a decoded incident shares the texts that many files repeat as a parsed
// one does.
func (d *decoder) string() string {
	s := d.unique()
	if s == "" {
		return ""
	}
	if c, ok := d.strs[s]; ok {
		// s was read to the end of buf: those bytes are not kept.
		d.buf = d.buf[:len(d.buf)-len(s)]
		return c
	}
	d.strs.add(s)
	return s
}

// unique reads a string that no other incident holds (a file's name,
// a slug), not looked up among those read before.
func (d *decoder) unique() string {
	n := d.uint()
	if d.err != nil || n > MaxFileSize*4 {
		d.fail(errBad)
		return ""
	}
	if n == 0 {
		return ""
	}
	if uint64(cap(d.buf)-len(d.buf)) < n {
		d.buf = make([]byte, 0, max(n, 1<<14))
	}
	b := d.buf[len(d.buf) : len(d.buf)+int(n)]
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail(errBad)
		return ""
	}
	d.buf = d.buf[:len(d.buf)+int(n)]
	return unsafeString(b)
}

func (d *decoder) strings() []string {
	n := d.uint()
	if n == 0 || d.err != nil {
		return nil
	}
	out := make([]string, n-1)
	for i := range out {
		out[i] = d.string()
	}
	return out
}

func (d *decoder) ptr() *string {
	if !d.bool() {
		return nil
	}
	s := d.string()
	return &s
}

func (d *decoder) time() time.Time {
	var loc *time.Location
	switch d.byte() {
	case 0:
		return time.Time{}
	case 1:
		loc = d.loc
	case 2:
		name := d.string()
		loc = time.FixedZone(name, int(d.int()))
	default:
		d.fail(errBad)
		return time.Time{}
	}
	sec := d.int()
	return time.Unix(sec, int64(d.uint())).In(loc)
}

func (d *decoder) pos() diag.Pos {
	p := diag.Pos{File: d.file}
	if !d.bool() {
		p.File = d.unique()
	}
	p.Line, p.Col = int(d.uint()), int(d.uint())
	return p
}

func (d *decoder) facts() Facts {
	return Facts{Title: d.string(), Severity: Severity(d.string()), Scope: d.strings(),
		Impact: d.string(), Workaround: d.string()}
}

func (d *decoder) texts() Texts {
	return Texts{Title: d.ptr(), Impact: d.ptr(), Workaround: d.ptr()}
}

func (d *decoder) count() int {
	n := d.uint()
	if n > MaxFileSize {
		d.fail(errBad)
		return 0
	}
	return int(n)
}

func (d *decoder) langs() *Translations[Texts] {
	n := d.count()
	if n == 0 {
		return nil
	}
	t := &Translations[Texts]{list: make([]Translation[Texts], n-1)}
	for i := range t.list {
		t.list[i].Lang = d.string()
		t.list[i].Text = d.texts()
	}
	return t
}

func (d *decoder) htmls() *Translations[template.HTML] {
	n := d.count()
	if n == 0 {
		return nil
	}
	t := &Translations[template.HTML]{list: make([]Translation[template.HTML], n-1)}
	for i := range t.list {
		t.list[i].Lang = d.string()
		t.list[i].Text = template.HTML(d.string()) // written from parsed, safe HTML
	}
	return t
}

func (d *decoder) incident() *Incident {
	in := &Incident{}
	d.file = ""
	in.File = d.unique()
	d.file = in.File
	in.Slug = d.unique()
	if _, err := io.ReadFull(d.r, in.Sum[:]); err != nil {
		d.fail(errBad)
	}
	in.Title = d.string()
	in.Severity = Severity(d.string())
	in.Scope = d.strings()
	in.Started, in.ETA, in.NextUpdate, in.Resolved = d.time(), d.time(), d.time(), d.time()
	in.Impact = d.string()
	in.Workaround = d.string()
	in.Draft = d.bool()
	in.Cancelled = d.bool()
	if d.bool() {
		in.SetOpening(d.facts())
	}
	if n := d.count(); n > 0 {
		in.Changes = make([]Change, n-1)
		for i := range in.Changes {
			c := &in.Changes[i]
			c.At, c.Pos, c.AtPos = d.time(), d.pos(), d.pos()
			c.Title = d.ptr()
			c.Severity = Severity(d.string())
			c.Scope = d.strings()
			c.Impact, c.Workaround = d.ptr(), d.ptr()
			c.Lang = d.langs()
		}
	}
	in.Summary = template.HTML(d.string())
	if n := d.count(); n > 0 {
		in.Updates = make([]Update, n-1)
		for i := range in.Updates {
			u := &in.Updates[i]
			u.At = d.time()
			u.Status = Status(d.string())
			u.Body = template.HTML(d.string())
			u.Line = int32(min(d.uint(), MaxFileSize))
			u.Reopened = d.bool()
			in.setUpdateLang(i, d.htmls())
		}
	}
	in.Postmortem = template.HTML(d.string())
	in.keys = d.string()
	in.topBroken = d.bool()
	if t := d.langs(); t != nil {
		in.more().lang = t
	}
	if t := d.htmls(); t != nil {
		in.more().summaryLang = t
	}
	if t := d.htmls(); t != nil {
		in.more().postmortemLang = t
	}
	return in
}

// unsafeString is b as a string without a copy: the decoder never writes
// to bytes it has handed out (it only appends after them), and a cache
// of 100,000 incidents holds millions of strings.
func unsafeString(b []byte) string { return unsafe.String(&b[0], len(b)) }
