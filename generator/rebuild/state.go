package rebuild

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
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
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	epoch, err := readString(br)
	if err != nil {
		return err
	}
	n, err := binary.ReadUvarint(br)
	if err != nil || n > 1<<26 {
		return errBadState
	}
	files := make(map[string]*file, n)
	names := make([]string, 0, n)
	block := make([]file, n)
	for i := range block {
		name, err := readString(br)
		if err != nil {
			return err
		}
		f := &block[i]
		if _, err := io.ReadFull(br, f.deps[:]); err != nil {
			return errBadState
		}
		if _, err := io.ReadFull(br, f.sum[:]); err != nil {
			return errBadState
		}
		size, err := binary.ReadUvarint(br)
		if err != nil || files[name] != nil || (len(names) > 0 && names[len(names)-1] >= name) {
			return errBadState
		}
		f.size = int64(size)
		f.gen = e.gen
		f.name, f.of = name, e
		files[name] = f
		names = append(names, name)
	}
	drop(e.files)
	e.epoch, e.files, e.names = epoch, files, names
	return nil
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
