// Package generator is kehoach's core: it turns an issuing office's plan
// and its schools' details into documents (the office's own plan, and for
// each school its plan and blank report forms) and writes them as DOCX,
// PDF or plain text, laid out as Nghị định 30/2020 asks.
//
// Loading reads TOML (LoadPlan, LoadSchools) and reports every problem of
// a file at once, with file, line and key, in Vietnamese. New takes a plan
// and schools, from files or built in code, checks them the same way,
// parses the DOCX template (the source of the layout every format follows)
// and returns a Generator: immutable, and safe for concurrent use.
//
//	g, err := generator.New(plan, schools, generator.Options{})
//	for _, ref := range g.Documents() {
//		err = g.Render(ctx, w, ref, generator.PDF)
//	}
//
// Composition builds each document once as a document.Document tree; the
// renderers (plaintext, docx, pdf) draw that tree and add no content. The
// package reads no flags, touches no network and never exits the process:
// files on disk, an HTTP response and a test buffer are all io.Writers.
package generator
