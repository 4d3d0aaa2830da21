package importer

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/statuspress/statuspress/generator/diag"
)

// jsonPositions finds where each value of a JSON document starts, so
// that notes can point into the foreign file. Paths are slash-joined
// keys and indexes from the root: "incidents/3/incident_updates/0"; a
// value under a key is placed at its key.
type jsonPositions struct {
	file  string
	data  []byte
	lines []int // offsets of line starts
	at    map[string]int
}

func newJSONPositions(file string, data []byte) *jsonPositions {
	jp := &jsonPositions{file: file, data: data, lines: []int{0}, at: map[string]int{}}
	for i, c := range data {
		if c == '\n' {
			jp.lines = append(jp.lines, i+1)
		}
	}
	type frame struct {
		path   string
		array  bool
		index  int
		key    string
		hasKey bool
	}
	var stack []*frame
	child := func() string {
		if len(stack) == 0 {
			return ""
		}
		f := stack[len(stack)-1]
		if f.array {
			p := join(f.path, strconv.Itoa(f.index))
			f.index++
			return p
		}
		return join(f.path, f.key)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		end := int(dec.InputOffset())
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				p := child()
				if _, ok := jp.at[p]; !ok {
					jp.at[p] = end - 1
				}
				stack = append(stack, &frame{path: p, array: t == '['})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 {
					stack[len(stack)-1].hasKey = false
				}
			}
		default:
			if top != nil && !top.array && !top.hasKey {
				top.key, top.hasKey = t.(string), true
				jp.at[join(top.path, top.key)] = keyStart(data, end)
				continue
			}
			child()
			if top != nil && !top.array {
				top.hasKey = false
			}
		}
	}
	return jp
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "/" + b
}

// keyStart finds the opening quote of the string that ends at end.
func keyStart(data []byte, end int) int {
	for i := end - 2; i >= 0; i-- {
		if data[i] == '"' && (i == 0 || data[i-1] != '\\') {
			return i
		}
	}
	return 0
}

// pos returns the position of the value at path, or of the nearest
// enclosing value that has one.
func (jp *jsonPositions) pos(path string) diag.Pos {
	for {
		if off, ok := jp.at[path]; ok {
			return jp.offsetPos(off)
		}
		i := bytes.LastIndexByte([]byte(path), '/')
		if i < 0 {
			return diag.Pos{File: jp.file, Line: 1, Col: 1}
		}
		path = path[:i]
	}
}

func (jp *jsonPositions) offsetPos(off int) diag.Pos {
	lo, hi := 0, len(jp.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if jp.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return diag.Pos{File: jp.file, Line: lo + 1, Col: utf8.RuneCount(jp.data[jp.lines[lo]:off]) + 1}
}
