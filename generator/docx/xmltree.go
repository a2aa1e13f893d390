package docx

import (
	"bytes"
	"encoding/xml"
	"io"
)

// xnode is an element of a parsed XML part: enough of a tree to read
// styles, section properties, tables and run properties. Names are local
// names (w:p is "p"); every part read this way is WordprocessingML, where
// the local names do not collide.
type xnode struct {
	name  string
	attrs []xml.Attr
	kids  []*xnode
	text  string // character data, kept only for the text-bearing elements
}

// keepsText lists the elements whose character data is read.
var keepsText = map[string]bool{"t": true, "instrText": true}

// parseTree reads an XML part; it fails on XML that is not well-formed.
func parseTree(b []byte) (*xnode, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	root := &xnode{name: "#root"}
	stack := []*xnode{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch x := tok.(type) {
		case xml.StartElement:
			n := &xnode{name: x.Name.Local, attrs: x.Attr}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if keepsText[top.name] {
				top.text += string(x)
			}
		}
	}
	return root, nil
}

// attr returns the value of the attribute with the given local name, or "".
func (n *xnode) attr(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// has reports whether the attribute is present.
func (n *xnode) has(local string) bool {
	if n == nil {
		return false
	}
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return true
		}
	}
	return false
}

// child returns the first child element named name, or nil.
func (n *xnode) child(name string) *xnode {
	if n == nil {
		return nil
	}
	for _, c := range n.kids {
		if c.name == name {
			return c
		}
	}
	return nil
}

// path follows child elements by name.
func (n *xnode) path(names ...string) *xnode {
	for _, name := range names {
		n = n.child(name)
	}
	return n
}

// children returns the child elements named name.
func (n *xnode) children(name string) []*xnode {
	if n == nil {
		return nil
	}
	var out []*xnode
	for _, c := range n.kids {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// find returns the elements named name anywhere below n, in document
// order, leaving out the fallbacks of alternate content (a text box is
// written twice, once for each kind of reader).
func (n *xnode) find(name string) []*xnode {
	var out []*xnode
	var walk func(*xnode)
	walk = func(x *xnode) {
		for _, c := range x.kids {
			if c.name == "Fallback" {
				continue
			}
			if c.name == name {
				out = append(out, c)
			}
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}
