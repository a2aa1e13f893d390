package pdf

import (
	"bytes"
	"encoding/xml"
	"time"

	"kehoach/generator/document"
)

// xmp is the document's metadata as an XMP packet: the title, subject and
// author in Vietnamese (UTF-8, which the Info dictionary's PDFDocEncoding
// cannot always carry), the dates and the producing tool.
func xmp(m document.Meta, created time.Time) []byte {
	esc := func(s string) string {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	date := created.UTC().Format(time.RFC3339)
	var b bytes.Buffer
	b.WriteString(`<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` + "\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`)
	b.WriteString(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`)
	b.WriteString(`<dc:format>application/pdf</dc:format>`)
	b.WriteString(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(m.Title) + `</rdf:li></rdf:Alt></dc:title>`)
	b.WriteString(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(m.Subject) + `</rdf:li></rdf:Alt></dc:description>`)
	b.WriteString(`<dc:creator><rdf:Seq><rdf:li>` + esc(m.Author) + `</rdf:li></rdf:Seq></dc:creator>`)
	b.WriteString(`<dc:language><rdf:Bag><rdf:li>vi</rdf:li></rdf:Bag></dc:language>`)
	b.WriteString(`<xmp:CreateDate>` + date + `</xmp:CreateDate><xmp:ModifyDate>` + date + `</xmp:ModifyDate><xmp:MetadataDate>` + date + `</xmp:MetadataDate>`)
	b.WriteString(`<xmp:CreatorTool>kehoach</xmp:CreatorTool><pdf:Producer>kehoach (fpdf)</pdf:Producer>`)
	b.WriteString(`</rdf:Description></rdf:RDF></x:xmpmeta>` + "\n" + `<?xpacket end="w"?>`)
	return b.Bytes()
}
