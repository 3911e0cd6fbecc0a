package attachment

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
)

var (
	magicPDF  = []byte("%PDF-")
	magicJPEG = []byte{0xFF, 0xD8, 0xFF}
	magicPNG  = []byte("\x89PNG\r\n\x1a\n")
)

// Inspect decides the kind of an uploaded file from its content and checks
// that the file is well-formed. data must hold the whole file.
//
// The kind is chosen from the magic bytes at offset 0 only:
//
//   - PDF: "%PDF-". Unlike many PDF readers, which tolerate up to 1024
//     bytes of leading junk, Inspect is strict and requires the header at
//     the very start of the file.
//   - JPEG: FF D8 FF.
//   - PNG: the 8-byte PNG signature.
//
// Images are then decoded in full with the standard library decoders, after
// checking from the header that they are at most MaxImagePixels, so
// truncated or corrupt images are refused. PDFs must end with startxref
// and %%EOF within the last 1024 bytes (pdfcpu would otherwise silently
// reconstruct a truncated file), must not be encrypted, must be readable
// and pass pdfcpu's relaxed validation, and must have at least one page.
//
// On success Inspect returns the kind and a nil error. Otherwise it returns
// "" and an error wrapping one of ErrEmpty, ErrTooLarge, ErrUnsupportedType,
// ErrEncrypted or ErrMalformed. Inspect never panics, does not touch the
// file system and is safe for concurrent use.
func Inspect(data []byte) (Kind, error) {
	if len(data) == 0 {
		return "", ErrEmpty
	}
	if len(data) > MaxFileSize {
		return "", fmt.Errorf("%w: %d bytes, limit is %d", ErrTooLarge, len(data), MaxFileSize)
	}
	kind := sniff(data)
	var err error
	switch kind {
	case KindPDF:
		err = checkPDF(data)
	case KindJPEG, KindPNG:
		err = checkImage(data, kind)
	default:
		return "", ErrUnsupportedType
	}
	if err != nil {
		return "", err
	}
	return kind, nil
}

// sniff returns the kind indicated by the magic bytes at the start of data,
// or "" if there is none.
func sniff(data []byte) Kind {
	switch {
	case bytes.HasPrefix(data, magicPDF):
		return KindPDF
	case bytes.HasPrefix(data, magicJPEG):
		return KindJPEG
	case bytes.HasPrefix(data, magicPNG):
		return KindPNG
	default:
		return ""
	}
}

// checkImage verifies a PNG or JPEG image. The format-specific decoders are
// called directly rather than through image.Decode, so the result does not
// depend on which other formats happen to be registered in the binary.
func checkImage(data []byte, kind Kind) (err error) {
	defer func() {
		// The standard decoders are not expected to panic; this only keeps
		// the promise that Inspect never does.
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: image decoder panic: %v", ErrMalformed, r)
		}
	}()

	decodeConfig, decode := png.DecodeConfig, png.Decode
	if kind == KindJPEG {
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	}

	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return imageError(kind, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("%w: image has no pixels (%dx%d)", ErrMalformed, cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return fmt.Errorf("%w: image is %dx%d pixels, limit is %d pixels",
			ErrTooLarge, cfg.Width, cfg.Height, MaxImagePixels)
	}
	if _, err := decode(bytes.NewReader(data)); err != nil {
		return imageError(kind, err)
	}
	return nil
}

// imageError maps a decoder error to one of the package's errors. A JPEG
// variant that the standard library cannot decode (arithmetic coding,
// 12-bit samples, lossless) is reported as unsupported rather than damaged;
// for PNG the "unsupported" features are all invalid per the specification.
func imageError(kind Kind, err error) error {
	var unsupported jpeg.UnsupportedError
	if kind == KindJPEG && errors.As(err, &unsupported) {
		return fmt.Errorf("%w: %v", ErrUnsupportedType, err)
	}
	return fmt.Errorf("%w: %v", ErrMalformed, err)
}
