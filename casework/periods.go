package casework

import (
	"errors"
	"math"
	"sort"
	"time"
)

// A granted programme's benefit is a list of periods. The amounts change
// when a row of any rate table takes effect inside the programme (a new G
// every 1 May, a new rate in G, a new child supplement, a new under-25
// share) and on the participant's 25th birthday, when two thirds of the
// rate become the full rate (unless the office's own-home rule gave the
// full rate already). Each period's amounts are computed as ComputeBenefit
// computes them for its first day, with the same rounding.

// BenefitPeriod is a stretch of a programme with one set of amounts: from
// From to To, both days included (dates at midnight Oslo time).
type BenefitPeriod struct {
	From time.Time `bson:"from"`
	To   time.Time `bson:"to"`
	// Turns25 marks the period that starts on the participant's 25th
	// birthday: the full rate from then on.
	Turns25 bool `bson:"turns25,omitempty"`
	Benefit `bson:",inline"`
}

// PeriodInput is what a programme's benefit periods depend on.
type PeriodInput struct {
	// Start and End are the programme's first and last day.
	Start, End time.Time
	// BirthDate is the participant's date of birth. It may be zero when
	// OwnHomeException gives the full rate whatever the age.
	BirthDate time.Time
	// Children is the number of children the participant provides for.
	Children int
	// OwnHomeException is true when the municipality allows the full rate
	// under 25 and the participant has their own home with real housing
	// costs.
	OwnHomeException bool
}

// ErrNoBirthDate means the under-25 rule needs a birth date that is not
// known (a national identity number of the rule from 2032 does not encode
// it).
var ErrNoBirthDate = errors.New("the birth date is not known")

// Birthday returns the date on which a person born on birth turns age, at
// midnight Oslo time. birth is read as a date in Oslo: midnight UTC (as
// identity gives a birth date) and midnight Oslo time (as a form gives it,
// or read back from the database in UTC) are the same date. Someone born
// on 29 February turns a year older on 1 March in other years, as
// identity.NationalID.Age counts.
func Birthday(birth time.Time, age int) time.Time {
	y, m, d := birth.In(Location()).Date()
	return time.Date(y+age, m, d, 0, 0, 0, 0, Location())
}

// BenefitPeriods computes the benefit periods of a programme from the rate
// tables: a new period starts on every date inside the programme on which
// a row of any table takes effect, and on the 25th birthday. Neighbouring
// periods with the same amounts are one period (a new child supplement
// changes nothing for a participant without children). The error wraps
// ErrNoRate when a table has no row in force at the start, and is
// ErrNoBirthDate when the age matters and BirthDate is zero.
func (t RateTables) BenefitPeriods(in PeriodInput) ([]BenefitPeriod, error) {
	fullFrom := OsloDate(in.Start)
	if !in.OwnHomeException {
		if in.BirthDate.IsZero() {
			return nil, ErrNoBirthDate
		}
		fullFrom = Birthday(in.BirthDate, FullRateAge)
	}
	return t.periods(in.Start, in.End, fullFrom, in.Children, in.OwnHomeException)
}

// periods computes the periods from start to end (both included) for a
// participant who gets the full rate from fullFrom.
func (t RateTables) periods(start, end, fullFrom time.Time, children int, ownHome bool) ([]BenefitPeriod, error) {
	start, end, fullFrom = OsloDate(start), OsloDate(end), OsloDate(fullFrom)
	if end.Before(start) {
		return nil, nil
	}
	inside := func(d time.Time) bool { return d.After(start) && !d.After(end) }
	cuts := []time.Time{start}
	for _, rows := range [][]Rate{t.G, t.Factor, t.Child, t.Under25} {
		for _, r := range rows {
			if d := OsloDate(r.From); inside(d) {
				cuts = append(cuts, d)
			}
		}
	}
	if !ownHome && inside(fullFrom) {
		cuts = append(cuts, fullFrom)
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].Before(cuts[j]) })
	var out []BenefitPeriod
	for i, from := range cuts {
		if i > 0 && from.Equal(cuts[i-1]) {
			continue
		}
		to := end
		for _, next := range cuts[i+1:] {
			if next.After(from) {
				to = next.AddDate(0, 0, -1)
				break
			}
		}
		b, err := t.benefitOn(from, !ownHome && from.Before(fullFrom), children)
		if err != nil {
			return nil, err
		}
		p := BenefitPeriod{From: from, To: to, Turns25: !ownHome && from.Equal(fullFrom) && from.After(start), Benefit: b}
		out = appendPeriod(out, p)
	}
	return out, nil
}

// ContinuePeriods returns the periods of an extension: the periods already
// decided, followed by those computed for the time after them. When the
// first new period has the same amounts as the last decided one, the last
// one goes on instead.
func ContinuePeriods(decided, next []BenefitPeriod) []BenefitPeriod {
	out := make([]BenefitPeriod, 0, len(decided)+len(next))
	out = append(out, decided...)
	for _, p := range next {
		out = appendPeriod(out, p)
	}
	return out
}

// appendPeriod adds p to the periods, or lengthens the last one when p
// follows it with the same amounts.
func appendPeriod(periods []BenefitPeriod, p BenefitPeriod) []BenefitPeriod {
	if n := len(periods); n > 0 {
		last := &periods[n-1]
		if sameAmounts(last.Benefit, p.Benefit) && OsloDate(last.To).AddDate(0, 0, 1).Equal(OsloDate(p.From)) {
			last.To = p.To
			return periods
		}
	}
	return append(periods, p)
}

// sameAmounts reports whether two benefits have the same amounts and
// basis. Dates are compared as instants: one read back from the database
// is in UTC.
func sameAmounts(a, b Benefit) bool {
	ga, gb := a.GFrom, b.GFrom
	a.GFrom, b.GFrom = time.Time{}, time.Time{}
	return a == b && ga.Equal(gb)
}

// fullRateFromAge returns the first day from start to end on which age
// gives FullRateAge or more: the 25th birthday when it falls inside; start
// when the participant is 25 already; the day after end when they are
// younger throughout. age must not decrease with time.
func fullRateFromAge(age func(time.Time) int, start, end time.Time) time.Time {
	start, end = OsloDate(start), OsloDate(end)
	if age(start) >= FullRateAge {
		return start
	}
	if end.Before(start) || age(end) < FullRateAge {
		return end.AddDate(0, 0, 1)
	}
	// age(start+lo) is under FullRateAge, age(start+hi) is not.
	lo, hi := 0, int(math.Round(end.Sub(start).Hours()/24))
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if age(start.AddDate(0, 0, mid)) >= FullRateAge {
			hi = mid
		} else {
			lo = mid
		}
	}
	return start.AddDate(0, 0, hi)
}
