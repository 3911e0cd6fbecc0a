package attachment

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

var update = flag.Bool("update", false, "regenerate the PDF fixtures in testdata")

// Stored fixtures. valid.pdf is written by buildPDF; the others are derived
// from it with pdfcpu, which embeds random IDs and timestamps, so they are
// stored rather than rebuilt on every run. Regenerate with
//
//	go test ./attachment/ -run TestFixtures -update
const (
	fixtureValid        = "valid.pdf"               // hand-built, classic xref table
	fixtureXRefStream   = "valid-xrefstream.pdf"    // pdfcpu output: object and xref streams
	fixtureEncryptedAES = "encrypted-aes256.pdf"    // user and owner password, xref stream
	fixtureEncryptedRC4 = "encrypted-rc4-owner.pdf" // owner password only, classic trailer
)

// readFixture returns the content of testdata/name.
func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatalf("read fixture: %v (regenerate with -update)", err)
	}
	return data
}

// buildPDF writes a minimal PDF 1.4 document by hand: one page per content
// stream, a Helvetica font, a classic cross-reference table with exact byte
// offsets and a trailer with an ID.
func buildPDF(pageContents ...string) []byte {
	var buf bytes.Buffer
	var offsets []int
	obj := func(format string, args ...any) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n", len(offsets))
		fmt.Fprintf(&buf, format, args...)
		buf.WriteString("\nendobj\n")
	}

	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	kids := make([]string, len(pageContents))
	for i := range pageContents {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pageContents))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i, content := range pageContents {
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "+
			"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i)
		obj("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
	}

	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R "+
		"/ID [<6b7670617474616368656d656e743031> <6b7670617474616368656d656e743031>] >>\n"+
		"startxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

// textPage returns a content stream that shows the given lines of text.
func textPage(lines ...string) string {
	var b strings.Builder
	b.WriteString("BT\n/F1 11 Tf\n14 TL\n56 790 Td\n")
	for _, l := range lines {
		fmt.Fprintf(&b, "(%s) '\n", l)
	}
	b.WriteString("ET")
	return b.String()
}

// validPDF returns the content of the hand-built fixture.
func validPDF() []byte {
	return buildPDF(textPage("Vedlegg til soknad", "Test attachment for package attachment."))
}

// largePDF builds a PDF of at least size bytes made of text pages.
func largePDF(size int) []byte {
	var pages []string
	total := 0
	for p := 1; total < size; p++ {
		lines := make([]string, 50)
		for i := range lines {
			lines[i] = fmt.Sprintf("Page %d, line %d: Lorem ipsum dolor sit amet, consectetur.", p, i+1)
		}
		page := textPage(lines...)
		pages = append(pages, page)
		total += len(page) + 200
	}
	return buildPDF(pages...)
}

// pdfcpuConfig returns a configuration for writing fixtures that, like the
// one used by Inspect, never touches pdfcpu's config directory.
func pdfcpuConfig() *model.Configuration {
	conf := newPDFConfig()
	conf.WriteObjectStream = true
	conf.WriteXRefStream = true
	return conf
}

// rewritePDF reads, validates and writes data with pdfcpu, which produces
// object streams and a cross-reference stream.
func rewritePDF(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var out bytes.Buffer
	if err := api.Optimize(bytes.NewReader(data), &out, pdfcpuConfig()); err != nil {
		tb.Fatalf("pdfcpu optimize: %v", err)
	}
	return out.Bytes()
}

// encryptPDF encrypts data with pdfcpu.
func encryptPDF(tb testing.TB, data []byte, userPW, ownerPW string, aes bool, keyLength int, xrefStream bool) []byte {
	tb.Helper()
	conf := pdfcpuConfig()
	conf.UserPW = userPW
	conf.OwnerPW = ownerPW
	conf.EncryptUsingAES = aes
	conf.EncryptKeyLength = keyLength
	conf.WriteObjectStream = xrefStream
	conf.WriteXRefStream = xrefStream
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(data), &out, conf); err != nil {
		tb.Fatalf("pdfcpu encrypt: %v", err)
	}
	return out.Bytes()
}

// TestFixtures regenerates the stored PDF fixtures when run with -update
// and otherwise checks that they exist.
func TestFixtures(t *testing.T) {
	if *update {
		valid := validPDF()
		xrefStream := rewritePDF(t, valid)
		files := map[string][]byte{
			fixtureValid:      valid,
			fixtureXRefStream: xrefStream,
			// pdfcpu keeps xref streams when encrypting only if the input
			// already uses them.
			fixtureEncryptedAES: encryptPDF(t, xrefStream, "hemmelig", "eier", true, 256, true),
			fixtureEncryptedRC4: encryptPDF(t, valid, "", "eier", false, 128, false),
		}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, name := range []string{fixtureValid, fixtureXRefStream, fixtureEncryptedAES, fixtureEncryptedRC4} {
		readFixture(t, name)
	}
	if !bytes.Equal(readFixture(t, fixtureValid), validPDF()) {
		t.Errorf("%s is out of date; run with -update", fixtureValid)
	}
}

// testImage returns a w×h image with a colour gradient.
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	return img
}

// makePNG encodes a w×h test image as PNG.
func makePNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// makeJPEG encodes a w×h test image as JPEG.
func makeJPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(w, h), &jpeg.Options{Quality: 80}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// makeGIF encodes a w×h test image as GIF.
func makeGIF(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, testImage(w, h), nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeaderOnly returns a PNG signature and an IHDR chunk claiming a w×h
// RGB image, followed by an empty IEND chunk: enough for DecodeConfig, but
// with no pixel data.
func pngHeaderOnly(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		var b bytes.Buffer
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		_ = binary.Write(&b, binary.BigEndian, crc.Sum32())
		return b.Bytes()
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8] = 8 // bit depth
	ihdr[9] = 2 // colour type RGB
	out := append([]byte{}, magicPNG...)
	out = append(out, chunk("IHDR", ihdr)...)
	return append(out, chunk("IEND", nil)...)
}
