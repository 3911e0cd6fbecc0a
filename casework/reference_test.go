package casework

import (
	"math"
	"strings"
	"testing"
)

func TestReferenceAlphabet(t *testing.T) {
	if len(ReferenceAlphabet) != 32 {
		t.Fatalf("alphabet has %d symbols, want 32", len(ReferenceAlphabet))
	}
	if strings.ContainsAny(ReferenceAlphabet, "IO01") {
		t.Errorf("alphabet %q contains a lookalike I, O, 0 or 1", ReferenceAlphabet)
	}
	seen := map[rune]bool{}
	for _, r := range ReferenceAlphabet {
		if seen[r] {
			t.Errorf("symbol %q repeated", r)
		}
		seen[r] = true
		if !(r >= '2' && r <= '9') && !(r >= 'A' && r <= 'Z') {
			t.Errorf("symbol %q is not a digit or upper-case ASCII letter", r)
		}
	}
}

func checkFormat(t *testing.T, ref string) {
	t.Helper()
	if len(ref) != 9 || ref[4] != '-' {
		t.Fatalf("reference %q is not in the form XXXX-XXXX", ref)
	}
	for i := 0; i < len(ref); i++ {
		if i == 4 {
			continue
		}
		if strings.IndexByte(ReferenceAlphabet, ref[i]) < 0 {
			t.Fatalf("reference %q has symbol %q outside the alphabet", ref, ref[i])
		}
	}
}

func TestNewReference(t *testing.T) {
	const n = 10000
	refs := make([]string, n)
	seen := make(map[string]bool, n)
	counts := map[byte]int{}
	for i := range refs {
		ref, err := NewReference()
		if err != nil {
			t.Fatal(err)
		}
		checkFormat(t, ref)
		if seen[ref] {
			// 40 bits: the chance of any collision in 10 000 is about 5e-5.
			t.Fatalf("duplicate reference %q after %d", ref, i)
		}
		seen[ref] = true
		refs[i] = ref
		for j := 0; j < len(ref); j++ {
			if ref[j] != '-' {
				counts[ref[j]]++
			}
		}
		if norm, ok := NormalizeReference(ref); !ok || norm != ref {
			t.Fatalf("NormalizeReference(%q) = %q, %v", ref, norm, ok)
		}
	}

	// Consecutive references must be unrelated. For independent uniform
	// symbols the expected number of differing positions is 8 × 31/32 =
	// 7.75; a counter or timestamp would differ mostly in the last symbols.
	// Also no reference may share its first half with the previous one.
	total := 0
	samePrefix := 0
	for i := 1; i < n; i++ {
		a, b := refs[i-1], refs[i]
		for j := 0; j < len(a); j++ {
			if a[j] != b[j] {
				total++
			}
		}
		if a[:4] == b[:4] {
			samePrefix++
		}
	}
	if avg := float64(total) / (n - 1); avg < 7.5 {
		t.Errorf("consecutive references differ in %.2f positions on average, want about 7.75", avg)
	}
	// Expected (n-1)/32^4 ≈ 0.01 shared prefixes.
	if samePrefix > 2 {
		t.Errorf("%d consecutive references share the first four symbols", samePrefix)
	}

	// Every symbol must be used, about uniformly: chi-squared with 31
	// degrees of freedom over 80 000 symbols. The 99.9999th percentile is
	// about 85, so a correct generator fails this far less than once in a
	// million runs, while a modulo bias or missing symbol fails it reliably.
	expected := float64(n*8) / 32
	chi2 := 0.0
	for i := 0; i < len(ReferenceAlphabet); i++ {
		diff := float64(counts[ReferenceAlphabet[i]]) - expected
		chi2 += diff * diff / expected
	}
	if len(counts) != 32 || chi2 > 85 || math.IsNaN(chi2) {
		t.Errorf("symbol distribution not uniform: %d symbols used, chi² = %.1f", len(counts), chi2)
	}
}

func TestNormalizeReference(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"ABCD-EFGH", "ABCD-EFGH", true},
		{"abcd-efgh", "ABCD-EFGH", true},
		{"AbCd eFgH", "ABCD-EFGH", true},
		{"ABCDEFGH", "ABCD-EFGH", true},
		{" 2345-6789 ", "2345-6789", true},
		{"23-45-67-89", "2345-6789", true},
		{"2345\t6789", "2345-6789", true},
		{"--XYZ2 3456--", "XYZ2-3456", true},
		{"ABCD-EFG", "", false},       // too short
		{"ABCD-EFGHJ", "", false},     // too long
		{"", "", false},               // empty
		{"----", "", false},           // only separators
		{"ABCD-EFG0", "", false},      // 0 is not in the alphabet
		{"ABCD-EFGO", "", false},      // O is not in the alphabet
		{"ABCD-EFG1", "", false},      // 1 is not in the alphabet
		{"ABCD-EFGI", "", false},      // I is not in the alphabet
		{"abcd-efgi", "", false},      // i upper-cases to I
		{"ABCD_EFGH", "", false},      // other separators are rejected
		{"ABCD-EFGÅ", "", false},      // non-ASCII
		{"ABCD-EFſH", "", false},      // long s must not upper-case to S
		{"ABCD\u2013EFGH", "", false}, // en dash
	}
	for _, tt := range tests {
		got, ok := NormalizeReference(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeReference(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
