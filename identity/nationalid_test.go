package identity

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// The check digits of every literal number below were calculated by hand.
// Notation: products are digit×weight for the weights 3,7,6,1,8,9,4,5,2
// (k1) and 5,4,3,2,7,6,5,4,3,2 (k2); k = 11 - (sum mod 11), 11 -> 0.
func TestParseNationalIDValid(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  NationalID
		kind  Kind
		birth time.Time
		dnum  bool
	}{
		{
			// 010190 124: k1 = 0+7+0+1+72+0+4+10+8 = 102, 102 mod 11 = 3, k1 = 8.
			// k2 = 0+4+0+2+63+0+5+8+12+16 = 110, 110 mod 11 = 0, k2 = 11 -> 0.
			// Individual 124 (000-499) -> 1900s.
			name: "ordinary 1990", in: "01019012480", want: "01019012480",
			kind: KindBirthNumber, birth: date(1990, 1, 1),
		},
		{
			name: "surrounding spaces", in: "  01019012480\t", want: "01019012480",
			kind: KindBirthNumber, birth: date(1990, 1, 1),
		},
		{
			name: "space between date and personal number", in: "010190 12480", want: "01019012480",
			kind: KindBirthNumber, birth: date(1990, 1, 1),
		},
		{
			// 150805 512: k1 = 3+35+0+8+0+45+20+5+4 = 120, 120 mod 11 = 10, k1 = 1.
			// k2 = 5+20+0+16+0+30+25+4+6+2 = 108, 108 mod 11 = 9, k2 = 2.
			// Individual 512 (500-999) with year 05 (00-39) -> 2005.
			name: "born 2005", in: "15080551212", want: "15080551212",
			kind: KindBirthNumber, birth: date(2005, 8, 15),
		},
		{
			// 290200 500: k1 = 6+63+0+2+0+0+20+0+0 = 91, 91 mod 11 = 3, k1 = 8.
			// k2 = 10+36+0+4+0+0+25+0+0+16 = 91, 91 mod 11 = 3, k2 = 8.
			// Individual 500 with year 00 -> 2000, a leap year.
			name: "29 February 2000", in: "29020050088", want: "29020050088",
			kind: KindBirthNumber, birth: date(2000, 2, 29),
		},
		{
			// 311260 600: k1 = 9+7+6+2+48+0+24+0+0 = 96, 96 mod 11 = 8, k1 = 3.
			// k2 = 15+4+3+4+42+0+30+0+0+6 = 104, 104 mod 11 = 5, k2 = 6.
			// Individual 600 (500-749) with year 60 (54-99) -> 1860.
			name: "born 1860", in: "31126060036", want: "31126060036",
			kind: KindBirthNumber, birth: date(1860, 12, 31),
		},
		{
			// 170545 901: k1 = 3+49+0+5+32+45+36+0+2 = 172, 172 mod 11 = 7, k1 = 4.
			// k2 = 5+28+0+10+28+30+45+0+3+8 = 157, 157 mod 11 = 3, k2 = 8.
			// Individual 901 (900-999) with year 45 (40-99) -> 1945.
			name: "born 1945 with 9xx individual number", in: "17054590148", want: "17054590148",
			kind: KindBirthNumber, birth: date(1945, 5, 17),
		},
		{
			// 410190 124: k1 = 12+7+0+1+72+0+4+10+8 = 114, 114 mod 11 = 4, k1 = 7.
			// k2 = 20+4+0+2+63+0+5+8+12+14 = 128, 128 mod 11 = 7, k2 = 4.
			name: "D-number", in: "41019012474", want: "41019012474",
			kind: KindDNumber, birth: date(1990, 1, 1), dnum: true,
		},
		{
			// 014190 124: k1 = 0+7+24+1+72+0+4+10+8 = 126, 126 mod 11 = 5, k1 = 6.
			// k2 = 0+4+12+2+63+0+5+8+12+12 = 118, 118 mod 11 = 8, k2 = 3.
			name: "synthetic NAV (+40)", in: "01419012463", want: "01419012463",
			kind: KindSyntheticNAV, birth: date(1990, 1, 1),
		},
		{
			// 018190 124: k1 = 0+7+48+1+72+0+4+10+8 = 150, 150 mod 11 = 7, k1 = 4.
			// k2 = 0+4+24+2+63+0+5+8+12+8 = 126, 126 mod 11 = 5, k2 = 6.
			name: "synthetic TestID (+80)", in: "01819012446", want: "01819012446",
			kind: KindSyntheticTestID, birth: date(1990, 1, 1),
		},
		{
			// 418190 125: k1 = 12+7+48+1+72+0+4+10+10 = 164, 164 mod 11 = 10, k1 = 1.
			// k2 = 20+4+24+2+63+0+5+8+15+2 = 143, 143 mod 11 = 0, k2 = 0.
			name: "synthetic TestID D-number", in: "41819012510", want: "41819012510",
			kind: KindSyntheticTestID, birth: date(1990, 1, 1), dnum: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := ParseNationalID(tt.in)
			if err != nil {
				t.Fatalf("ParseNationalID(%q) error: %v", tt.in, err)
			}
			if id != tt.want {
				t.Errorf("ParseNationalID(%q) = %q, want %q", tt.in, id, tt.want)
			}
			if got := id.Kind(); got != tt.kind {
				t.Errorf("Kind() = %v, want %v", got, tt.kind)
			}
			if got := id.BirthDate(); !got.Equal(tt.birth) || got.Location() != time.UTC {
				t.Errorf("BirthDate() = %v, want %v", got, tt.birth)
			}
			if got := id.DNumber(); got != tt.dnum {
				t.Errorf("DNumber() = %v, want %v", got, tt.dnum)
			}
			wantSynth := tt.kind == KindSyntheticNAV || tt.kind == KindSyntheticTestID
			if got := id.Synthetic(); got != wantSynth {
				t.Errorf("Synthetic() = %v, want %v", got, wantSynth)
			}
			if got, want := id.Masked(), string(tt.want[:6])+" *****"; got != want {
				t.Errorf("Masked() = %q, want %q", got, want)
			}
			if got := id.String(); got != string(tt.want) {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseNationalIDInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrFormat},
		{"too short", "0101901248", ErrFormat},
		{"too long", "010190124800", ErrFormat},
		{"letters", "0101901248A", ErrFormat},
		{"dash", "010190-12480", ErrFormat},
		{"two spaces", "010190  12480", ErrFormat},
		{"space in wrong place", "01019 012480", ErrFormat},
		{"non-ASCII digit", "０1019012480", ErrFormat},
		// Valid number is 01019012480; change one check digit at a time.
		{"wrong k1", "01019012490", ErrChecksum},
		{"wrong k2", "01019012481", ErrChecksum},
		{"transposed digits", "10019012480", ErrChecksum},
		// 010190 123: k1 sum = 0+7+0+1+72+0+4+10+6 = 100, 100 mod 11 = 1,
		// k1 = 10, so no number can start with these nine digits.
		{"k1 remainder 10", "01019012300", ErrChecksum},
		{"k1 remainder 10 other digits", "01019012319", ErrChecksum},
		// 418190 124: k1 = 12+7+48+1+72+0+4+10+8 = 162, 162 mod 11 = 8, k1 = 3.
		// k2 = 20+4+24+2+63+0+5+8+12+6 = 144, 144 mod 11 = 1, k2 = 10.
		{"k2 remainder 10", "41819012430", ErrChecksum},
		// 310490 124: k1 = 9+7+0+4+72+0+4+10+8 = 114, 114 mod 11 = 4, k1 = 7.
		// k2 = 15+4+0+8+63+0+5+8+12+14 = 129, 129 mod 11 = 8, k2 = 3.
		{"31 April", "31049012473", ErrDate},
		// 290223 500: k1 = 6+63+0+2+16+27+20+0+0 = 134, 134 mod 11 = 2, k1 = 9.
		// k2 = 10+36+0+4+14+18+25+0+0+18 = 125, 125 mod 11 = 4, k2 = 7.
		// Individual 500 with year 23 -> 2023, not a leap year.
		{"29 February 2023", "29022350097", ErrDate},
		// 000190 124: k1 = 0+0+0+1+72+0+4+10+8 = 95, 95 mod 11 = 7, k1 = 4.
		// k2 = 0+0+0+2+63+0+5+8+12+8 = 98, 98 mod 11 = 10, k2 = 1.
		{"day 00", "00019012441", ErrDate},
		// The first check digit may leave the remainders 0-3 (the rule from
		// 2032), not 4: 010190 124 has the weighted sum 102 (see above);
		// k1 = 1 gives 103, 103 mod 11 = 4. k2 = 0+4+0+2+63+0+5+8+12+2 =
		// 96, 96 mod 11 = 8, k2 = 3 is right for that k1.
		{"k1 remainder 4", "01019012413", ErrChecksum},
		// 310490 124 with k1 = 8 (sum 114 + 8 = 122, remainder 1) and
		// k2 = 15+4+0+8+63+0+5+8+12+16 = 131, 131 mod 11 = 10, k2 = 1: the
		// check digits are right by the rule from 2032, the date is not.
		{"31 April by the rule from 2032", "31049012481", ErrDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := ParseNationalID(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseNationalID(%q) = %q, %v; want error %v", tt.in, id, err, tt.want)
			}
			if id != "" {
				t.Errorf("ParseNationalID(%q) returned %q with an error", tt.in, id)
			}
		})
	}
}

// TestChecksumSingleDigitChange checks that every single-digit change to a
// valid number is rejected, which is the property mod 11 guarantees.
func TestChecksumSingleDigitChange(t *testing.T) {
	const valid = "15080551212"
	for i := 0; i < len(valid); i++ {
		for c := byte('0'); c <= '9'; c++ {
			if c == valid[i] {
				continue
			}
			s := valid[:i] + string(c) + valid[i+1:]
			if _, err := ParseNationalID(s); !errors.Is(err, ErrChecksum) && !errors.Is(err, ErrDate) {
				t.Errorf("ParseNationalID(%q) error = %v, want rejection", s, err)
			}
		}
	}
}

func TestCentury(t *testing.T) {
	tests := []struct {
		individual, yy, want int
	}{
		{0, 0, 1900}, {499, 99, 1900}, {499, 39, 1900},
		{500, 54, 1800}, {749, 99, 1800}, {500, 53, 0}, {749, 40, 0},
		{500, 0, 2000}, {999, 39, 2000}, {750, 39, 2000},
		{900, 40, 1900}, {999, 99, 1900}, {899, 40, 0}, {750, 99, 0},
	}
	for _, tt := range tests {
		if got := century(tt.individual, tt.yy); got != tt.want {
			t.Errorf("century(%d, %02d) = %d, want %d", tt.individual, tt.yy, got, tt.want)
		}
	}
}

func TestAge(t *testing.T) {
	id, err := ParseNationalID("01019012480") // 1 January 1990
	if err != nil {
		t.Fatal(err)
	}
	leap, err := ParseNationalID("29020050088") // 29 February 2000
	if err != nil {
		t.Fatal(err)
	}
	oslo := time.FixedZone("CET", 3600)
	tests := []struct {
		id   NationalID
		at   time.Time
		want int
	}{
		{id, date(1990, 1, 1), 0},
		{id, date(1989, 12, 31), 0},
		{id, date(2025, 12, 31), 35},
		{id, date(2026, 1, 1), 36},
		// The calendar date of at is used in at's own location.
		{id, time.Date(2026, 1, 1, 0, 30, 0, 0, oslo), 36},
		{leap, date(2023, 2, 28), 22},
		{leap, date(2023, 3, 1), 23},
		{leap, date(2024, 2, 28), 23},
		{leap, date(2024, 2, 29), 24},
		{NationalID("garbage"), date(2024, 2, 29), 0},
	}
	for _, tt := range tests {
		if got := tt.id.Age(tt.at); got != tt.want {
			t.Errorf("%s.Age(%v) = %d, want %d", tt.id, tt.at, got, tt.want)
		}
	}
}

func TestInvalidValueMethods(t *testing.T) {
	for _, id := range []NationalID{"", "abc", "01019012480x", "99999999999"} {
		if k := id.Kind(); k != 0 {
			t.Errorf("%q.Kind() = %v, want 0", id, k)
		}
		if b := id.BirthDate(); !b.IsZero() {
			t.Errorf("%q.BirthDate() = %v, want zero", id, b)
		}
		if id.Synthetic() || id.DNumber() {
			t.Errorf("%q reported as synthetic or D-number", id)
		}
		if strings.ContainsAny(id.Masked()[len(id.Masked())-5:], "0123456789") {
			t.Errorf("%q.Masked() = %q leaks digits", id, id.Masked())
		}
	}
}

func TestGenerateSynthetic(t *testing.T) {
	// Synthetic 1 January 1990 (018190), hand-calculated as in
	// TestParseNationalIDValid:
	//  123: k1 = 0+7+48+1+72+0+4+10+6 = 148, 148 mod 11 = 5, k1 = 6;
	//       k2 = 0+4+24+2+63+0+5+8+9+12 = 127, 127 mod 11 = 6, k2 = 5.
	//  106: k1 = 0+7+48+1+72+0+4+0+12 = 144, 144 mod 11 = 1, k1 = 10 (invalid).
	//  107: k1 = 0+7+48+1+72+0+4+0+14 = 146, 146 mod 11 = 3, k1 = 8;
	//       k2 = 0+4+24+2+63+0+5+0+21+16 = 135, 135 mod 11 = 3, k2 = 8.
	//  109: k1 = 0+7+48+1+72+0+4+0+18 = 150, 150 mod 11 = 7, k1 = 4;
	//       k2 = 0+4+24+2+63+0+5+0+27+8 = 133, 133 mod 11 = 1, k2 = 10 (invalid).
	//  110: k1 = 0+7+48+1+72+0+4+5+0 = 137, 137 mod 11 = 5, k1 = 6;
	//       k2 = 0+4+24+2+63+0+5+4+0+12 = 114, 114 mod 11 = 4, k2 = 7.
	for _, tt := range []struct {
		individual int
		want       NationalID
	}{
		{123, "01819012365"},
		{106, "01819010788"}, // k1 would be 10
		{109, "01819011067"}, // k2 would be 10
	} {
		id, err := GenerateSynthetic(date(1990, 1, 1), tt.individual)
		if err != nil {
			t.Fatal(err)
		}
		if id != tt.want {
			t.Errorf("GenerateSynthetic(1990-01-01, %d) = %q, want %q", tt.individual, id, tt.want)
		}
	}

	// Individual numbers below the century's range are skipped: 2005 needs 500-999.
	id, err := GenerateSynthetic(date(2005, 8, 15), 0)
	if err != nil {
		t.Fatal(err)
	}
	if ind := id[6:9]; ind < "500" {
		t.Errorf("GenerateSynthetic(2005-08-15, 0) = %q, individual %s not in 500-999", id, ind)
	}

	// A date in another location is taken as the calendar date there.
	west := time.FixedZone("UTC-10", -10*3600)
	id, err = GenerateSynthetic(time.Date(2001, 12, 31, 23, 0, 0, 0, west), 500)
	if err != nil {
		t.Fatal(err)
	}
	if got := id.BirthDate(); !got.Equal(date(2001, 12, 31)) {
		t.Errorf("birth date = %v, want 2001-12-31", got)
	}

	// Every day from 1854 to 2039 round-trips through ParseNationalID.
	for d := date(1854, 1, 1); d.Year() <= 2039; d = d.AddDate(0, 0, 1) {
		for _, ind := range []int{0, 499, 500, 749, 900} {
			id, err := GenerateSynthetic(d, ind)
			if err != nil {
				// Failure is legitimate only when few individual numbers
				// of the right century remain from ind; each one has
				// roughly a 2 in 11 chance of giving a check digit 10.
				left := 0
				for i := ind; i <= 999; i++ {
					if century(i, d.Year()%100) == d.Year()-d.Year()%100 {
						left++
					}
				}
				if left < 10 {
					continue
				}
				t.Fatalf("GenerateSynthetic(%v, %d): %v", d.Format(time.DateOnly), ind, err)
			}
			parsed, err := ParseNationalID(string(id))
			if err != nil {
				t.Fatalf("GenerateSynthetic(%v, %d) = %q, which does not parse: %v", d.Format(time.DateOnly), ind, id, err)
			}
			if parsed.Kind() != KindSyntheticTestID || !parsed.BirthDate().Equal(d) {
				t.Fatalf("GenerateSynthetic(%v, %d) = %q: kind %v, birth %v", d.Format(time.DateOnly), ind, id, parsed.Kind(), parsed.BirthDate())
			}
			got := int(id[6]-'0')*100 + int(id[7]-'0')*10 + int(id[8]-'0')
			if got < ind {
				t.Fatalf("GenerateSynthetic(%v, %d) used individual %d", d.Format(time.DateOnly), ind, got)
			}
		}
	}

	for _, tt := range []struct {
		birth      time.Time
		individual int
	}{
		{date(1853, 12, 31), 500},
		{date(2040, 1, 1), 500},
		{date(1990, 1, 1), -1},
		{date(1990, 1, 1), 1000},
		{date(1920, 1, 1), 500}, // 1900-1939 only allows 000-499
	} {
		if id, err := GenerateSynthetic(tt.birth, tt.individual); err == nil {
			t.Errorf("GenerateSynthetic(%v, %d) = %q, want error", tt.birth, tt.individual, id)
		}
	}

	// 1860 only allows 500-749; starting at 750 must fail.
	if id, err := GenerateSynthetic(date(1860, 6, 1), 750); err == nil {
		t.Errorf("GenerateSynthetic(1860-06-01, 750) = %q, want error", id)
	}
}

// Numbers issued from 2032 accept four values of the first check digit:
// the weighted sum of the first nine digits plus k1 may leave 0, 1, 2 or 3
// when divided by 11; k2 is computed from the k1 the number has. Only
// remainder 0 is today's rule, and only such a number (with a known
// century) encodes a birth date. Check digits calculated by hand, as above.
func TestNationalIDRuleFrom2032(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		kind  Kind
		dnum  bool
		birth time.Time // zero: the number does not encode a birth date
	}{
		// 010190 124: sum 102, 102 mod 11 = 3. k1 = 8 leaves 0 (today's
		// rule), 9 leaves 1, 10 would leave 2, 0 leaves 3.
		{"today's rule still encodes the birth date", "01019012480", KindBirthNumber, false, date(1990, 1, 1)},
		// k1 = 9: k2 = 0+4+0+2+63+0+5+8+12 = 94, + 2×9 = 112, 112 mod 11 = 2, k2 = 9.
		{"first check digit with remainder 1", "01019012499", KindBirthNumber, false, time.Time{}},
		// k1 = 0: k2 sum 94, 94 mod 11 = 6, k2 = 5.
		{"first check digit with remainder 3", "01019012405", KindBirthNumber, false, time.Time{}},
		// 010190 123: sum 100, 100 mod 11 = 1; today's k1 would be 10, so
		// no number of today's rule starts with these digits. k1 = 0
		// leaves 1; k2 = 0+4+0+2+63+0+5+8+9 = 91, 91 mod 11 = 3, k2 = 8.
		{"prefix without a number by today's rule", "01019012308", KindBirthNumber, false, time.Time{}},
		// 410190 124: sum 114, 114 mod 11 = 4; k1 = 8 leaves 1.
		// k2 = 20+4+0+2+63+0+5+8+12 = 114, + 16 = 130, 130 mod 11 = 9, k2 = 2.
		{"D-number", "41019012482", KindDNumber, true, time.Time{}},
		// 014190 124: sum 126, 126 mod 11 = 5; k1 = 7 leaves 1.
		// k2 = 0+4+12+2+63+0+5+8+12 = 106, + 14 = 120, 120 mod 11 = 10, k2 = 1.
		{"synthetic NAV (+40)", "01419012471", KindSyntheticNAV, false, time.Time{}},
		// 018190 124: sum 150, 150 mod 11 = 7; k1 = 5 leaves 1.
		// k2 = 0+4+24+2+63+0+5+8+12 = 118, + 10 = 128, 128 mod 11 = 7, k2 = 4.
		{"synthetic TestID (+80)", "01819012454", KindSyntheticTestID, false, time.Time{}},
		// 290200 123: sum 91, remainder 3 with today's k1 = 8; k2 = 0.
		// By today's rule individual 123 means 1900, and 29 February 1900
		// did not exist. The rule from 2032 no longer ties the individual
		// number to a century: valid, but it encodes no birth date.
		{"29 February with an individual number of the 1900s", "29020012380", KindBirthNumber, false, time.Time{}},
		// 010150 800: k1 = 8 (sum 80, remainder 3), k2 = 2 (sum 97). By
		// today's rule individual 800 with year 50 belongs to no century.
		{"individual number of no century", "01015080082", KindBirthNumber, false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := ParseNationalID(tt.in)
			if err != nil {
				t.Fatalf("ParseNationalID(%q): %v", tt.in, err)
			}
			if id.Kind() != tt.kind || id.DNumber() != tt.dnum {
				t.Errorf("kind %v, D-number %v; want %v, %v", id.Kind(), id.DNumber(), tt.kind, tt.dnum)
			}
			if got := id.EncodesBirthDate(); got != !tt.birth.IsZero() {
				t.Errorf("EncodesBirthDate() = %v", got)
			}
			if got := id.BirthDate(); !got.Equal(tt.birth) {
				t.Errorf("BirthDate() = %v, want %v", got, tt.birth)
			}
			if tt.birth.IsZero() && id.Age(date(2040, 1, 1)) != 0 {
				t.Errorf("an age was read from %q", id)
			}
			if got, want := id.Synthetic(), tt.kind == KindSyntheticNAV || tt.kind == KindSyntheticTestID; got != want {
				t.Errorf("Synthetic() = %v", got)
			}
		})
	}
}

func TestGenerateSyntheticNewRule(t *testing.T) {
	// 018190 from 124: k1 = 5 leaves 1, k2 = 4 (TestNationalIDRuleFrom2032).
	id, err := GenerateSyntheticNewRule(date(1990, 1, 1), 124)
	if err != nil || id != "01819012454" {
		t.Fatalf("GenerateSyntheticNewRule(1990-01-01, 124) = %q, %v; want 01819012454", id, err)
	}
	for d := date(1960, 1, 1); d.Year() < 2060; d = d.AddDate(0, 0, 3) {
		for _, ind := range []int{0, 499, 500, 999} {
			id, err := GenerateSyntheticNewRule(d, ind)
			if err != nil {
				if ind == 999 {
					continue // one individual number left, its check digits may all be 10
				}
				t.Fatalf("GenerateSyntheticNewRule(%v, %d): %v", d.Format(time.DateOnly), ind, err)
			}
			parsed, err := ParseNationalID(string(id))
			if err != nil {
				t.Fatalf("GenerateSyntheticNewRule(%v, %d) = %q, which does not parse: %v", d.Format(time.DateOnly), ind, id, err)
			}
			if parsed.Kind() != KindSyntheticTestID || parsed.EncodesBirthDate() || !parsed.BirthDate().IsZero() {
				t.Fatalf("%q: kind %v, encodes a birth date %v", id, parsed.Kind(), parsed.EncodesBirthDate())
			}
			if want := d.Format("02") + strconv.Itoa(int(d.Month())+80) + d.Format("06"); string(id[:6]) != want {
				t.Fatalf("%q does not show %s", id, want)
			}
			var digits [11]int
			for i := range digits {
				digits[i] = int(id[i] - '0')
			}
			if k1, _, ok := checkDigits(digits[:9]); ok && k1 == digits[9] {
				t.Fatalf("%q has today's first check digit", id)
			}
		}
	}
	if _, err := GenerateSyntheticNewRule(date(1990, 1, 1), 1000); err == nil {
		t.Error("individual number 1000 accepted")
	}
}

// todaysRule is the check of numbers before the rule from 2032, kept here
// as the reference that every number it accepts is still accepted, with
// the same birth date.
func todaysRule(s string) (time.Time, bool) {
	if len(s) != 11 {
		return time.Time{}, false
	}
	var d [11]int
	for i := range d {
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, false
		}
		d[i] = int(s[i] - '0')
	}
	k1, k2, ok := checkDigits(d[:9])
	if !ok || k1 != d[9] || k2 != d[10] {
		return time.Time{}, false
	}
	day, month := d[0]*10+d[1], d[2]*10+d[3]
	yy, ind := d[4]*10+d[5], d[6]*100+d[7]*10+d[8]
	if day > 40 {
		day -= 40
	}
	if month > 80 {
		month -= 80
	} else if month > 40 {
		month -= 40
	}
	c := century(ind, yy)
	b := time.Date(c+yy, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if c == 0 || month < 1 || month > 12 || day < 1 || b.Day() != day {
		return time.Time{}, false
	}
	return b, true
}

// Every number valid by today's rule is valid with the same birth date;
// numbers with another first check digit parse only by the rule from 2032
// and never give a birth date.
func TestTodaysNumbersStillValid(t *testing.T) {
	n := 0
	for _, prefix := range []string{"010190", "290200", "311299", "410190", "018190", "014190", "150805", "170545"} {
		for ind := 0; ind <= 999; ind++ {
			for k := 0; k <= 99; k++ {
				s := prefix + fmt3(ind) + fmt2(k)
				birth, old := todaysRule(s)
				id, err := ParseNationalID(s)
				switch {
				case old && (err != nil || !id.BirthDate().Equal(birth) || !id.EncodesBirthDate()):
					t.Fatalf("%s: valid today with birth %v, now %v, birth %v", s, birth, err, id.BirthDate())
				case !old && err == nil && id.EncodesBirthDate():
					t.Fatalf("%s: not valid today, but gives the birth date %v", s, id.BirthDate())
				case err == nil:
					n++
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no number checked")
	}
}

func fmt3(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}
func fmt2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func TestSyntheticExact(t *testing.T) {
	birth := time.Date(1990, 1, 15, 0, 0, 0, 0, time.UTC)
	hits := 0
	for ind := 0; ind < 500; ind++ {
		id, ok := SyntheticExact(birth, ind)
		if !ok {
			if g, err := GenerateSynthetic(birth, ind); err == nil && string(g[6:9]) == fmt.Sprintf("%03d", ind) {
				t.Fatalf("%d refused although %s is valid", ind, g)
			}
			continue
		}
		hits++
		if string(id[6:9]) != fmt.Sprintf("%03d", ind) {
			t.Fatalf("%d gave %s", ind, id)
		}
		if _, err := ParseNationalID(string(id)); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	if hits < 300 || hits == 500 {
		t.Errorf("%d exact hits of 500: expected most, not all (some individual numbers have no valid check digits)", hits)
	}
}
