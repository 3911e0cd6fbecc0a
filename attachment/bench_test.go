package attachment

import (
	"testing"
)

// BenchmarkInspectPDF1MB measures Inspect on a valid text PDF of about
// 1 MB (a few hundred pages), both as written by hand with a classic xref
// table and as rewritten by pdfcpu with object and xref streams.
func BenchmarkInspectPDF1MB(b *testing.B) {
	classic := largePDF(1 << 20)
	inputs := []struct {
		name string
		data []byte
	}{
		{"xref-table", classic},
		{"xref-stream", rewritePDF(b, classic)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			if kind, err := Inspect(in.data); err != nil || kind != KindPDF {
				b.Fatalf("Inspect = (%q, %v)", kind, err)
			}
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Inspect(in.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInspectJPEG measures Inspect on a 2 megapixel JPEG.
func BenchmarkInspectJPEG(b *testing.B) {
	data := makeJPEG(b, 1600, 1200)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Inspect(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCleanName measures CleanName on a typical name.
func BenchmarkCleanName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		CleanName(`C:\Users\Ola\Dokumenter\Søknad om støtte – vedlegg 1.PDF`, KindPDF)
	}
}
