package rebuild

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"unsafe"
)

// Save writes the engine's records of its last run (the epoch and, per
// output, the hash of its Deps and the hash and size of its bytes), for
// Load in another process: an engine loaded so makes again only the
// outputs whose dependencies changed, as it would have in the process
// that saved them. Its Parts are not saved.
func (e *Engine) Save(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf []byte
	buf = binary.AppendUvarint(buf, uint64(len(e.epoch)))
	buf = append(buf, e.epoch...)
	buf = binary.AppendUvarint(buf, uint64(len(e.names)))
	bw.Write(buf)
	for _, name := range e.names {
		f := e.files[name]
		if f == nil {
			return errors.New("rebuild: records and names disagree")
		}
		buf = binary.AppendUvarint(buf[:0], uint64(len(name)))
		buf = append(buf, name...)
		buf = append(buf, f.deps[:]...)
		buf = append(buf, f.sum[:]...)
		buf = binary.AppendUvarint(buf, uint64(f.size))
		bw.Write(buf)
	}
	return bw.Flush()
}

// Load replaces the engine's records with those Save wrote. On an error
// (data cut short or not Save's) the engine is left as it was.
func (e *Engine) Load(r io.Reader) error {
	s, err := Read(r)
	if err != nil {
		return err
	}
	e.Use(s)
	return nil
}

// Saved is records that Save wrote, read back by Read and not yet taken
// by an engine: a caller that knows only once it has read them whether
// they are good (an on-disk cache checks a checksum at the end) reads
// them straight from the file, and hands them to the engine with Use
// once they are, rather than reading the whole file into memory first.
type Saved struct {
	epoch string
	files map[string]*file
	names []string
	// blocks hold the records, which Use makes the engine's.
	blocks [][]file
}

// savedBlock is how many records Read allocates at once: a count that
// data cut short or changed makes huge allocates no more than the
// records the data holds.
const savedBlock = 1 << 14

// Read reads what Save wrote, for Use.
func Read(r io.Reader) (*Saved, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	epoch, err := readString(br)
	if err != nil {
		return nil, err
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1<<26 {
		return nil, errBadState
	}
	s := &Saved{epoch: epoch, files: make(map[string]*file, min(n, 1<<18)), names: make([]string, 0, min(n, 1<<18))}
	var block []file // the rest of the last block
	// Names are cut from one buffer, a few allocations for a site of
	// 100,000 files rather than one each; they live as long as the
	// records.
	var text []byte
	for i := range n {
		k, err := binary.ReadUvarint(br)
		if err != nil || k > 1<<16 {
			return nil, errBadState
		}
		if uint64(cap(text)-len(text)) < k {
			text = make([]byte, 0, max(k, 1<<16))
		}
		b := text[len(text) : len(text)+int(k)]
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, errBadState
		}
		text = text[:len(text)+int(k)]
		var name string
		if k > 0 {
			name = unsafe.String(&b[0], len(b)) // text is only appended to
		}
		if len(block) == 0 {
			block = make([]file, min(n-i, savedBlock))
			s.blocks = append(s.blocks, block)
		}
		f := &block[0]
		block = block[1:]
		f.name = name
		if _, err := io.ReadFull(br, f.deps[:]); err != nil {
			return nil, errBadState
		}
		if _, err := io.ReadFull(br, f.sum[:]); err != nil {
			return nil, errBadState
		}
		size, err := binary.ReadUvarint(br)
		if err != nil || (len(s.names) > 0 && s.names[len(s.names)-1] >= name) {
			return nil, errBadState // names are sorted, so unique
		}
		f.size = int64(size)
		s.files[name] = f
		s.names = append(s.names, name)
	}
	return s, nil
}

// Use replaces the engine's records with s, which it takes: s is empty
// after.
func (e *Engine) Use(s *Saved) {
	for _, block := range s.blocks {
		for i := range block {
			block[i].gen, block[i].of = e.gen, e
		}
	}
	drop(e.files)
	e.epoch, e.files, e.names = s.epoch, s.files, s.names
	*s = Saved{}
}

var errBadState = errors.New("rebuild: saved records cut short or not made by Save")

func readString(r *bufio.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<16 {
		return "", errBadState
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", errBadState
	}
	return string(b), nil
}
