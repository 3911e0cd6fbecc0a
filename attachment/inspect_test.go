package attachment

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var sentinels = []error{ErrEmpty, ErrTooLarge, ErrUnsupportedType, ErrEncrypted, ErrMalformed}

// checkResult verifies Inspect's result against the expectation: on
// failure the error must wrap want and no other sentinel.
func checkResult(t *testing.T, kind Kind, err error, wantKind Kind, want error) {
	t.Helper()
	if want == nil {
		if err != nil || kind != wantKind {
			t.Fatalf("Inspect = (%q, %v), want (%q, nil)", kind, err, wantKind)
		}
		return
	}
	if kind != "" {
		t.Errorf("Inspect kind = %q on error, want empty", kind)
	}
	if !errors.Is(err, want) {
		t.Fatalf("Inspect error = %v, want %v", err, want)
	}
	for _, s := range sentinels {
		if s != want && errors.Is(err, s) {
			t.Errorf("Inspect error %v also matches %v", err, s)
		}
	}
}

// corrupt returns a copy of data with n bytes at off overwritten.
func corrupt(data []byte, off, n int) []byte {
	out := bytes.Clone(data)
	for i := off; i < off+n && i < len(out); i++ {
		out[i] = 'X'
	}
	return out
}

func TestInspect(t *testing.T) {
	validPDF := readFixture(t, fixtureValid)
	xrefStreamPDF := readFixture(t, fixtureXRefStream)
	encryptedAES := readFixture(t, fixtureEncryptedAES)
	encryptedRC4 := readFixture(t, fixtureEncryptedRC4)
	pngData := makePNG(t, 64, 48)
	jpegData := makeJPEG(t, 64, 48)

	tests := []struct {
		name     string
		data     []byte
		wantKind Kind
		wantErr  error
	}{
		// PDF
		{"valid PDF with xref table", validPDF, KindPDF, nil},
		{"valid PDF with xref stream", xrefStreamPDF, KindPDF, nil},
		{"valid PDF with trailing newlines", append(bytes.Clone(validPDF), "\n\n\n"...), KindPDF, nil},
		{"encrypted PDF AES-256 with user password", encryptedAES, "", ErrEncrypted},
		{"encrypted PDF RC4 with empty user password", encryptedRC4, "", ErrEncrypted},
		{"encrypted PDF with damaged body", corrupt(encryptedRC4, 60, 500), "", ErrEncrypted},
		{"encrypted PDF with damaged xref stream", corrupt(encryptedAES, 100, 900), "", ErrEncrypted},
		{"truncated PDF (half)", validPDF[:len(validPDF)/2], "", ErrMalformed},
		{"truncated PDF (no %%EOF)", validPDF[:len(validPDF)-7], "", ErrMalformed},
		{"truncated xref-stream PDF", xrefStreamPDF[:len(xrefStreamPDF)-100], "", ErrMalformed},
		{"PDF header followed by garbage", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0x8f, 0x00, 'q', 0xff}, 500)...), "", ErrMalformed},
		{"PDF header, garbage and a fake trailer", []byte("%PDF-1.7\nthis is not a PDF body\nstartxref\n9\n%%EOF\n"), "", ErrMalformed},
		{"PDF with damaged objects", corrupt(validPDF, 15, 300), "", ErrMalformed},
		{"PDF header only", []byte("%PDF-"), "", ErrMalformed},
		{"PDF header after leading junk", append([]byte("junk\n"), validPDF...), "", ErrUnsupportedType},
		{"PDF header after BOM", append([]byte("\xef\xbb\xbf"), validPDF...), "", ErrUnsupportedType},

		// Images
		{"valid PNG", pngData, KindPNG, nil},
		{"valid JPEG", jpegData, KindJPEG, nil},
		{"truncated PNG", pngData[:len(pngData)/2], "", ErrMalformed},
		{"PNG without IEND", pngData[:len(pngData)-12], "", ErrMalformed},
		{"PNG with bad checksum", corrupt(pngData, len(pngData)/2, 4), "", ErrMalformed},
		{"PNG signature only", []byte("\x89PNG\r\n\x1a\n"), "", ErrMalformed},
		{"PNG claiming 10000x10000 pixels", pngHeaderOnly(10000, 10000), "", ErrTooLarge},
		{"PNG header without pixel data", pngHeaderOnly(10, 10), "", ErrMalformed},
		{"truncated JPEG", jpegData[:len(jpegData)/2], "", ErrMalformed},
		{"JPEG magic only", []byte{0xFF, 0xD8, 0xFF}, "", ErrMalformed},
		{"JPEG magic and garbage", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("garbage"), 50)...), "", ErrMalformed},

		// Unsupported
		{"GIF", makeGIF(t, 16, 16), "", ErrUnsupportedType},
		{"HTML named .pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "", ErrUnsupportedType},
		{"EXE (MZ header)", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 100)...), "", ErrUnsupportedType},
		{"ZIP (docx)", []byte("PK\x03\x04\x14\x00\x06\x00"), "", ErrUnsupportedType},
		{"plain text", []byte("Hei, her er søknaden min."), "", ErrUnsupportedType},
		{"PostScript", []byte("%!PS-Adobe-3.0\n"), "", ErrUnsupportedType},

		// Size
		{"empty", []byte{}, "", ErrEmpty},
		{"nil", nil, "", ErrEmpty},
		{"over MaxFileSize", append(bytes.Clone(validPDF), make([]byte, MaxFileSize)...), "", ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, err := Inspect(tt.data)
			if err != nil {
				t.Logf("Inspect error: %v", err)
			}
			checkResult(t, kind, err, tt.wantKind, tt.wantErr)
		})
	}
}

// TestInspectPDFParserLayer checks the pdfcpu-based check on its own,
// without the byte-level encryption pre-check in front of it.
func TestInspectPDFParserLayer(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		wantErr error
	}{
		{"valid", readFixture(t, fixtureValid), nil},
		{"valid xref stream", readFixture(t, fixtureXRefStream), nil},
		{"encrypted with user password", readFixture(t, fixtureEncryptedAES), ErrEncrypted},
		{"encrypted with empty user password", readFixture(t, fixtureEncryptedRC4), ErrEncrypted},
		{"garbage", []byte("%PDF-1.7\ngarbage\nstartxref\n9\n%%EOF\n"), ErrMalformed},
		{"page tree without pages", buildPDF(), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkPDFStructure(tt.data)
			if tt.wantErr == nil && err != nil || !errors.Is(err, tt.wantErr) {
				t.Fatalf("checkPDFStructure = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestHasEncryptTrailer(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"classic trailer", "trailer\n<< /Size 8 /Root 1 0 R /Encrypt 7 0 R >>\nstartxref\n1\n%%EOF", true},
		{"compact trailer", "trailer<</Encrypt 7 0 R/Root 1 0 R>>", true},
		{"trailer with nested dict first", "trailer << /Info << /Title (x) >> /Encrypt 5 0 R >>", true},
		{"direct encryption dictionary", "trailer << /Encrypt << /Filter /Standard /V 2 >> /Root 1 0 R >>", true},
		{"xref stream dict", "9 0 obj\n<< /Type /XRef /Encrypt 4 0 R /W [1 2 1] >>\nstream", true},
		{"xref stream dict, Type last", "<</Encrypt 4 0 R/W[1 2 2]/Type/XRef>>", true},
		{"no encrypt", "trailer << /Size 8 /Root 1 0 R >>", false},
		{"EncryptMetadata only", "trailer << /EncryptMetadata false >>", false},
		{"name in a content stream", "BT (/Encrypt) Tj ET", false},
		{"key in an ordinary dict", "1 0 obj << /Type /Catalog /Encrypt 4 0 R >> endobj", false},
		{"XRefStm is not XRef", "<< /Type /XRefStm /Encrypt 4 0 R >>", false},
		{"keyword must stand alone", "mytrailer << /Encrypt 4 0 R >>", false},
		{"empty", "", false},
		{"bare key", "/Encrypt", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasEncryptTrailer([]byte(tt.data)); got != tt.want {
				t.Errorf("hasEncryptTrailer(%q) = %v, want %v", tt.data, got, tt.want)
			}
		})
	}
}

// TestHasEncryptTrailerBounded checks that a file full of /Encrypt names is
// scanned quickly.
func TestHasEncryptTrailerBounded(t *testing.T) {
	data := bytes.Repeat([]byte("<< /Encrypt "), MaxFileSize/12)
	if hasEncryptTrailer(data) {
		t.Fatal("hasEncryptTrailer reported encryption in a file without a trailer")
	}
}

// TestInspectWritesNoFiles points HOME, XDG_CONFIG_HOME and TMPDIR at empty
// directories and checks that inspecting PDFs creates nothing in them
// (pdfcpu's default configuration would create a config directory there).
func TestInspectWritesNoFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("TMPDIR", dir)

	for _, name := range []string{fixtureValid, fixtureXRefStream, fixtureEncryptedAES, fixtureEncryptedRC4} {
		data := readFixture(t, name)
		_, _ = Inspect(data)
		_ = checkPDFStructure(data)
	}
	var created []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if path != dir {
			created = append(created, path)
		}
		return err
	})
	if len(created) > 0 {
		t.Errorf("Inspect created files: %s", strings.Join(created, ", "))
	}
}

// TestInspectConcurrent runs Inspect from several goroutines; with -race it
// detects shared mutable state in Inspect or in pdfcpu's read path.
func TestInspectConcurrent(t *testing.T) {
	inputs := map[string]Kind{}
	files := map[string][]byte{
		"valid":   readFixture(t, fixtureValid),
		"xref":    readFixture(t, fixtureXRefStream),
		"aes":     readFixture(t, fixtureEncryptedAES),
		"rc4":     readFixture(t, fixtureEncryptedRC4),
		"png":     makePNG(t, 32, 32),
		"jpeg":    makeJPEG(t, 32, 32),
		"garbage": []byte("%PDF-1.7\ngarbage\nstartxref\n9\n%%EOF\n"),
	}
	for name, data := range files {
		kind, _ := Inspect(data)
		inputs[name] = kind
	}

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				for name, data := range files {
					kind, _ := Inspect(data)
					if kind != inputs[name] {
						t.Errorf("%s: concurrent Inspect = %q, sequential %q", name, kind, inputs[name])
					}
					_ = checkPDFStructure(data)
				}
			}
		})
	}
	wg.Wait()
}

func TestInspectDoesNotModifyInput(t *testing.T) {
	data := readFixture(t, fixtureValid)
	orig := bytes.Clone(data)
	if _, err := Inspect(data); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, orig) {
		t.Fatal("Inspect modified its input")
	}
}

func TestKindExt(t *testing.T) {
	tests := []struct {
		kind Kind
		want string
	}{
		{KindPDF, ".pdf"},
		{KindJPEG, ".jpg"},
		{KindPNG, ".png"},
		{"", ""},
		{"image/gif", ""},
	}
	for _, tt := range tests {
		if got := tt.kind.Ext(); got != tt.want {
			t.Errorf("Kind(%q).Ext() = %q, want %q", tt.kind, got, tt.want)
		}
	}
}

// TestLimits guards the documented limits.
func TestLimits(t *testing.T) {
	if MaxFileSize != 10*1024*1024 || MaxFiles != 30 || MaxTotalSize != 150*1024*1024 {
		t.Fatalf("limits changed: %d %d %d", MaxFileSize, MaxFiles, MaxTotalSize)
	}
	if MaxTotalSize < MaxFileSize {
		t.Fatal("MaxTotalSize is smaller than MaxFileSize")
	}
}
