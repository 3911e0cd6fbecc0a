package attachment

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNamedPDF reports a file whose name ends in ".pdf" while its content
// is not a PDF (nor a JPEG or PNG): often a document saved in another
// format and renamed, or a download that is a web page. It wraps
// ErrUnsupportedType, so a caller that does not know it still refuses the
// file for its type.
var ErrNamedPDF = fmt.Errorf("%w: the name ends in .pdf, but the content is not a PDF", ErrUnsupportedType)

// InspectNamed is Inspect for a file chosen under name (as the browser
// sent it). It returns what Inspect returns, except that a file named
// ".pdf" whose content is of no accepted kind gets ErrNamedPDF, so that
// the person can be told the file is not the PDF its name says. The name
// never decides the kind.
func InspectNamed(name string, data []byte) (Kind, error) {
	kind, err := Inspect(data)
	if errors.Is(err, ErrUnsupportedType) && sniff(data) == "" && namedPDF(name) {
		return "", ErrNamedPDF
	}
	return kind, err
}

// namedPDF reports whether the base name of name ends in ".pdf", in any
// case, ignoring trailing spaces and dots as Windows does.
func namedPDF(name string) bool {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimRight(name, " .")
	return len(name) > len(".pdf") && strings.EqualFold(name[len(name)-len(".pdf"):], ".pdf")
}
