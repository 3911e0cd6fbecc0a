package attachment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanName(t *testing.T) {
	long := strings.Repeat("søknad ", 40) // 280 runes
	tests := []struct {
		name string
		in   string
		kind Kind
		want string
	}{
		// Extensions follow the sniffed kind.
		{"plain PDF", "cv.pdf", KindPDF, "cv.pdf"},
		{"upper-case extension", "CV.PDF", KindPDF, "CV.pdf"},
		{"exe that is a PDF", "cv.exe", KindPDF, "cv.pdf"},
		{"JPEG alias", "scan.JPEG", KindJPEG, "scan.jpg"},
		{"jpe alias", "scan.jpe", KindJPEG, "scan.jpg"},
		{"PNG named jpg", "bilde.jpg", KindPNG, "bilde.png"},
		{"no extension", "README", KindPDF, "README.pdf"},
		{"double extension", "faktura.pdf.exe", KindPDF, "faktura.pdf"},
		{"double JPEG extension", "foto.jpeg.jpg", KindJPEG, "foto.jpg"},
		{"other inner extension kept", "arkiv.tar.gz", KindPDF, "arkiv.tar.pdf"},
		{"numeric suffix is not an extension", "rapport 1.2", KindPDF, "rapport 1.2.pdf"},
		{"version dots kept", "versjon.2.0.final.pdf", KindPDF, "versjon.2.0.final.pdf"},
		{"unknown kind drops extension", "cv.exe", "", "cv"},

		// Paths.
		{"path traversal", "../../etc/passwd", KindPDF, "passwd.pdf"},
		{"absolute Unix path", "/home/ola/Dokumenter/cv.pdf", KindPDF, "cv.pdf"},
		{"Windows path", `C:\Users\Ola\Documents\Søknad.pdf`, KindPDF, "Søknad.pdf"},
		{"Windows UNC path", `\\server\share\scan.png`, KindPNG, "scan.png"},
		{"mixed separators", `a/b\c/d\e.jpg`, KindJPEG, "e.jpg"},
		{"trailing separator", "mappe/", KindPDF, "dokument.pdf"},
		{"drive-relative path", "C:cv.pdf", KindPDF, "C_cv.pdf"},
		{"dot-dot only", "..", KindPDF, "dokument.pdf"},

		// Unicode.
		{"Norwegian letters", "Søknad om støtte til Ærlig Åsmund.pdf", KindPDF, "Søknad om støtte til Ærlig Åsmund.pdf"},
		{"lower-case æøå", "blåbærsyltetøy.png", KindPNG, "blåbærsyltetøy.png"},
		{"NFD input is composed", "Ha\u030avard Sa\u030angen.pdf", KindPDF, "Håvard Sången.pdf"},
		{"other scripts", "Заявление 申请书 طلب.pdf", KindPDF, "Заявление 申请书 طلب.pdf"},
		{"bidi override", "invoice\u202Efdp.exe", KindPDF, "invoicefdp.pdf"},
		{"bidi isolates and marks", "\u2067a\u2069\u200Fb\u200E.pdf", KindPDF, "ab.pdf"},
		{"zero-width characters", "c\u200Bv\u200D\uFEFF.pdf", KindPDF, "cv.pdf"},
		{"soft hyphen", "doku\u00ADment.pdf", KindPDF, "dokument.pdf"},
		{"variation selector", "hjerte\uFE0F.pdf", KindPDF, "hjerte.pdf"},
		{"en dash becomes hyphen", "Søknad – vedlegg.pdf", KindPDF, "Søknad - vedlegg.pdf"},
		{"emoji replaced", "ferie 😀🌞.jpg", KindJPEG, "ferie _.jpg"},
		{"invalid UTF-8", "a\xff\xfeb.pdf", KindPDF, "a_b.pdf"},

		// Characters and white space.
		{"allowed punctuation kept", "Vedlegg_1-2 (kopi).pdf", KindPDF, "Vedlegg_1-2 (kopi).pdf"},
		{"other punctuation replaced", `a<b>c:d"e|f?g*h.pdf`, KindPDF, "a_b_c_d_e_f_g_h.pdf"},
		{"run of punctuation becomes one underscore", "a<>:|b.pdf", KindPDF, "a_b.pdf"},
		{"shell metacharacters", "$(rm -rf ~);`id`.pdf", KindPDF, "_(rm -rf _)_id_.pdf"},
		{"control characters dropped", "a\x00b\x07c\x1bd.pdf", KindPDF, "abcd.pdf"},
		{"white space collapsed", "  a \t\n b\u00A0\u2003 c  .pdf", KindPDF, "a b c.pdf"},
		{"CRLF injection", "cv\r\nContent-Type: text-html.pdf", KindPDF, "cv Content-Type_ text-html.pdf"},

		// Dots, emptiness and reserved names.
		{"only dots", "....", KindPDF, "dokument.pdf"},
		{"only dots and spaces", ". . .", KindPNG, "dokument.png"},
		{"only extension", ".pdf", KindPDF, "dokument.pdf"},
		{"hidden file", ".bashrc", KindPDF, "bashrc.pdf"},
		{"hidden file with target extension", "..jpeg", KindJPEG, "dokument.jpg"},
		{"trailing dots and spaces", "cv. . .", KindPDF, "cv.pdf"},
		{"dots before extension", "cv...pdf", KindPDF, "cv.pdf"},
		{"empty", "", KindJPEG, "dokument.jpg"},
		{"only invisible characters", "\u202E\u200B\x00", KindPDF, "dokument.pdf"},
		{"only replaced characters", "???", KindPDF, "_.pdf"},
		{"Windows device name", "CON.pdf", KindPDF, "_CON.pdf"},
		{"Windows device name, lower case", "lpt1.jpg", KindJPEG, "_lpt1.jpg"},
		{"Windows device name with suffix", "nul.tar.gz", KindPDF, "_nul.tar.pdf"},
		{"not a device name", "CONTRACT.pdf", KindPDF, "CONTRACT.pdf"},

		// Length.
		{"long name", long + ".pdf", KindPDF, strings.TrimSpace(truncateRunes(long, MaxNameRunes-4)) + ".pdf"},
		{"long name without extension", strings.Repeat("x", 300), KindPNG, strings.Repeat("x", 96) + ".png"},
		{"long extension-like suffix", "a." + strings.Repeat("b", 200), KindPDF, "a." + strings.Repeat("b", 94) + ".pdf"},
		{"exactly at the limit", strings.Repeat("å", 96) + ".pdf", KindPDF, strings.Repeat("å", 96) + ".pdf"},
		{"truncation ends in a dot", strings.Repeat("a", 95) + ". " + strings.Repeat("b", 10), KindPDF, strings.Repeat("a", 95) + ".pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanName(tt.in, tt.kind)
			if got != tt.want {
				t.Errorf("CleanName(%q, %q) = %q, want %q", tt.in, tt.kind, got, tt.want)
			}
			checkCleanName(t, got, tt.kind)
		})
	}
}

// checkCleanName verifies the invariants every CleanName result must hold.
func checkCleanName(t *testing.T, got string, kind Kind) {
	t.Helper()
	ext := kind.Ext()
	if !utf8.ValidString(got) {
		t.Errorf("CleanName result %q is not valid UTF-8", got)
	}
	if n := utf8.RuneCountInString(got); n > MaxNameRunes {
		t.Errorf("CleanName result %q has %d runes, limit %d", got, n, MaxNameRunes)
	}
	if !strings.HasSuffix(got, ext) {
		t.Errorf("CleanName result %q does not end with %q", got, ext)
	}
	stem := strings.TrimSuffix(got, ext)
	if stem == "" {
		t.Errorf("CleanName result %q has an empty stem", got)
	}
	if strings.HasPrefix(stem, ".") || strings.HasPrefix(stem, " ") ||
		strings.HasSuffix(stem, ".") || strings.HasSuffix(stem, " ") {
		t.Errorf("CleanName result %q starts or ends with a dot or space", got)
	}
	if strings.ContainsAny(got, `/\`) {
		t.Errorf("CleanName result %q contains a path separator", got)
	}
	for _, r := range got {
		if isInvisible(r) {
			t.Errorf("CleanName result %q contains invisible character %U", got, r)
		}
		if r != ' ' && (r < ' ' || r == 0x7f) {
			t.Errorf("CleanName result %q contains control character %U", got, r)
		}
	}
	if strings.Contains(got, "  ") {
		t.Errorf("CleanName result %q contains repeated spaces", got)
	}
}
