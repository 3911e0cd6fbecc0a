package casework

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// ReferenceAlphabet holds the 32 symbols used in case reference numbers:
// digits and upper-case letters without the lookalikes 0, 1, I and O.
const ReferenceAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

const referenceLen = 8

// NewReference returns a new random case reference number of eight symbols
// from ReferenceAlphabet, formatted as "XXXX-XXXX" (40 bits of entropy).
// The symbols come from crypto/rand, so references cannot be guessed from
// one another.
func NewReference() (string, error) {
	var buf [referenceLen]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return "", fmt.Errorf("casework: generating reference: %w", err)
	}
	var out [referenceLen + 1]byte
	j := 0
	for i, b := range buf {
		if i == referenceLen/2 {
			out[j] = '-'
			j++
		}
		// 256 is a multiple of 32, so masking keeps the distribution uniform.
		out[j] = ReferenceAlphabet[b&31]
		j++
	}
	return string(out[:]), nil
}

// NormalizeReference returns the canonical "XXXX-XXXX" form of a reference
// number typed by a user: lower-case letters are upper-cased and spaces and
// dashes are removed. It reports false if the result is not eight symbols
// from ReferenceAlphabet; lookalikes such as O or 1 are rejected rather
// than guessed.
func NormalizeReference(s string) (string, bool) {
	var b strings.Builder
	b.Grow(referenceLen + 1)
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-' || c == '\t':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		if strings.IndexByte(ReferenceAlphabet, c) < 0 {
			return "", false
		}
		if n == referenceLen {
			return "", false
		}
		if n == referenceLen/2 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
		n++
	}
	if n != referenceLen {
		return "", false
	}
	return b.String(), true
}
