package render

import (
	"reflect"
	"strings"
	"text/template/parse"
)

// pipe compiles a pipeline: each command's value is the next one's last
// argument; an interface value is opened; the variables it declares are
// set to its value.
func (c *compiler) pipe(p *parse.PipeNode) (valFn, error) {
	if p == nil {
		return func(*state, reflect.Value) reflect.Value { return reflect.Value{} }, nil
	}
	if len(p.Cmds) == 0 {
		return nil, unsupported(p, "empty pipeline")
	}
	cmds := make([]cmdFn, len(p.Cmds))
	for i, cmd := range p.Cmds {
		fn, err := c.command(cmd, i > 0)
		if err != nil {
			return nil, err
		}
		cmds[i] = fn
	}
	var slots []int
	for _, v := range p.Decl {
		if p.IsAssign {
			i, err := c.lookup(v, v.Ident[0])
			if err != nil {
				return nil, err
			}
			slots = append(slots, i)
		}
	}
	if !p.IsAssign {
		for _, v := range p.Decl {
			slots = append(slots, c.declare(v.Ident[0]))
		}
	}
	eval := func(s *state, dot reflect.Value) reflect.Value {
		var v reflect.Value
		for _, cmd := range cmds {
			v = cmd(s, dot, v)
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = v.Elem()
			}
		}
		return v
	}
	if len(cmds) == 1 {
		cmd := cmds[0]
		eval = func(s *state, dot reflect.Value) reflect.Value {
			v := cmd(s, dot, reflect.Value{})
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = v.Elem()
			}
			return v
		}
	}
	if len(slots) == 0 {
		return eval, nil
	}
	return func(s *state, dot reflect.Value) reflect.Value {
		v := eval(s, dot)
		for _, i := range slots {
			s.vars[s.base+i] = v
		}
		return v
	}, nil
}

// cmdFn gives a command's value; final is the value of the command
// before it in the pipeline, if it has one (known when it is compiled).
type cmdFn func(s *state, dot, final reflect.Value) reflect.Value

func (c *compiler) command(cmd *parse.CommandNode, hasFinal bool) (cmdFn, error) {
	if len(cmd.Args) == 0 {
		return nil, unsupported(cmd, "empty command")
	}
	args := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.chain(n, nil, n.Ident, args, hasFinal)
	case *parse.ChainNode:
		if n.Node.Type() == parse.NodeNil {
			return nil, unsupported(n, "nil chain")
		}
		recv, err := c.value(n.Node)
		if err != nil {
			return nil, err
		}
		return c.chain(n, recv, n.Field, args, hasFinal)
	case *parse.VariableNode:
		slot, err := c.lookup(n, n.Ident[0])
		if err != nil {
			return nil, err
		}
		recv := func(s *state, _ reflect.Value) reflect.Value { return s.vars[s.base+slot] }
		if len(n.Ident) == 1 {
			if len(args) > 0 || hasFinal {
				return nil, unsupported(n, "argument to a variable")
			}
			return func(s *state, dot, _ reflect.Value) reflect.Value { return recv(s, dot) }, nil
		}
		return c.chain(n, recv, n.Ident[1:], args, hasFinal)
	case *parse.IdentifierNode:
		return c.function(n, args, hasFinal)
	case *parse.PipeNode:
		if len(args) > 0 || hasFinal {
			return nil, unsupported(n, "argument to a pipeline")
		}
		pipe, err := c.pipe(n)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot, _ reflect.Value) reflect.Value { return pipe(s, dot) }, nil
	}
	if len(args) > 0 || hasFinal {
		return nil, unsupported(cmd, "argument to a constant")
	}
	v, err := constant(cmd.Args[0])
	if err != nil {
		return nil, err
	}
	return func(_ *state, dot, _ reflect.Value) reflect.Value {
		if !v.IsValid() {
			return dot
		}
		return v
	}, nil
}

// constant is the value of a constant word of a command, invalid for dot.
func constant(n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return reflect.Value{}, nil
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), nil
	case *parse.NumberNode:
		return idealConstant(n)
	}
	return reflect.Value{}, unsupported(n, "command")
}

// idealConstant is text/template's value of a number of no known type.
func idealConstant(n *parse.NumberNode) (reflect.Value, error) {
	switch {
	case n.IsComplex:
		return reflect.ValueOf(n.Complex128), nil
	case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
		return reflect.ValueOf(n.Float64), nil
	case n.IsInt:
		i := int(n.Int64)
		if int64(i) != n.Int64 {
			return reflect.Value{}, unsupported(n, "overflows int")
		}
		return reflect.ValueOf(i), nil
	}
	return reflect.Value{}, unsupported(n, "number")
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// value compiles an argument as text/template evaluates one of no known
// type (evalArg with a nil type, evalEmptyInterface).
func (c *compiler) value(n parse.Node) (valFn, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, dot reflect.Value) reflect.Value { return dot }, nil
	case *parse.FieldNode, *parse.ChainNode, *parse.VariableNode, *parse.IdentifierNode:
		cmd, err := c.command(&parse.CommandNode{NodeType: parse.NodeCommand, Args: []parse.Node{n}}, false)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot reflect.Value) reflect.Value { return cmd(s, dot, reflect.Value{}) }, nil
	case *parse.PipeNode:
		return c.pipe(n)
	case *parse.NilNode:
		return nil, unsupported(n, "nil argument")
	}
	v, err := constant(n)
	if err != nil {
		return nil, err
	}
	return func(*state, reflect.Value) reflect.Value { return v }, nil
}

// chain compiles .X.Y.Z (recv nil: on dot) or (pipe).X.Y or $x.Y.Z: the
// fields (or methods) are found on each receiver, the last one given
// args and final when it is a method.
func (c *compiler) chain(n parse.Node, recv valFn, idents []string, args []parse.Node, hasFinal bool) (cmdFn, error) {
	steps := make([]*fieldStep, len(idents))
	for i, name := range idents {
		steps[i] = &fieldStep{name: name}
	}
	last := steps[len(steps)-1]
	argFns := make([]valFn, len(args))
	consts := make([]parse.Node, len(args))
	for i, a := range args {
		switch a.(type) {
		case *parse.BoolNode, *parse.StringNode, *parse.NumberNode, *parse.NilNode:
			// Its value depends on the method's parameter's type.
			consts[i] = a
			continue
		}
		fn, err := c.value(a)
		if err != nil {
			return nil, err
		}
		argFns[i] = fn
	}
	last.consts = consts
	last.args, last.hasFinal = argFns, hasFinal
	init := steps[:len(steps)-1]
	return func(s *state, dot, final reflect.Value) reflect.Value {
		v := dot
		if recv != nil {
			v = recv(s, dot)
		}
		for _, st := range init {
			v = st.eval(s, dot, v, reflect.Value{})
		}
		return last.eval(s, dot, v, final)
	}, nil
}
