// Package testdocs composes documents for the tests of the renderers, the
// way a program does: through generator.New and Generator.Document.
package testdocs

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"kehoach/generator"
	"kehoach/generator/document"
	"kehoach/templates"
)

// Compose returns the document of the given kind (generator.DocIssuer,
// generator.DocPlan or a report period's id) for school s; s is ignored
// for the issuer's plan and may be nil.
func Compose(plan *generator.Plan, s *generator.School, kind string) (*document.Document, error) {
	var schools []generator.School
	ref := generator.DocRef{Kind: kind}
	if s != nil && kind != generator.DocIssuer {
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

// Template returns the embedded DOCX template with parts edited: each
// edit gets a part's text (empty for a part the template lacks, which is
// then added) and returns its new text.
func Template(t testing.TB, edits map[string]func(string) string) []byte {
	t.Helper()
	raw, err := templates.FS.ReadFile(templates.Document)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	done := map[string]bool{}
	write := func(name string, b []byte) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(b)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if edit := edits[f.Name]; edit != nil {
			b = []byte(edit(string(b)))
			done[f.Name] = true
		}
		write(f.Name, b)
	}
	for name, edit := range edits {
		if !done[name] {
			write(name, []byte(edit("")))
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Part returns the part called name of a rendered .docx package.
func Part(t testing.TB, pkg []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
