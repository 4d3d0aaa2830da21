package markdown

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// context is goldmark's parser context (parser.NewContext), made to be
// emptied and used again: goldmark makes a new one, with its store,
// maps and lists, for every conversion, and a build converts every
// section of every file. It behaves as goldmark's own does.
type context struct {
	store         []any
	ids           parser.IDs // made when first asked for (heading ids, which we do not make)
	refs          map[string]parser.Reference
	blockOffset   int
	blockIndent   int
	delimiters    *parser.Delimiter
	lastDelimiter *parser.Delimiter
	openedBlocks  []parser.Block
	// linkLabel is the key under which goldmark's link parser keeps
	// its state (see linkLabelKey).
	linkLabel parser.ContextKey
}

func newContext(linkLabel parser.ContextKey) *context {
	c := &context{store: make([]any, parser.ContextKeyMax+1), refs: map[string]parser.Reference{}, linkLabel: linkLabel}
	c.reset()
	return c
}

// linkLabelKey finds the key of goldmark's link parser's state, which
// IsInLinkLabel (asked by Linkify) looks at and goldmark does not
// export: the one key that makes its own context say yes.
func linkLabelKey() parser.ContextKey {
	pc := parser.NewContext()
	for k := parser.ContextKey(0); k <= parser.ContextKeyMax; k++ {
		pc.Set(k, true)
		in := pc.IsInLinkLabel()
		pc.Set(k, nil)
		if in {
			return k
		}
	}
	panic("markdown: goldmark keeps the link label state elsewhere")
}

// reset empties c as if new, keeping its memory.
func (c *context) reset() {
	if len(c.store) != int(parser.ContextKeyMax)+1 {
		c.store = make([]any, parser.ContextKeyMax+1) // an extension made a key since
	}
	clear(c.store)
	clear(c.refs)
	c.ids = nil
	c.blockOffset, c.blockIndent = -1, -1
	c.delimiters, c.lastDelimiter = nil, nil
	clear(c.openedBlocks[:cap(c.openedBlocks)])
	c.openedBlocks = c.openedBlocks[:0]
}

func (c *context) Get(key parser.ContextKey) any { return c.store[key] }

func (c *context) ComputeIfAbsent(key parser.ContextKey, f func() any) any {
	v := c.store[key]
	if v == nil {
		v = f()
		c.store[key] = v
	}
	return v
}

func (c *context) Set(key parser.ContextKey, value any) { c.store[key] = value }

func (c *context) IDs() parser.IDs {
	if c.ids == nil {
		c.ids = parser.NewContext().IDs()
	}
	return c.ids
}

func (c *context) BlockOffset() int                  { return c.blockOffset }
func (c *context) SetBlockOffset(v int)              { c.blockOffset = v }
func (c *context) BlockIndent() int                  { return c.blockIndent }
func (c *context) SetBlockIndent(v int)              { c.blockIndent = v }
func (c *context) LastDelimiter() *parser.Delimiter  { return c.lastDelimiter }
func (c *context) FirstDelimiter() *parser.Delimiter { return c.delimiters }

func (c *context) PushDelimiter(d *parser.Delimiter) {
	if c.delimiters == nil {
		c.delimiters = d
		c.lastDelimiter = d
	} else {
		l := c.lastDelimiter
		c.lastDelimiter = d
		l.NextDelimiter = d
		d.PreviousDelimiter = l
	}
}

func (c *context) RemoveDelimiter(d *parser.Delimiter) {
	if d.PreviousDelimiter == nil {
		c.delimiters = d.NextDelimiter
	} else {
		d.PreviousDelimiter.NextDelimiter = d.NextDelimiter
		if d.NextDelimiter != nil {
			d.NextDelimiter.PreviousDelimiter = d.PreviousDelimiter
		}
	}
	if d.NextDelimiter == nil {
		c.lastDelimiter = d.PreviousDelimiter
	}
	if c.delimiters != nil {
		c.delimiters.PreviousDelimiter = nil
	}
	if c.lastDelimiter != nil {
		c.lastDelimiter.NextDelimiter = nil
	}
	d.NextDelimiter = nil
	d.PreviousDelimiter = nil
	if d.Length != 0 {
		ast.MergeOrReplaceTextSegment(d.Parent(), d, d.Segment)
	} else {
		d.Parent().RemoveChild(d.Parent(), d)
	}
}

func (c *context) ClearDelimiters(bottom ast.Node) {
	if c.lastDelimiter == nil {
		return
	}
	for n := ast.Node(c.lastDelimiter); n != nil && n != bottom; {
		prev := n.PreviousSibling()
		if d, ok := n.(*parser.Delimiter); ok {
			c.RemoveDelimiter(d)
		}
		n = prev
	}
}

func (c *context) AddReference(ref parser.Reference) {
	key := util.ToLinkReference(ref.Label())
	if _, ok := c.refs[key]; !ok {
		c.refs[key] = ref
	}
}

func (c *context) Reference(label string) (parser.Reference, bool) {
	v, ok := c.refs[label]
	return v, ok
}

func (c *context) References() []parser.Reference {
	out := make([]parser.Reference, 0, len(c.refs))
	for _, v := range c.refs {
		out = append(out, v)
	}
	return out
}

func (c *context) String() string {
	refs := []string{}
	for _, r := range c.refs {
		refs = append(refs, r.String())
	}
	return fmt.Sprintf("Context{Store:%#v, Refs:%s}", c.store, strings.Join(refs, ","))
}

func (c *context) OpenedBlocks() []parser.Block     { return c.openedBlocks }
func (c *context) SetOpenedBlocks(v []parser.Block) { c.openedBlocks = v }

func (c *context) LastOpenedBlock() parser.Block {
	if l := len(c.openedBlocks); l != 0 {
		return c.openedBlocks[l-1]
	}
	return parser.Block{}
}

func (c *context) IsInLinkLabel() bool {
	return c.store[c.linkLabel] != nil
}
