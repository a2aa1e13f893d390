// Package testdocs composes documents for the tests of the renderers, the
// way a program does: through generator.New and Generator.Document.
package testdocs

import (
	"testing"

	"kehoach/generator"
	"kehoach/generator/document"
)

// Compose returns the document of the given kind (generator.DocDistrict,
// generator.DocPlan or a report period's id) for school s; s is ignored
// for the issuer's plan and may be nil.
func Compose(plan *generator.Plan, s *generator.School, kind string) (*document.Document, error) {
	var schools []generator.School
	ref := generator.DocRef{Kind: kind}
	if s != nil && kind != generator.DocDistrict {
		schools = []generator.School{*s}
		ref.School = s.ID
	}
	g, err := generator.New(plan, schools, generator.Options{})
	if err != nil {
		return nil, err
	}
	return g.Document(ref)
}

// Document is Compose for a test: a failure ends the test.
func Document(t testing.TB, plan *generator.Plan, s *generator.School, kind string) *document.Document {
	t.Helper()
	d, err := Compose(plan, s, kind)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
