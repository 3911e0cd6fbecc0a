package attachment

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzInspect checks that Inspect never panics, that every error wraps
// exactly one of the package's sentinel errors, and that an accepted file
// has the kind its magic bytes announce.
func FuzzInspect(f *testing.F) {
	pdfs, err := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range pdfs {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(makePNG(f, 8, 8))
	f.Add(makeJPEG(f, 8, 8))
	f.Add(makeGIF(f, 8, 8))
	f.Add(pngHeaderOnly(20000, 20000))
	f.Add([]byte("%PDF-1.7\ngarbage\nstartxref\n9\n%%EOF\n"))
	f.Add([]byte("%PDF-1.4\ntrailer\n<< /Encrypt 1 0 R >>\nstartxref\n0\n%%EOF\n"))
	f.Add([]byte("<!DOCTYPE html><html></html>"))
	f.Add([]byte("MZ\x90\x00"))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, data []byte) {
		kind, err := Inspect(data)
		if err != nil {
			if kind != "" {
				t.Fatalf("Inspect returned kind %q with error %v", kind, err)
			}
			n := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("Inspect error %v matches %d sentinel errors, want 1", err, n)
			}
			return
		}
		if want := sniff(data); kind != want || want == "" {
			t.Fatalf("Inspect accepted %q, magic bytes say %q", kind, want)
		}
	})
}

// FuzzCleanName checks the invariants of CleanName for arbitrary input.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{
		"cv.pdf",
		"../../etc/passwd",
		`C:\Users\Ola\Documents\Søknad.pdf`,
		"invoice\u202Efdp.exe",
		"Ha\u030avard.JPEG",
		"....",
		".pdf",
		"CON.png",
		"a\x00b\xffc",
		strings.Repeat("ø", 150) + ".pdf",
		"\u0344\u0344.pdf",
	} {
		for _, kind := range []int{0, 1, 2} {
			f.Add(s, kind)
		}
	}
	kinds := []Kind{KindPDF, KindJPEG, KindPNG}

	f.Fuzz(func(t *testing.T, name string, k int) {
		kind := kinds[uint(k)%uint(len(kinds))]
		got := CleanName(name, kind)
		checkCleanName(t, got, kind)
		// Cleaning is idempotent.
		if again := CleanName(got, kind); again != got {
			t.Fatalf("CleanName(%q) = %q, but CleanName(%q) = %q", name, got, got, again)
		}
	})
}
