package main

import (
	"bytes"
	"fmt"
)

// makePDF builds a valid, unencrypted PDF of about size bytes: one page of
// text per 3 KB or so, each with its own content stream, and a correct
// cross-reference table. The portal checks uploads by their content, so a
// file that only looked like a PDF would be refused.
func makePDF(size int) []byte {
	const perPage = 3000
	pages := max(1, size/perPage)
	// Objects: 1 catalog, 2 pages, 3 font, then per page a page and its
	// contents.
	var buf bytes.Buffer
	offsets := []int{0}
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets)-1, body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	var kids bytes.Buffer
	for i := range pages {
		fmt.Fprintf(&kids, "%d 0 R ", 4+2*i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", bytes.TrimSpace(kids.Bytes()), pages))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i := range pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i))
		var text bytes.Buffer
		text.WriteString("BT\n/F1 10 Tf\n12 TL\n56 790 Td\n")
		fmt.Fprintf(&text, "(Vedlegg til soknad om kvalifiseringsprogrammet, side %d av %d) '\n", i+1, pages)
		for line := 0; text.Len() < perPage-200 && line < 60; line++ {
			fmt.Fprintf(&text, "(Linje %02d: dokumentasjon av inntekt, bolig og utgifter for lasttesten.) '\n", line+1)
		}
		text.WriteString("ET")
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", text.Len(), text.Bytes()))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R /ID [<6b7670206c6f616420746573742031> <6b7670206c6f616420746573742031>] >>\nstartxref\n%d\n%%%%EOF\n", len(offsets), xref)
	return buf.Bytes()
}
