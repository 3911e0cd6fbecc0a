// Package identity parses and validates Norwegian national identity numbers
// (fødselsnummer, D-number and synthetic test numbers).
//
// Two rules for the check digits are in use. Numbers issued before 2032
// have one valid first check digit, and their first six digits and the
// individual number give the birth date. Numbers issued from 1 January 2032
// (Skatteetaten, "Nytt fødselsnummer fra 2032") accept four values of the
// first check digit: the weighted sum of the first nine digits plus the
// check digit may leave the remainder 0, 1, 2 or 3 when divided by 11
// (today's rule is remainder 0 only). The second check digit is computed
// as before, from the first check digit the number actually has. Such
// numbers no longer encode the sex, and the birth date must be read from
// the population register, not from the number. The first six digits still
// have the shape of a date (with the D-number and synthetic offsets), which
// is checked as Skatteetaten's reference does: the day must exist in that
// month of the year 20YY.
package identity

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors returned by ParseNationalID. They are exported so that the
// user interface can tell the citizen what is wrong with the number.
var (
	// ErrFormat reports that the input is not exactly eleven digits.
	ErrFormat = errors.New("identity: national identity number must be 11 digits")
	// ErrChecksum reports that one of the two check digits is wrong (by
	// today's rule and by the rule for numbers issued from 2032), or that
	// the check digit calculation gives the impossible value 10.
	ErrChecksum = errors.New("identity: national identity number has invalid check digits")
	// ErrDate reports that the first six digits are not a calendar date
	// (after removing the D-number and synthetic offsets).
	ErrDate = errors.New("identity: national identity number has an invalid birth date")
)

// Kind is the type of a national identity number.
type Kind int

// The kinds of national identity numbers.
const (
	// KindBirthNumber is an ordinary fødselsnummer.
	KindBirthNumber Kind = iota + 1
	// KindDNumber is a D-number, where 40 is added to the day of birth.
	KindDNumber
	// KindSyntheticNAV is a synthetic test number from NAV, where 40 is
	// added to the month of birth.
	KindSyntheticNAV
	// KindSyntheticTestID is a synthetic test number from Tenor/TestID,
	// where 80 is added to the month of birth.
	KindSyntheticTestID
)

// String returns a short English name for the kind.
func (k Kind) String() string {
	switch k {
	case KindBirthNumber:
		return "birth number"
	case KindDNumber:
		return "D-number"
	case KindSyntheticNAV:
		return "synthetic (NAV)"
	case KindSyntheticTestID:
		return "synthetic (TestID)"
	default:
		return fmt.Sprintf("Kind(%d)", int(k))
	}
}

const (
	dayOffsetD        = 40
	monthOffsetNAV    = 40
	monthOffsetTestID = 80
	// maxRemainderK1 is the largest remainder the first check digit may
	// leave under the rule for numbers issued from 2032 (0, 1, 2 or 3).
	maxRemainderK1 = 3
)

var (
	weightsK1 = [9]int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	weightsK2 = [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// NationalID is a validated eleven-digit Norwegian national identity number.
// Values should be obtained from ParseNationalID or GenerateSynthetic; the
// methods return zero values for a NationalID that does not hold a valid
// date part.
type NationalID string

// ParseNationalID parses and validates a national identity number. Leading
// and trailing white space is ignored, and a single space between the six
// date digits and the five personal digits is accepted ("010190 12345").
// Numbers of both rules are accepted (see the package comment); use
// EncodesBirthDate before reading a birth date or an age from the number.
// The error is ErrFormat, ErrChecksum or ErrDate, possibly wrapped.
func ParseNationalID(s string) (NationalID, error) {
	s = strings.TrimSpace(s)
	if len(s) == 12 && s[6] == ' ' {
		s = s[:6] + s[7:]
	}
	if len(s) != 11 {
		return "", ErrFormat
	}
	var d [11]int
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return "", ErrFormat
		}
		d[i] = int(c - '0')
	}
	if _, ok := checkRemainder(d); !ok {
		return "", ErrChecksum
	}
	if _, ok := split(d); !ok {
		return "", ErrDate
	}
	return NationalID(s), nil
}

// checkRemainder checks both check digits by the rule for numbers issued
// from 2032, which includes today's: ok is true when the first check digit
// leaves one of the remainders 0-3 and the second check digit is right for
// the first. rest is that remainder; 0 means the first check digit is the
// one today's rule gives.
func checkRemainder(d [11]int) (rest int, ok bool) {
	sum := d[9]
	for i, w := range weightsK1 {
		sum += d[i] * w
	}
	rest = sum % 11
	if rest > maxRemainderK1 {
		return rest, false
	}
	sum = d[10]
	for i, w := range weightsK2 {
		sum += d[i] * w
	}
	return rest, sum%11 == 0
}

// checkDigits computes the two mod 11 check digits for the first nine digits.
// ok is false when either check digit would be 10, which means that no valid
// number starts with these nine digits.
func checkDigits(first9 []int) (k1, k2 int, ok bool) {
	sum := 0
	for i, w := range weightsK1 {
		sum += first9[i] * w
	}
	k1 = mod11(sum)
	if k1 == 10 {
		return 0, 0, false
	}
	sum = 0
	for i, w := range weightsK2[:9] {
		sum += first9[i] * w
	}
	sum += k1 * weightsK2[9]
	k2 = mod11(sum)
	if k2 == 10 {
		return 0, 0, false
	}
	return k1, k2, true
}

// mod11 returns 11 - (sum mod 11), with 11 mapped to 0. A result of 10 means
// the check digit cannot be represented.
func mod11(sum int) int {
	k := 11 - sum%11
	if k == 11 {
		return 0
	}
	return k
}

// century returns the century (1800, 1900 or 2000) encoded by the individual
// number and the two-digit year, or 0 when the combination is not allocated.
func century(individual, yy int) int {
	switch {
	case individual >= 0 && individual <= 499:
		return 1900
	case individual >= 500 && individual <= 749 && yy >= 54:
		return 1800
	case individual >= 500 && individual <= 999 && yy <= 39:
		return 2000
	case individual >= 900 && individual <= 999 && yy >= 40:
		return 1900
	default:
		return 0
	}
}

// parts are the fields of a number's first nine digits, with the D-number
// and synthetic offsets removed.
type parts struct {
	kind                       Kind
	day, month, yy, individual int
}

// split reads the kind, the day and month, the two-digit year and the
// individual number. ok is false when the day and month are not a date in
// the year 20YY (Skatteetaten's check for numbers of both rules: the
// century cannot be read from a number issued from 2032).
func split(d [11]int) (parts, bool) {
	p := parts{
		kind:       KindBirthNumber,
		day:        d[0]*10 + d[1],
		month:      d[2]*10 + d[3],
		yy:         d[4]*10 + d[5],
		individual: d[6]*100 + d[7]*10 + d[8],
	}
	if p.day > dayOffsetD {
		p.day -= dayOffsetD
		p.kind = KindDNumber
	}
	// A synthetic number may also be a synthetic D-number; the synthetic
	// kind takes precedence because it decides whether the person is real.
	switch {
	case p.month > monthOffsetTestID:
		p.month -= monthOffsetTestID
		p.kind = KindSyntheticTestID
	case p.month > monthOffsetNAV:
		p.month -= monthOffsetNAV
		p.kind = KindSyntheticNAV
	}
	return p, validDate(2000+p.yy, p.month, p.day)
}

// validDate reports whether day exists in month of year.
func validDate(year, month, day int) bool {
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return t.Day() == day && int(t.Month()) == month // not 31 April, nor 29 February 2023
}

// birthDate returns the birth date that today's rule encodes: the century
// from the individual number and the two-digit year. ok is false when the
// combination is not allocated or the date does not exist in that century
// (29 February 1900).
func (p parts) birthDate() (time.Time, bool) {
	c := century(p.individual, p.yy)
	if c == 0 || !validDate(c+p.yy, p.month, p.day) {
		return time.Time{}, false
	}
	return time.Date(c+p.yy, time.Month(p.month), p.day, 0, 0, 0, 0, time.UTC), true
}

// info decodes id: its kind, and its birth date when it encodes one (see
// EncodesBirthDate), else the zero time. For a value that is not a valid
// number (one not created by ParseNationalID or GenerateSynthetic) it
// returns the zero Kind and the zero time instead of panicking.
func (id NationalID) info() (Kind, time.Time) {
	if len(id) != 11 {
		return 0, time.Time{}
	}
	var d [11]int
	for i := 0; i < 11; i++ {
		c := id[i]
		if c < '0' || c > '9' {
			return 0, time.Time{}
		}
		d[i] = int(c - '0')
	}
	rest, ok := checkRemainder(d)
	if !ok {
		return 0, time.Time{}
	}
	p, ok := split(d)
	if !ok {
		return 0, time.Time{}
	}
	if rest != 0 {
		// Issued by the rule from 2032: the first six digits are not to
		// be read as the birth date.
		return p.kind, time.Time{}
	}
	b, _ := p.birthDate()
	return p.kind, b
}

// Kind reports the kind of number. A synthetic D-number reports its
// synthetic kind; use DNumber to test for the day offset. Kind returns 0 for
// an invalid id.
func (id NationalID) Kind() Kind {
	k, _ := id.info()
	return k
}

// DNumber reports whether the number carries the D-number day offset (day of
// birth + 40), including synthetic D-numbers.
func (id NationalID) DNumber() bool {
	k, _ := id.info()
	return k != 0 && id[0] >= '4'
}

// Synthetic reports whether id is a synthetic test number (NAV or TestID).
func (id NationalID) Synthetic() bool {
	k := id.Kind()
	return k == KindSyntheticNAV || k == KindSyntheticTestID
}

// EncodesBirthDate reports whether the birth date can be read from the
// number: its first check digit is the one today's rule gives, and its
// first six digits with the individual number are a date in a known
// century. A number issued by the rule from 2032 with another first check
// digit does not; nor does one whose individual number no longer tells the
// century. For those, the birth date must come from the population
// register or be asked for: never derive an age from them.
func (id NationalID) EncodesBirthDate() bool {
	return !id.BirthDate().IsZero()
}

// BirthDate returns the date of birth at midnight UTC, with D-number and
// synthetic offsets removed. It returns the zero time for an invalid id and
// for a number that does not encode a birth date (see EncodesBirthDate).
func (id NationalID) BirthDate() time.Time {
	_, t := id.info()
	return t
}

// Age returns the number of completed years at the calendar date of at (in
// at's own location). A person born on 29 February becomes a year older on
// 1 March in non-leap years. Age returns 0 for dates before the birth date,
// for an invalid id and for a number that does not encode a birth date:
// check EncodesBirthDate first, since 0 would pass for a young person.
func (id NationalID) Age(at time.Time) int {
	b := id.BirthDate()
	if b.IsZero() {
		return 0
	}
	y, m, d := at.Date()
	age := y - b.Year()
	if m < b.Month() || (m == b.Month() && d < b.Day()) {
		age--
	}
	if age < 0 {
		return 0
	}
	return age
}

// Masked returns the number with the five personal digits hidden, for
// display and logging, e.g. "010190 *****".
func (id NationalID) Masked() string {
	if len(id) != 11 {
		return "*****"
	}
	return string(id[:6]) + " *****"
}

// String returns the eleven digits.
func (id NationalID) String() string {
	return string(id)
}

// GenerateSynthetic builds a Tenor/TestID-style synthetic number (month of
// birth + 80) for the calendar date of birth (taken in birth's own
// location), for development test persons. It tries individual numbers from
// individual upward, skipping numbers that encode a different century and
// numbers whose check digits would be 10, and returns the first valid
// number. The birth year must be between 1854 and 2039, the range that can
// be encoded.
func GenerateSynthetic(birth time.Time, individual int) (NationalID, error) {
	year, month, day := birth.Date()
	if year < 1854 || year > 2039 {
		return "", fmt.Errorf("identity: birth year %d cannot be encoded", year)
	}
	if individual < 0 || individual > 999 {
		return "", fmt.Errorf("identity: individual number %d out of range 0-999", individual)
	}
	yy := year % 100
	c := year - yy
	var d [11]int
	d[0], d[1] = day/10, day%10
	m := int(month) + monthOffsetTestID
	d[2], d[3] = m/10, m%10
	d[4], d[5] = yy/10, yy%10
	for i := individual; i <= 999; i++ {
		if century(i, yy) != c {
			continue
		}
		d[6], d[7], d[8] = i/100, i/10%10, i%10
		k1, k2, ok := checkDigits(d[:9])
		if !ok {
			continue
		}
		d[9], d[10] = k1, k2
		var b strings.Builder
		for _, x := range d {
			b.WriteByte(byte('0' + x))
		}
		return NationalID(b.String()), nil
	}
	return "", fmt.Errorf("identity: no valid individual number from %d for %s", individual, birth.Format(time.DateOnly))
}

// SyntheticExact is GenerateSynthetic for exactly the individual number
// given: ok is false when that number has no valid check digits (or does
// not fit the birth year's century), instead of moving on to the next.
// Tools that hand out numbers use it so that every (birth date,
// individual number) pair is its own person.
func SyntheticExact(birth time.Time, individual int) (NationalID, bool) {
	id, err := GenerateSynthetic(birth, individual)
	if err != nil || string(id[6:9]) != fmt.Sprintf("%03d", individual) {
		return "", false
	}
	return id, true
}

// GenerateSyntheticNewRule builds a Tenor/TestID-style synthetic number
// (month + 80) by the rule for numbers issued from 2032: its first six
// digits show the calendar date of shown, and its first check digit leaves
// the remainder 1, 2 or 3, so the number is valid but does not encode a
// birth date. It tries individual numbers from individual upward (any
// individual number, as the new rule no longer ties them to a century) and,
// for each, the remainders 1 to 3, and returns the first number whose check
// digits are both below 10. For tests and development.
func GenerateSyntheticNewRule(shown time.Time, individual int) (NationalID, error) {
	if individual < 0 || individual > 999 {
		return "", fmt.Errorf("identity: individual number %d out of range 0-999", individual)
	}
	year, month, day := shown.Date()
	yy := year % 100
	var d [11]int
	d[0], d[1] = day/10, day%10
	m := int(month) + monthOffsetTestID
	d[2], d[3] = m/10, m%10
	d[4], d[5] = yy/10, yy%10
	for i := individual; i <= 999; i++ {
		d[6], d[7], d[8] = i/100, i/10%10, i%10
		sum1, sum2 := 0, 0
		for j, w := range weightsK1 {
			sum1 += d[j] * w
		}
		for j, w := range weightsK2[:9] {
			sum2 += d[j] * w
		}
		for rest := 1; rest <= maxRemainderK1; rest++ {
			k1 := ((rest-sum1)%11 + 11) % 11
			if k1 > 9 {
				continue
			}
			k2 := ((-(sum2 + k1*weightsK2[9]))%11 + 11) % 11
			if k2 > 9 {
				continue
			}
			d[9], d[10] = k1, k2
			var b strings.Builder
			for _, x := range d {
				b.WriteByte(byte('0' + x))
			}
			return NationalID(b.String()), nil
		}
	}
	return "", fmt.Errorf("identity: no number by the 2032 rule from individual %d for %s", individual, shown.Format(time.DateOnly))
}
