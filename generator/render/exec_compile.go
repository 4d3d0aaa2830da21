package render

import (
	"reflect"
	"slices"
	"strings"
	"text/template/parse"
)

// compiler compiles one template: vars are the names of the variables in
// scope, innermost last, each at its index in the template's frame.
type compiler struct {
	p     *program
	vars  []string
	slots int
	loops int // ranges around the node being compiled
}

func (c *compiler) declare(name string) int {
	c.vars = append(c.vars, name)
	c.slots = max(c.slots, len(c.vars))
	return len(c.vars) - 1
}

// lookup is the slot of variable name, the innermost declared.
func (c *compiler) lookup(n parse.Node, name string) (int, error) {
	for i := len(c.vars) - 1; i >= 0; i-- {
		if c.vars[i] == name {
			return i, nil
		}
	}
	return 0, unsupported(n, "undefined variable")
}

func (c *compiler) list(l *parse.ListNode) (nodeFn, error) {
	if l == nil {
		return func(*state, reflect.Value) {}, nil
	}
	var fns []nodeFn
	for _, n := range l.Nodes {
		fn, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if fn != nil {
			fns = append(fns, fn)
		}
	}
	switch len(fns) {
	case 0:
		return func(*state, reflect.Value) {}, nil
	case 1:
		return fns[0], nil
	}
	if c.loops == 0 {
		return func(s *state, dot reflect.Value) {
			for _, fn := range fns {
				fn(s, dot)
			}
		}, nil
	}
	// Inside a range a {{break}} or {{continue}} ends the list.
	return func(s *state, dot reflect.Value) {
		for _, fn := range fns {
			fn(s, dot)
			if s.ctl != 0 {
				return
			}
		}
	}, nil
}

func (c *compiler) node(n parse.Node) (nodeFn, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) { s.w.Write(text) }, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.ListNode:
		return c.list(n)
	case *parse.TemplateNode:
		return c.templateNode(n)
	case *parse.BreakNode:
		if c.loops == 0 {
			return nil, unsupported(n, "break outside range")
		}
		return func(s *state, _ reflect.Value) { s.ctl = ctlBreak }, nil
	case *parse.ContinueNode:
		if c.loops == 0 {
			return nil, unsupported(n, "continue outside range")
		}
		return func(s *state, _ reflect.Value) { s.ctl = ctlContinue }, nil
	}
	return nil, unsupported(n, "node")
}

// action prints its pipeline's value, unless it declares variables.
func (c *compiler) action(n *parse.ActionNode) (nodeFn, error) {
	if text, err := c.printText(n.Pipe); text != nil || err != nil {
		return text, err
	}
	pipe, err := c.pipe(n.Pipe)
	if err != nil {
		return nil, err
	}
	if len(n.Pipe.Decl) > 0 {
		return func(s *state, dot reflect.Value) { pipe(s, dot) }, nil
	}
	return func(s *state, dot reflect.Value) { s.print(pipe(s, dot)) }, nil
}

// printText compiles an action whose last command calls a theme's
// function with a result printed as it is (nearly every action, once
// typed put in its escapers of plain strings): its text is written to the
// page straight. Nil when it is not one.
func (c *compiler) printText(p *parse.PipeNode) (nodeFn, error) {
	if len(p.Decl) > 0 || len(p.Cmds) == 0 {
		return nil, nil
	}
	last := p.Cmds[len(p.Cmds)-1]
	id, ok := last.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil, nil
	}
	hasFinal := len(p.Cmds) > 1
	var text textFn
	if fn, ok := c.p.funcs[id.Ident]; ok {
		var err error
		if text, err = c.textCall(id, fn, last.Args[1:], hasFinal); text == nil || err != nil {
			return nil, err
		}
	} else if esc, ok := escapers[id.Ident]; ok && hasFinal && len(last.Args) == 1 {
		text = func(_ *state, _, final reflect.Value) string { return runEscaper(id.Ident, esc, final) }
	} else {
		return nil, nil
	}
	if !hasFinal {
		return func(s *state, dot reflect.Value) { s.w.WriteString(text(s, dot, reflect.Value{})) }, nil
	}
	before, err := c.pipe(&parse.PipeNode{NodeType: parse.NodePipe, Pos: p.Pos, Line: p.Line, Cmds: p.Cmds[:len(p.Cmds)-1]})
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) { s.w.WriteString(text(s, dot, before(s, dot))) }, nil
}

func (c *compiler) ifOrWith(p *parse.PipeNode, list, elseList *parse.ListNode, with bool) (nodeFn, error) {
	scope := len(c.vars)
	defer func() { c.vars = c.vars[:scope] }()
	pipe, err := c.pipe(p)
	if err != nil {
		return nil, err
	}
	body, err := c.list(list)
	if err != nil {
		return nil, err
	}
	var alt nodeFn
	if elseList != nil {
		if alt, err = c.list(elseList); err != nil {
			return nil, err
		}
	}
	return func(s *state, dot reflect.Value) {
		val := pipe(s, dot)
		truth, ok := isTrue(indirectInterface(val))
		if !ok {
			panic(bail{})
		}
		switch {
		case truth && with:
			body(s, val)
		case truth:
			body(s, dot)
		case alt != nil:
			alt(s, dot)
		}
	}, nil
}

func (c *compiler) rangeNode(r *parse.RangeNode) (nodeFn, error) {
	scope := len(c.vars)
	defer func() { c.vars = c.vars[:scope] }()
	pipe, err := c.pipe(r.Pipe)
	if err != nil {
		return nil, err
	}
	// The slots the iterations set: with one variable the element, with
	// two the index and the element, declared by the pipeline (after
	// scope) or assigned.
	idxSlot, elemSlot := -1, -1
	slotOf := func(i int) (int, error) {
		if v := r.Pipe.Decl[i]; r.Pipe.IsAssign {
			return c.lookup(v, v.Ident[0])
		}
		return len(c.vars) - len(r.Pipe.Decl) + i, nil
	}
	switch len(r.Pipe.Decl) {
	case 0:
	case 1:
		if elemSlot, err = slotOf(0); err != nil {
			return nil, err
		}
	case 2:
		if idxSlot, err = slotOf(0); err != nil {
			return nil, err
		}
		if elemSlot, err = slotOf(1); err != nil {
			return nil, err
		}
	default:
		return nil, unsupported(r, "range variables")
	}
	inner := len(c.vars)
	c.loops++
	body, err := c.list(r.List)
	c.loops--
	if err != nil {
		return nil, err
	}
	c.vars = c.vars[:inner]
	var alt nodeFn
	if r.ElseList != nil {
		if alt, err = c.list(r.ElseList); err != nil {
			return nil, err
		}
	}
	two := idxSlot >= 0
	return func(s *state, dot reflect.Value) {
		val, _ := indirect(pipe(s, dot))
		// one runs the body for one element; it reports whether to go on.
		one := func(index, elem reflect.Value) bool {
			if elemSlot >= 0 {
				s.vars[s.base+elemSlot] = elem
			}
			if two {
				s.vars[s.base+idxSlot] = index
			}
			body(s, elem)
			ctl := s.ctl
			s.ctl = 0
			return ctl != ctlBreak
		}
		switch val.Kind() {
		case reflect.Array, reflect.Slice:
			n := val.Len()
			if n == 0 {
				break
			}
			for i := range n {
				var index reflect.Value
				if two {
					index = reflect.ValueOf(i)
				}
				if !one(index, val.Index(i)) {
					break
				}
			}
			return
		case reflect.Map:
			if val.Len() == 0 {
				break
			}
			for _, k := range sortedKeys(val) {
				if !one(k, val.MapIndex(k)) {
					break
				}
			}
			return
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if two {
				panic(bail{})
			}
			run := false
			for v := range val.Seq() {
				run = true
				if !one(reflect.Value{}, v) {
					break
				}
			}
			if run {
				return
			}
		case reflect.Invalid:
		default:
			panic(bail{}) // channels, iterators, what cannot be ranged over
		}
		if alt != nil {
			alt(s, dot)
			if s.ctl == ctlBreak {
				s.ctl = 0
			}
		}
	}, nil
}

// sortedKeys are the keys of map m in the order text/template ranges
// over them (internal/fmtsort): of the kinds it orders simply; any other
// key gives up the run.
func sortedKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmpOrdered(a.Int(), b.Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmpOrdered(a.Uint(), b.Uint()) })
	default:
		panic(bail{})
	}
	return keys
}

func cmpOrdered[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (c *compiler) templateNode(n *parse.TemplateNode) (nodeFn, error) {
	callee := c.p.template(n.Name)
	if n.Pipe == nil {
		if callee == nil {
			return func(*state, reflect.Value) { panic(bail{}) }, nil
		}
		return func(s *state, _ reflect.Value) { s.call(callee, reflect.Value{}) }, nil
	}
	pipe, err := c.pipe(n.Pipe)
	if err != nil {
		return nil, err
	}
	if callee == nil {
		return func(*state, reflect.Value) { panic(bail{}) }, nil // not defined: an error
	}
	return func(s *state, dot reflect.Value) { s.call(callee, pipe(s, dot)) }, nil
}
