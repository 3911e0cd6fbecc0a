// Package attachment validates documents that citizens attach to an
// application and produces safe file names for them.
//
// Only PDF, JPEG and PNG files are accepted. The type is decided from the
// file's content (its magic bytes, followed by a structural check with a
// real decoder or parser), never from the file name or the Content-Type
// sent by the browser. Encrypted and malformed PDFs are refused with
// distinct errors so that the user can be told what is wrong.
//
// Typical use in an upload handler:
//
//	data, err := io.ReadAll(io.LimitReader(part, attachment.MaxFileSize+1))
//	...
//	kind, err := attachment.Inspect(data)
//	if err != nil {
//		// map errors.Is(err, attachment.ErrEncrypted) etc. to a message
//	}
//	name := attachment.CleanName(part.FileName(), kind)
package attachment

import "errors"

// Limits for uploaded attachments.
//
// MaxFileSize is the per-file limit enforced by Inspect. MaxFiles and
// MaxTotalSize are per-application limits (the number of attachments and
// their combined size); Inspect sees one file at a time, so enforcing them
// is up to the caller.
const (
	// MaxFileSize is the largest accepted size of a single file in bytes (10 MiB).
	MaxFileSize = 10 << 20
	// MaxFiles is the largest number of attachments on one application.
	MaxFiles = 30
	// MaxTotalSize is the largest combined size in bytes of all attachments
	// on one application (150 MiB).
	MaxTotalSize = 150 << 20
)

// MaxImagePixels is the largest accepted image area (width × height) for
// PNG and JPEG files. It is checked from the image header before the image
// is fully decoded, so a small, highly compressed file cannot make Inspect
// allocate an enormous pixel buffer. A fully decoded image of this size
// takes between roughly 75 MB (4:2:0 JPEG) and 400 MB (16-bit RGBA PNG).
const MaxImagePixels = 50_000_000

// Kind is the media type of an accepted attachment.
type Kind string

// The accepted kinds of attachment.
const (
	// KindPDF is a PDF document.
	KindPDF Kind = "application/pdf"
	// KindJPEG is a JPEG image.
	KindJPEG Kind = "image/jpeg"
	// KindPNG is a PNG image.
	KindPNG Kind = "image/png"
)

// Ext returns the canonical file name extension for k, including the
// leading dot: ".pdf", ".jpg" or ".png". It returns "" for any other value.
func (k Kind) Ext() string {
	switch k {
	case KindPDF:
		return ".pdf"
	case KindJPEG:
		return ".jpg"
	case KindPNG:
		return ".png"
	default:
		return ""
	}
}

// Errors returned by Inspect. The returned error wraps exactly one of them
// (test with errors.Is); its message may carry extra detail meant for logs,
// not for end users.
var (
	// ErrEmpty reports a file with no content.
	ErrEmpty = errors.New("attachment: file is empty")
	// ErrTooLarge reports a file larger than MaxFileSize, or an image whose
	// dimensions exceed MaxImagePixels.
	ErrTooLarge = errors.New("attachment: file is too large")
	// ErrUnsupportedType reports content that is not PDF, JPEG or PNG, or a
	// variant of those formats that cannot be decoded.
	ErrUnsupportedType = errors.New("attachment: unsupported file type")
	// ErrEncrypted reports a password-protected (encrypted) PDF.
	ErrEncrypted = errors.New("attachment: PDF is encrypted")
	// ErrMalformed reports a file that starts like a supported type but is
	// damaged, truncated or otherwise cannot be read.
	ErrMalformed = errors.New("attachment: file is damaged or incomplete")
)
