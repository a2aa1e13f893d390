package generator

import (
	"fmt"
	"reflect"
	"strings"
)

// Plan returns a copy of the plan, as checked and normalised by New.
func (g *Generator) Plan() *Plan {
	p := new(Plan)
	deepCopy(reflect.ValueOf(p).Elem(), reflect.ValueOf(g.plan).Elem())
	p.File = g.plan.File
	return p
}

// Schools returns copies of the schools, in their order.
func (g *Generator) Schools() []School {
	out := make([]School, len(g.schools))
	for i := range g.schools {
		out[i] = g.schools[i].clone()
	}
	return out
}

// School returns a copy of the school with that id.
func (g *Generator) School(id string) (School, bool) {
	s, ok := g.byID[id]
	if !ok {
		return School{}, false
	}
	return s.clone(), true
}

func (s *School) clone() School {
	var c School
	deepCopy(reflect.ValueOf(&c).Elem(), reflect.ValueOf(s).Elem())
	return c
}

// WithSchool returns a Generator for one school of g whose details have
// changed: s is that school (found by s.ID) as someone edited it, its
// document number and date, its principal or the people it assigns, say.
// The new Generator shares g's compiled plan, template and fonts, so it
// is cheap to make for every request of a web page, and lists the
// issuer's plan and s's documents.
//
// s is checked as New checks a school, with the same messages. Problems
// come back as Problems whose keys are s's own fields, without the
// truong[…] of a file: "so", "hieu_truong.ho_ten",
// "phu_trach.dan_van.ho_ten".
func (g *Generator) WithSchool(s School) (*Generator, error) {
	if _, ok := g.byID[s.ID]; !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownSchool, s.ID)
	}
	f := &schoolFile{Schools: []School{s.clone()}}
	const key = "truong[1]"
	pl := &problemList{file: "trường " + s.ID}
	sanitize(pl, key, reflect.ValueOf(&f.Schools[0]).Elem())
	f.check(pl)
	f.Schools[0].line = 0 // the change has no line in any file
	f.Schools[0].checkForPlan(pl, key, g.plan)
	if len(pl.list) > 0 {
		for i := range pl.list {
			pl.list[i].Key = strings.TrimPrefix(strings.TrimPrefix(pl.list[i].Key, key), ".")
		}
		return nil, pl.list
	}
	n := &Generator{plan: g.plan, schools: f.Schools, byID: map[string]*School{}, index: map[docKey]int{},
		layout: g.layout, tmpl: g.tmpl, created: g.created, pdf: g.pdf}
	n.list()
	return n, nil
}
