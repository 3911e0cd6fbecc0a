package attachment

import (
	"errors"
	"testing"
)

func TestInspectNamed(t *testing.T) {
	pdf := readFixture(t, "valid.pdf")
	word := []byte("PK\x03\x04 a Word document saved as something else")
	html := []byte("<!doctype html><title>Nettbanken</title>")
	cases := []struct {
		name string
		data []byte
		kind Kind
		want error
	}{
		{"kontoutskrift.pdf", pdf, KindPDF, nil},
		{"kontoutskrift.PDF", word, "", ErrNamedPDF},
		{`C:\Users\kari\lønnsslipp.pdf `, html, "", ErrNamedPDF},
		{"kontoutskrift.docx", word, "", ErrUnsupportedType},
		{"pdf", word, "", ErrUnsupportedType},
		{"kontoutskrift.pdf", nil, "", ErrEmpty},
		// A PDF that is damaged is damaged, whatever its name.
		{"skadet.pdf", pdf[:len(pdf)/2], "", ErrMalformed},
	}
	for _, tc := range cases {
		kind, err := InspectNamed(tc.name, tc.data)
		if kind != tc.kind || !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("InspectNamed(%q) = (%q, %v), want (%q, %v)", tc.name, kind, err, tc.kind, tc.want)
		}
		if tc.want == ErrUnsupportedType && errors.Is(err, ErrNamedPDF) {
			t.Errorf("InspectNamed(%q): %v, but the name does not end in .pdf", tc.name, err)
		}
	}
	// Callers that only know the old errors still refuse it for its type.
	if _, err := InspectNamed("x.pdf", word); !errors.Is(err, ErrUnsupportedType) {
		t.Errorf("ErrNamedPDF does not wrap ErrUnsupportedType: %v", err)
	}
}
