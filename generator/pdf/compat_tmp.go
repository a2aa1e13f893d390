package pdf

import (
	"io"

	"kehoach/generator/document"
)

// RenderWith is temporary, until the tests move to Renderer.
func RenderWith(w io.Writer, d *document.Document, opt Options) error {
	r, err := NewRenderer(nil)
	if err != nil {
		return err
	}
	return r.Render(w, d, opt)
}

// Render is temporary.
func Render(w io.Writer, d *document.Document) error { return RenderWith(w, d, Options{}) }
