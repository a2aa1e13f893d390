package generator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"time"

	"kehoach/generator/document"
	"kehoach/generator/docx"
	"kehoach/generator/htmldoc"
	"kehoach/generator/pdf"
	"kehoach/generator/plaintext"
	"kehoach/templates"
)

// Format is an output format.
type Format string

// The formats a Generator writes.
const (
	DOCX Format = "docx"
	PDF  Format = "pdf"
	Text Format = "txt"
	HTML Format = "html" // a standalone page, the preview the web app shows
)

// Formats lists every format, in the order they are offered.
func Formats() []Format { return []Format{DOCX, PDF, Text, HTML} }

// Errors callers branch on.
var (
	// ErrUnknownDocument is returned by Render for a DocRef that the
	// Generator did not list.
	ErrUnknownDocument = errors.New("generator: không có văn bản này")
	// ErrFormat is returned by Render for a format it does not write.
	ErrFormat = errors.New("generator: không có định dạng này")
	// ErrUnknownSchool is returned by WithSchool for a school the
	// Generator does not have.
	ErrUnknownSchool = errors.New("generator: không có trường này")
)

// Options are what a Generator needs besides the plan and the schools.
type Options struct {
	// Created is the creation date written into DOCX and PDF properties.
	// The zero value means the plan's date, or 1 January of its year when
	// it has none: never the clock, so that the same input always gives
	// the same bytes.
	Created time.Time

	// Templates holds the DOCX template, named Template (default
	// templates.Document); nil means the embedded templates. The template
	// is also the source of the layout every format follows.
	Templates fs.FS
	Template  string
}

// DocRef names one document a Generator can make.
type DocRef struct {
	Kind   string // DocIssuer, DocPlan, or the id of a report period
	School string // the school's id; empty for the issuer's own plan
	Dir    string // folder of its files: the issuer's (co_quan.thu_muc, IssuerDir by default) or the school's id
	Name   string // file name without extension, e.g. ke-hoach
	Title  string // for people: "Kế hoạch - Trường Tiểu học Nguyễn Bỉnh Khiêm"
}

// Path is the document's file in format f, relative to an output folder,
// with forward slashes: "th-ket-doan/ke-hoach.pdf".
func (r DocRef) Path(f Format) string { return r.Dir + "/" + r.Name + "." + string(f) }

// Generator makes the documents of one plan for its schools. It is built
// once by New, which validates and compiles everything a run shares (the
// plan, the schools, the template, the layout, the fonts), and is then
// immutable and safe for concurrent use by any number of goroutines.
type Generator struct {
	plan    *Plan
	schools []School
	byID    map[string]*School
	docs    []DocRef
	index   map[docKey]int
	layout  *document.Layout
	tmpl    *docx.Template
	created time.Time

	// The PDF renderer parses its fonts when first needed, so that a
	// Generator that only checks, composes or writes DOCX stays cheap.
	pdf func() (*pdf.Renderer, error)
}

type docKey struct{ school, kind string }

// New validates plan and schools (whether loaded from files or built in
// code), parses the template and prepares the renderers. Problems in the
// plan or schools come back together as Problems (errors.Is ErrInvalid);
// a bad template as a docx.TemplateError (errors.Is docx.ErrTemplate).
// New keeps its own copies: later changes to plan or schools do not
// reach the Generator.
func New(plan *Plan, schools []School, opt Options) (*Generator, error) {
	if plan == nil {
		return nil, fmt.Errorf("%w: không có kế hoạch", ErrInvalid)
	}
	// Every problem at once: the plan's, the schools' and the template's.
	p, ss, perr := compile(plan, schools)
	tfs, tname := opt.Templates, opt.Template
	if tfs == nil {
		tfs = templates.FS
	}
	if tname == "" {
		tname = templates.Document
	}
	tmpl, terr := docx.ParseTemplate(tfs, tname)
	if err := errors.Join(perr, terr); err != nil {
		if terr == nil {
			return nil, perr // keeps its type, Problems
		}
		return nil, err
	}
	g := &Generator{plan: p, schools: ss, byID: map[string]*School{}, index: map[docKey]int{}, tmpl: tmpl, created: opt.Created}
	g.layout = tmpl.Layout()
	g.pdf = sync.OnceValues(func() (*pdf.Renderer, error) { return pdf.NewRenderer(g.layout) })
	if g.created.IsZero() {
		d := p.Doc.Date
		if d.IsZero() {
			d = Date{p.Year, 1, 1}
		}
		g.created = time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	}
	g.list()
	return g, nil
}

// list indexes the documents of g's plan and schools.
func (g *Generator) list() {
	p := g.plan
	g.add(DocRef{Kind: DocIssuer, Dir: p.folder(), Name: planFile, Title: "Kế hoạch - " + p.Office.InText})
	for i := range g.schools {
		s := &g.schools[i]
		g.byID[s.ID] = s
		g.add(DocRef{Kind: DocPlan, School: s.ID, Dir: s.ID, Name: planFile, Title: "Kế hoạch - " + s.Name})
		for _, k := range p.Report.Periods {
			g.add(DocRef{Kind: k.ID, School: s.ID, Dir: s.ID, Name: k.FileName, Title: "Báo cáo " + k.Name + " - " + s.Name})
		}
	}
}

func (g *Generator) add(r DocRef) {
	g.index[docKey{r.School, r.Kind}] = len(g.docs)
	g.docs = append(g.docs, r)
}

// Documents lists every document the Generator can make: the issuer's plan
// first, then each school's plan and report forms, in the schools' order.
func (g *Generator) Documents() []DocRef {
	return append([]DocRef(nil), g.docs...)
}

// Warnings lists what is valid but worth a second look before publishing:
// the plan's and schools' (see the function Warnings) and the template's
// (see docx.Template.Warnings).
func (g *Generator) Warnings() []string {
	return append(Warnings(g.plan, g.schools), g.tmpl.Warnings()...)
}

// Kinds lists the kinds of document: DocIssuer, DocPlan and the report
// periods' ids.
func (g *Generator) Kinds() []string {
	return append([]string{DocIssuer}, g.plan.DocIDs()...)
}

// Layout returns a copy of the layout every format follows, as read from
// the template.
func (g *Generator) Layout() *document.Layout {
	l := *g.layout
	l.Styles = make(map[document.StyleName]document.Style, len(g.layout.Styles))
	for k, v := range g.layout.Styles {
		l.Styles[k] = v
	}
	return &l
}

// Document composes the document ref names, as a tree every renderer
// draws.
func (g *Generator) Document(ref DocRef) (*document.Document, error) {
	i, ok := g.index[docKey{ref.School, ref.Kind}]
	if !ok {
		return nil, fmt.Errorf("%w: %s %s", ErrUnknownDocument, ref.School, ref.Kind)
	}
	ref = g.docs[i]
	switch {
	case ref.Kind == DocIssuer:
		return composeIssuer(g.plan)
	case ref.Kind == DocPlan:
		return composeSchoolPlan(g.plan, g.byID[ref.School])
	}
	for i := range g.plan.Report.Periods {
		if k := &g.plan.Report.Periods[i]; k.ID == ref.Kind {
			return composeReport(g.plan, g.byID[ref.School], k)
		}
	}
	return nil, fmt.Errorf("%w: %s", ErrUnknownDocument, ref.Kind)
}

// Render writes the document ref names to w in format f.
func (g *Generator) Render(ctx context.Context, w io.Writer, ref DocRef, f Format) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d, err := g.Document(ref)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	switch f {
	case Text:
		err = plaintext.Render(w, d)
	case HTML:
		err = htmldoc.Page(w, d, g.layout)
	case DOCX:
		// Word cannot size the issuer's rule or place the addressees'
		// dashes by itself: the DOCX measures text with the PDF's fonts.
		var r *pdf.Renderer
		if r, err = g.pdf(); err == nil {
			err = g.tmpl.Render(w, d, docx.Options{Created: g.created, Measure: r.Width})
		}
	case PDF:
		var r *pdf.Renderer
		if r, err = g.pdf(); err == nil {
			err = r.Render(w, d, pdf.Options{Created: g.created})
		}
	default:
		return fmt.Errorf("%w: %q; dùng %s", ErrFormat, f, formatList())
	}
	if err != nil {
		return fmt.Errorf("%s: %w", g.docs[g.index[docKey{ref.School, ref.Kind}]].Path(f), err)
	}
	return nil
}

// Check composes the document ref names and reports what would stop any
// format from being written, without writing it: a composing error, or a
// character the PDF's fonts lack (as Render would report it, naming the
// PDF). kehoach check runs it on every document.
func (g *Generator) Check(ref DocRef) error {
	d, err := g.Document(ref)
	if err != nil {
		return err
	}
	r, err := g.pdf()
	if err != nil {
		return err
	}
	if err := r.Check(d); err != nil {
		return fmt.Errorf("%s: %w", g.docs[g.index[docKey{ref.School, ref.Kind}]].Path(PDF), err)
	}
	return nil
}

func formatList() string {
	var names []string
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}
