package attachment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameRunes is the maximum length, in runes and including the
// extension, of a name returned by CleanName.
const MaxNameRunes = 100

// defaultStem is the name used when nothing usable is left of the
// uploaded file name.
const defaultStem = "dokument"

// CleanName turns a file name supplied by a browser into a safe display
// and download name for an attachment of the given kind:
//
//   - only the base name is kept: everything up to the last '/' or '\' is
//     removed, so "../../etc/passwd" and `C:\Users\ola\cv.pdf` lose their
//     directories;
//   - the name is normalised to Unicode NFC;
//   - control and format characters (including bidirectional overrides
//     such as U+202E, zero-width characters and variation selectors) are
//     removed;
//   - every run of white space becomes a single space;
//   - letters (including æøå ÆØÅ), combining marks, digits, space, '-',
//     '_', '.', '(' and ')' are kept, dashes such as '–' become '-', and
//     every run of other characters becomes a single '_';
//   - the extension is replaced by kind.Ext(), so "cv.exe" holding a PDF
//     becomes "cv.pdf" and "scan.JPEG" becomes "scan.jpg"; a duplicated
//     extension ("cv.pdf.exe") is not repeated;
//   - dots and spaces are trimmed from both ends of the name, a reserved
//     Windows device name such as "CON" gets a '_' prefix, and the result
//     is cut to at most MaxNameRunes runes, extension included;
//   - if nothing is left, "dokument" plus the extension is used.
//
// For a kind other than KindPDF, KindJPEG and KindPNG the extension is
// removed and none is added.
func CleanName(name string, kind Kind) string {
	ext := kind.Ext()

	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	// Normalise before filtering so that decomposed letters are kept as
	// letters, and again afterwards because removing a character may
	// leave a sequence that composes differently.
	name = norm.NFC.String(filterRunes(norm.NFC.String(name)))

	stem := strings.TrimRight(name, " .")
	stem = stripExtension(stem, ext)
	stem = strings.TrimLeft(stem, " .")
	if isReservedWindowsName(stem) {
		stem = "_" + stem
	}
	if limit := MaxNameRunes - utf8.RuneCountInString(ext); utf8.RuneCountInString(stem) > limit {
		// Cutting may expose a dot, a space or a copy of the extension
		// at the new end.
		stem = stripAliases(truncateRunes(stem, limit), ext)
	}
	if stem == "" {
		stem = defaultStem
	}
	return stem + ext
}

// filterRunes applies the character rules of CleanName to s.
func filterRunes(s string) string {
	const (
		classNone = iota
		classSpace
		classReplaced
		classKept
	)
	var b strings.Builder
	b.Grow(len(s))
	last := classNone
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]

		switch {
		case r == utf8.RuneError && size <= 1:
			// Invalid UTF-8 byte.
			if last != classReplaced {
				b.WriteByte('_')
			}
			last = classReplaced
		case unicode.IsSpace(r):
			if last != classSpace {
				b.WriteByte(' ')
			}
			last = classSpace
		case isInvisible(r):
			// Dropped without a trace.
		case unicode.IsLetter(r), unicode.IsDigit(r),
			unicode.In(r, unicode.Mn, unicode.Mc),
			r == '-', r == '_', r == '.', r == '(', r == ')':
			b.WriteRune(r)
			last = classKept
		case unicode.Is(unicode.Pd, r):
			b.WriteByte('-')
			last = classKept
		default:
			if last != classReplaced {
				b.WriteByte('_')
			}
			last = classReplaced
		}
	}
	return b.String()
}

// isInvisible reports whether r is a control or format character or is
// otherwise rendered as nothing (variation selectors, fillers).
func isInvisible(r rune) bool {
	return unicode.In(r,
		unicode.Cc,
		unicode.Cf,
		unicode.Variation_Selector,
		unicode.Other_Default_Ignorable_Code_Point,
	)
}

// stripExtension removes a trailing extension from stem. A suffix counts as
// an extension if it is 1 to 8 ASCII letters and digits with at least one
// letter, so "rapport 1.2" keeps its ".2". A name that is nothing but a
// dot and such a suffix (".bashrc") is a hidden-file name rather than an
// extension and is kept, unless the suffix is the target extension itself
// (".pdf"). If what remains still ends with the target extension or one of
// its aliases (as in "cv.pdf.exe"), that is removed too so the extension is
// not doubled.
func stripExtension(stem, ext string) string {
	if i := strings.LastIndexByte(stem, '.'); i >= 0 && looksLikeExtension(stem[i+1:]) {
		hidden := strings.Trim(stem[:i], " .") == ""
		if !hidden || isExtensionAlias(stem[i:], ext) {
			stem = stem[:i]
		}
	}
	return stripAliases(stem, ext)
}

// stripAliases removes trailing dots and spaces and any trailing copies of
// ext or its aliases from stem.
func stripAliases(stem, ext string) string {
	for {
		stem = strings.TrimRight(stem, " .")
		i := strings.LastIndexByte(stem, '.')
		if i < 0 || !isExtensionAlias(stem[i:], ext) {
			return stem
		}
		stem = stem[:i]
	}
}

// isExtensionAlias reports whether suffix (with its dot, in any case) means
// the same as the non-empty extension ext.
func isExtensionAlias(suffix, ext string) bool {
	if ext == "" {
		return false
	}
	suffix = strings.ToLower(suffix)
	for _, alias := range extensionAliases(ext) {
		if suffix == alias {
			return true
		}
	}
	return false
}

// extensionAliases returns the lower-case extensions that mean the same as
// ext.
func extensionAliases(ext string) []string {
	switch ext {
	case ".jpg":
		return []string{".jpg", ".jpeg", ".jpe", ".jfif"}
	default:
		return []string{ext}
	}
}

// looksLikeExtension reports whether s (without the dot) is plausibly a
// file extension.
func looksLikeExtension(s string) bool {
	if len(s) == 0 || len(s) > 8 {
		return false
	}
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9':
		default:
			return false
		}
	}
	return letter
}

// isReservedWindowsName reports whether stem would be taken as a device
// name by Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9, in any case and
// whatever follows the first dot).
func isReservedWindowsName(stem string) bool {
	base, _, _ := strings.Cut(stem, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		return '1' <= base[3] && base[3] <= '9'
	}
	return false
}

// truncateRunes returns the first n runes of s.
func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
