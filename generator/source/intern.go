package source

import "strings"

// strs gives each text an incident keeps its own memory, so that none
// holds on to the file it was cut from, and one copy of a text that
// many files repeat: a site of 100,000 incidents says "We are
// investigating" and "This incident has been resolved" thousands of
// times. A nil strs only copies. One strs serves one goroutine; the
// Loader has one for each of its workers, for one load.
type strs map[string]string

// maxStrs bounds a strs: on a site whose texts seldom repeat, the table
// would grow with the site; emptied when full, it keeps finding the
// texts that repeat often, for at most a few MB.
const maxStrs = 1 << 15

func (m strs) add(s string) {
	if len(m) >= maxStrs {
		clear(m)
	}
	m[s] = s
}

// text returns s in memory of its own, the copy already made when an
// equal text was seen before.
func (m strs) text(s string) string {
	if s == "" {
		return ""
	}
	if m == nil {
		return strings.Clone(s)
	}
	if c, ok := m[s]; ok {
		return c
	}
	c := strings.Clone(s)
	m.add(c)
	return c
}

// own is text for s that owns its memory already (as made by the
// Markdown renderer): no copy is needed.
func (m strs) own(s string) string {
	if m == nil || s == "" {
		return s
	}
	if c, ok := m[s]; ok {
		return c
	}
	m.add(s)
	return s
}

// known returns the entry of list equal to s, or s's own copy: the word
// of a fixed set (a component id, a language code, a status) costs
// nothing to keep.
func (m strs) known(s string, list []string) string {
	for _, k := range list {
		if k == s {
			return k
		}
	}
	return m.text(s)
}

// statusNamed and severityNamed return the constant named s, else s's
// own copy.
func statusNamed(s string) Status {
	for _, list := range [][]Status{IncidentStatuses, MaintenanceStatuses} {
		for _, k := range list {
			if string(k) == s {
				return k
			}
		}
	}
	return Status(strings.Clone(s))
}

func severityNamed(s string) Severity {
	for _, k := range Severities {
		if string(k) == s {
			return k
		}
	}
	return Severity(strings.Clone(s))
}
