package attachment

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfTailWindow is how close to the end of the file the %%EOF marker must
// be. PDF readers conventionally tolerate up to 1024 bytes after it.
const pdfTailWindow = 1024

// checkPDF verifies a file that starts with the PDF header.
//
// The cheap byte-level checks run first: an /Encrypt entry in a trailer is
// reported as ErrEncrypted even when the rest of the file cannot be parsed,
// and a file without startxref and %%EOF at its end is refused as truncated
// (pdfcpu would otherwise try to reconstruct it). Only then is the file
// parsed and validated with pdfcpu.
func checkPDF(data []byte) error {
	if hasEncryptTrailer(data) {
		return fmt.Errorf("%w: trailer has an /Encrypt entry", ErrEncrypted)
	}
	if !hasPDFEnd(data) {
		return fmt.Errorf("%w: no startxref and %%%%EOF at end of file (truncated?)", ErrMalformed)
	}
	return checkPDFStructure(data)
}

// hasPDFEnd reports whether data contains "startxref" and has "%%EOF"
// within its last pdfTailWindow bytes.
func hasPDFEnd(data []byte) bool {
	tail := data[max(0, len(data)-pdfTailWindow):]
	eof := bytes.LastIndex(tail, []byte("%%EOF"))
	if eof < 0 {
		return false
	}
	// startxref precedes %%EOF by a few bytes; look for it in a generous
	// window before the marker.
	end := len(data) - len(tail) + eof
	return bytes.Contains(data[max(0, end-pdfTailWindow):end], []byte("startxref"))
}

// checkPDFStructure parses and validates data with pdfcpu.
func checkPDFStructure(data []byte) (err error) {
	defer func() {
		// pdfcpu converts its own internal failures to errors, but some
		// malformed inputs still trigger runtime panics (index out of
		// range, nil dereference) deep inside the parser.
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: PDF parser panic: %v", ErrMalformed, r)
		}
	}()

	ctx, err := api.ReadContext(bytes.NewReader(data), newPDFConfig())
	if err != nil {
		if isPDFPasswordError(err) {
			return fmt.Errorf("%w: %v", ErrEncrypted, err)
		}
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	// Read succeeds for encrypted files whose user password is empty (they
	// open without a prompt but are still encrypted and restricted).
	if ctx.Encrypt != nil || ctx.E != nil {
		return fmt.Errorf("%w: document has an encryption dictionary", ErrEncrypted)
	}
	if err := api.ValidateContext(ctx); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if ctx.PageCount < 1 {
		return fmt.Errorf("%w: document has no pages", ErrMalformed)
	}
	return nil
}

// isPDFPasswordError reports whether err is pdfcpu's way of saying that the
// document is encrypted and cannot be opened without a password.
func isPDFPasswordError(err error) bool {
	return errors.Is(err, pdfcpu.ErrWrongPassword) ||
		errors.Is(err, pdfcpu.ErrEncrypted) ||
		errors.Is(err, pdfcpu.ErrOwnerPasswordRequired) ||
		errors.Is(err, pdfcpu.ErrPermissionDenied)
}

// newPDFConfig returns a fresh pdfcpu configuration for reading and
// validating an untrusted document.
//
// It deliberately avoids model.NewDefaultConfiguration and
// api.LoadConfiguration: unless the global model.ConfigPath is "disable",
// both create a pdfcpu directory under os.UserConfigDir() (falling back to
// os.TempDir()) containing config.yml, a font directory with an installed
// Roboto font and a certificate directory, and they read and write
// unsynchronised package variables while doing so; if the directory cannot
// be created they panic. Changing model.ConfigPath (api.DisableConfigDir)
// would itself be a racy write to global state. Building the configuration
// literally touches neither the disk nor any global.
//
// A new value is returned on every call because pdfcpu stores the
// configuration in the context and mutates it while working.
func newPDFConfig() *model.Configuration {
	limits := model.DefaultResourceLimits()
	// The whole file is at most MaxFileSize, so no single stream can be
	// larger; decoded streams (object and xref streams) get a bounded
	// budget to defuse compression bombs.
	limits.MaxStreamBytes = MaxFileSize
	limits.MaxDecodeBytes = 64 << 20
	limits.MaxImagePixels = MaxImagePixels
	limits.MaxImageBytes = 256 << 20
	limits.MaxObjectCount = 1 << 20
	limits.MaxXRefEntries = 1 << 20

	return &model.Configuration{
		Version:                   model.VersionStr,
		Reader15:                  true,
		ValidationMode:            model.ValidationRelaxed,
		UnsupportedResourcePolicy: model.UnsupportedResourceSkip,
		ValidateLinks:             false, // never go online
		Offline:                   true,
		Eol:                       types.EolLF,
		EncryptUsingAES:           true,
		EncryptKeyLength:          256,
		Permissions:               model.PermissionsPrint,
		TimestampFormat:           "2006-01-02 15:04",
		DateFormat:                "2006-01-02",
		Cmd:                       model.VALIDATE,
		Unit:                      types.POINTS,
		Limits:                    limits,
	}
}

// hasEncryptTrailer reports whether data contains an /Encrypt key in a
// trailer dictionary ("trailer << ... >>") or in a cross-reference stream
// dictionary ("<< /Type /XRef ... >>"). This is a byte-level heuristic that
// does not depend on the rest of the file being parseable.
//
// Occurrences are examined from the end of the file, where the last
// trailer lives, and the work is bounded so that a file stuffed with
// "/Encrypt" strings cannot make the scan expensive.
func hasEncryptTrailer(data []byte) bool {
	const (
		maxHits  = 256     // occurrences of /Encrypt examined
		maxReach = 4 << 10 // bytes searched around one occurrence
	)
	key := []byte("/Encrypt")
	// Fast path for the common case: a forward search is vectorised,
	// unlike the backward one used below.
	if !bytes.Contains(data, key) {
		return false
	}
	end := len(data)
	for range maxHits {
		i := bytes.LastIndex(data[:end], key)
		if i < 0 {
			return false
		}
		end = i
		after := i + len(key)
		if after < len(data) && isRegularChar(data[after]) {
			continue // a longer name such as /EncryptMetadata
		}
		start := enclosingDictStart(data, i, maxReach)
		if start < 0 {
			continue
		}
		if precededByKeyword(data[:start], "trailer") {
			return true
		}
		if isXRefStreamDict(data[start:dictEnd(data, start, maxReach)]) {
			return true
		}
	}
	return false
}

// enclosingDictStart returns the offset of the "<<" that opens the innermost
// dictionary containing offset pos, searching at most reach bytes back, or
// -1 if there is none.
func enclosingDictStart(data []byte, pos, reach int) int {
	depth := 0
	limit := max(0, pos-reach)
	for j := pos - 1; j > limit; j-- {
		switch {
		case data[j] == '>' && data[j-1] == '>':
			depth++
			j--
		case data[j] == '<' && data[j-1] == '<':
			if depth == 0 {
				return j - 1
			}
			depth--
			j--
		}
	}
	return -1
}

// dictEnd returns the offset just past the ">>" closing the dictionary that
// starts at start, or start+reach (capped at len(data)) if it is not found
// within reach bytes.
func dictEnd(data []byte, start, reach int) int {
	limit := min(len(data), start+reach)
	depth := 0
	for j := start; j+1 < limit; j++ {
		switch {
		case data[j] == '<' && data[j+1] == '<':
			depth++
			j++
		case data[j] == '>' && data[j+1] == '>':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return limit
}

// precededByKeyword reports whether b ends with keyword followed only by
// PDF whitespace, and the keyword is not the tail of a longer token.
func precededByKeyword(b []byte, keyword string) bool {
	b = bytes.TrimRight(b, "\x00\t\n\f\r ")
	if !bytes.HasSuffix(b, []byte(keyword)) {
		return false
	}
	rest := b[:len(b)-len(keyword)]
	return len(rest) == 0 || !isRegularChar(rest[len(rest)-1])
}

// isXRefStreamDict reports whether dict contains "/Type /XRef".
func isXRefStreamDict(dict []byte) bool {
	for {
		i := bytes.Index(dict, []byte("/Type"))
		if i < 0 {
			return false
		}
		dict = dict[i+len("/Type"):]
		if len(dict) > 0 && isRegularChar(dict[0]) {
			continue
		}
		v := bytes.TrimLeft(dict, "\x00\t\n\f\r ")
		if bytes.HasPrefix(v, []byte("/XRef")) && (len(v) == len("/XRef") || !isRegularChar(v[len("/XRef")])) {
			return true
		}
	}
}

// isRegularChar reports whether c is a PDF regular character, that is,
// neither white space nor a delimiter.
func isRegularChar(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ',
		'(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return false
	}
	return true
}
