package identity

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func FuzzParseNationalID(f *testing.F) {
	for _, s := range []string{
		"01019012480", "010190 12480", " 15080551212 ", "29020050088",
		"31126060036", "17054590148", "41019012474", "01419012463",
		"01819012446", "01019012300", "41819012430", "31049012473",
		"29022350097", "29020012380", "01015080082", "", "abc",
		"01019012499", "01019012405", "41019012482", "01819012454", "01019012413",
		"0101901248", "010190124800", "０1019012480",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseNationalID(s)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrChecksum) && !errors.Is(err, ErrDate) {
				t.Fatalf("ParseNationalID(%q) returned unexpected error %v", s, err)
			}
			if id != "" {
				t.Fatalf("ParseNationalID(%q) returned %q with error", s, id)
			}
			return
		}
		canonical := strings.TrimSpace(s)
		if len(canonical) == 12 {
			canonical = canonical[:6] + canonical[7:]
		}
		if id.String() != canonical {
			t.Fatalf("ParseNationalID(%q) = %q, want %q", s, id, canonical)
		}
		again, err := ParseNationalID(id.String())
		if err != nil || again != id {
			t.Fatalf("round trip of %q gave %q, %v", id, again, err)
		}
		if birth, old := todaysRule(id.String()); old != id.EncodesBirthDate() || !birth.Equal(id.BirthDate()) {
			t.Fatalf("%q: today's rule gives %v (%v), the parser %v (%v)", id, birth, old, id.BirthDate(), id.EncodesBirthDate())
		}
		b := id.BirthDate()
		if !id.EncodesBirthDate() {
			// Valid by the rule from 2032 only: no birth date, no age.
			if !b.IsZero() || id.Age(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)) != 0 {
				t.Fatalf("%q gives the birth date %v without encoding one", id, b)
			}
		} else if b.Year() < 1854 || b.Year() > 2039 || b.Hour() != 0 || b.Minute() != 0 {
			t.Fatalf("%q has birth date %v out of range", id, b)
		}
		if k := id.Kind(); k < KindBirthNumber || k > KindSyntheticTestID {
			t.Fatalf("%q has kind %v", id, k)
		}
		if got := id.Masked(); got != id.String()[:6]+" *****" {
			t.Fatalf("%q.Masked() = %q", id, got)
		}
		if !id.EncodesBirthDate() {
			return
		}
		if age := id.Age(b); age != 0 {
			t.Fatalf("%q.Age(birth date) = %d", id, age)
		}
		if age := id.Age(b.AddDate(30, 0, 0)); age != 30 {
			t.Fatalf("%q.Age(birth date + 30 years) = %d", id, age)
		}
	})
}
