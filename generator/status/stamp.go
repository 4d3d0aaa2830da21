package status

import (
	"encoding/binary"
	"hash/fnv"
	"time"
)

// Stamp is an incident as pages and feeds show it at "now": the content
// of its file and what the model derives from it at now. Everything a
// page shows of one incident comes from those two under the same
// settings and theme, so two equal stamps print the same, though the
// clock moved on between them: a build an hour later finds the stamp of
// every incident whose phase, state, last change and passed times did
// not change equal, and reuses its pages. Stamps are values that stay
// the same from one process to the next (a build can keep them on disk).
type Stamp struct {
	sum   [16]byte // the first half of the file's SHA-256
	facts uint64   // FNV-1a of its path and what the model derived at now
}

// Stamp returns the incident's stamp.
func (in *Incident) Stamp() Stamp { return in.stamp[0] }

// Stamps returns the incident's stamp as a list of one, the same slice
// on every call (for rebuild.Deps of a file that shows this incident
// alone, without a list for each). It must not be changed.
func (in *Incident) Stamps() []Stamp { return in.stamp[:] }

// Bytes appends the stamp to b, as 24 bytes that tell stamps apart.
func (s Stamp) Bytes(b []byte) []byte {
	b = append(b, s.sum[:]...)
	return binary.LittleEndian.AppendUint64(b, s.facts)
}

// stampOf derives the stamp of in at now, once its Changed is known. The
// facts are those a page reads beyond the file: the phase and state, the
// last change, which of its times have passed, and whether the time of
// the report that gave the ETA is today (a note then prints only its
// clock time).
func stampOf(in *Incident, now time.Time) Stamp {
	src := in.Source()
	var s Stamp
	copy(s.sum[:], src.Sum[:])
	h := fnv.New64a()
	var buf [64]byte
	b := append(buf[:0], src.File...)
	b = append(b, 0)
	b = append(b, in.Phase...)
	b = append(b, 0)
	b = append(b, in.State()...)
	b = append(b, 0)
	b = binary.LittleEndian.AppendUint64(b, uint64(in.changed.UnixNano()))
	passed := func(t time.Time) bool { return !t.IsZero() && !t.After(now) }
	var flags uint8
	for i, on := range []bool{in.ETAPassed, in.Reopened, passed(in.Started), passed(in.End),
		passed(in.ETA), passed(in.NextUpdate), passed(in.Resolved), sameDay(in.ETAGiven(), now)} {
		if on {
			flags |= 1 << i
		}
	}
	b = append(b, flags)
	h.Write(b)
	s.facts = h.Sum64()
	return s
}

// sameDay reports whether t falls on now's date in now's zone.
func sameDay(t, now time.Time) bool {
	y, m, d := t.In(now.Location()).Date()
	ny, nm, nd := now.Date()
	return y == ny && m == nm && d == nd
}
