package casework

import (
	"testing"
	"time"

	"kvp/identity"
)

// want is one expected period: its first and last day, the yearly and
// monthly amount without the child supplement, the child supplement a
// year, and whether the under-25 share applies.
type want struct {
	from, to        string
	yearly, monthly int
	child           int
	reduced         bool
	turns25         bool
}

func checkPeriods(t *testing.T, got []BenefitPeriod, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		for _, p := range got {
			t.Logf("%s–%s: %d (%d), child %d, reduced %v", p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), p.Yearly, p.Monthly, p.ChildYearly, p.Reduced)
		}
		t.Fatalf("%d periods, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		p := got[i]
		if !p.From.Equal(day(w.from)) || !p.To.Equal(day(w.to)) {
			t.Errorf("period %d: %s–%s, want %s–%s", i, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), w.from, w.to)
		}
		if p.Yearly != w.yearly || p.Monthly != w.monthly || p.ChildYearly != w.child || p.Reduced != w.reduced || p.Turns25 != w.turns25 {
			t.Errorf("period %d (%s): yearly %d, monthly %d, child %d, reduced %v, turns 25 %v; want %+v", i, w.from, p.Yearly, p.Monthly, p.ChildYearly, p.Reduced, p.Turns25, w)
		}
		if p.TotalYearly != p.Yearly+p.ChildYearly {
			t.Errorf("period %d: total %d", i, p.TotalYearly)
		}
	}
}

// The amounts (domain.md): G 130 160 from 1 May 2025 and 136 549 from
// 1 May 2026; 2.041 G a year; under 25, two thirds; child supplement 37 kr
// a weekday in 2025 and 38 kr from 1 January 2026, 260 days a year.
//
//	2.041 × 130 160 = 265 656.56 → 265 657 a year, 22 138.05 → 22 138 a month
//	2.041 × 136 549 = 278 696.51 → 278 697 a year, 23 224.71 → 23 225 a month
//	two thirds:       177 104.37 → 177 104,         14 758.70 → 14 759
//	                  185 797.67 → 185 798,         15 483.14 → 15 483
//	two children:     2 × 37 × 260 = 19 240; 2 × 38 × 260 = 19 760
func TestBenefitPeriods(t *testing.T) {
	tables, err := DefaultRateTables()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   PeriodInput
		want []want
	}{
		{
			name: "a programme crossing 1 May",
			in:   PeriodInput{Start: day("2026-01-05"), End: day("2027-01-04"), BirthDate: day("1990-06-01")},
			want: []want{
				{"2026-01-05", "2026-04-30", 265657, 22138, 0, false, false},
				{"2026-05-01", "2027-01-04", 278697, 23225, 0, false, false},
			},
		},
		{
			name: "a 25th birthday inside the programme",
			in:   PeriodInput{Start: day("2026-06-01"), End: day("2027-04-30"), BirthDate: day("2001-09-15")},
			want: []want{
				{"2026-06-01", "2026-09-14", 185798, 15483, 0, true, false},
				{"2026-09-15", "2027-04-30", 278697, 23225, 0, false, true},
			},
		},
		{
			name: "a new child supplement, a new G and a 25th birthday in one programme",
			in:   PeriodInput{Start: day("2025-11-03"), End: day("2027-04-30"), BirthDate: day("2001-09-15"), Children: 2},
			want: []want{
				{"2025-11-03", "2025-12-31", 177104, 14759, 19240, true, false},
				{"2026-01-01", "2026-04-30", 177104, 14759, 19760, true, false},
				{"2026-05-01", "2026-09-14", 185798, 15483, 19760, true, false},
				{"2026-09-15", "2027-04-30", 278697, 23225, 19760, false, true},
			},
		},
		{
			name: "the own-home rule gives the full rate before 25: no change on the birthday",
			in:   PeriodInput{Start: day("2026-06-01"), End: day("2027-04-30"), BirthDate: day("2001-09-15"), OwnHomeException: true},
			want: []want{
				{"2026-06-01", "2027-04-30", 278697, 23225, 0, false, false},
			},
		},
		{
			name: "a new child supplement changes nothing without children",
			in:   PeriodInput{Start: day("2025-11-03"), End: day("2026-03-31"), BirthDate: day("1980-01-01")},
			want: []want{
				{"2025-11-03", "2026-03-31", 265657, 22138, 0, false, false},
			},
		},
		{
			name: "25 on the first day: the full rate throughout",
			in:   PeriodInput{Start: day("2026-09-15"), End: day("2027-04-30"), BirthDate: day("2001-09-15")},
			want: []want{
				{"2026-09-15", "2027-04-30", 278697, 23225, 0, false, false},
			},
		},
		{
			name: "25 the day after the last day: the under-25 share throughout",
			in:   PeriodInput{Start: day("2026-06-01"), End: day("2026-09-14"), BirthDate: day("2001-09-15")},
			want: []want{
				{"2026-06-01", "2026-09-14", 185798, 15483, 0, true, false},
			},
		},
		{
			// Born 29 February 2004: 25 on 1 March 2029, as identity counts.
			name: "born on 29 February",
			in:   PeriodInput{Start: day("2028-09-01"), End: day("2029-08-31"), BirthDate: day("2004-02-29")},
			want: []want{
				{"2028-09-01", "2029-02-28", 185798, 15483, 0, true, false},
				{"2029-03-01", "2029-08-31", 278697, 23225, 0, false, true},
			},
		},
		{
			// 1 July 2024 the rate went from 2 G to 2.041 G: 2 × 124 028 =
			// 248 056 (20 671.33 → 20 671 a month); 2.041 × 124 028 =
			// 253 141.15 → 253 141 (21 095.10 → 21 095).
			name: "a new rate in G",
			in:   PeriodInput{Start: day("2024-06-03"), End: day("2024-08-30"), BirthDate: day("1980-01-01")},
			want: []want{
				{"2024-06-03", "2024-06-30", 248056, 20671, 0, false, false},
				{"2024-07-01", "2024-08-30", 253141, 21095, 0, false, false},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tables.BenefitPeriods(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			checkPeriods(t, got, tc.want)
		})
	}
}

// Each period's amounts are exactly what ComputeBenefit gives for its
// first day, and the periods cover the programme day by day.
func TestPeriodsRoundAsComputeBenefit(t *testing.T) {
	tables, _ := DefaultRateTables()
	tables.G = append(tables.G, Rate{From: day("2027-05-01"), Value: 140000})
	tables.Under25 = append(tables.Under25, Rate{From: day("2027-07-01"), Value: 3, Per: 4})
	if err := tables.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, birth := range []string{"1990-05-01", "2002-02-10", "2003-01-01", "2004-02-29"} {
		for _, children := range []int{0, 1, 3} {
			for _, own := range []bool{false, true} {
				in := PeriodInput{Start: day("2025-10-06"), End: day("2028-10-05"), BirthDate: day(birth), Children: children, OwnHomeException: own}
				got, err := tables.BenefitPeriods(in)
				if err != nil {
					t.Fatal(err)
				}
				next := in.Start
				for i, p := range got {
					if !p.From.Equal(next) || p.To.Before(p.From) {
						t.Fatalf("%s: period %d from %v, want %v", birth, i, p.From, next)
					}
					next = p.To.AddDate(0, 0, 1)
					age := 30
					if p.From.Before(Birthday(day(birth), FullRateAge)) {
						age = 24
					}
					b, err := tables.ComputeBenefit(BenefitInput{On: p.From, Age: age, Children: children, OwnHomeException: own})
					if err != nil || !sameAmounts(b, p.Benefit) {
						t.Errorf("%s: period %d: %+v, ComputeBenefit %+v", birth, i, p.Benefit, b)
					}
					if i > 0 && sameAmounts(got[i-1].Benefit, p.Benefit) {
						t.Errorf("%s: periods %d and %d have the same amounts", birth, i-1, i)
					}
				}
				if !next.Equal(in.End.AddDate(0, 0, 1)) {
					t.Errorf("%s: the periods end %v", birth, next)
				}
			}
		}
	}
	if _, err := tables.BenefitPeriods(PeriodInput{Start: day("2026-01-05"), End: day("2027-01-04")}); err != ErrNoBirthDate {
		t.Errorf("no birth date: %v", err)
	}
	if _, err := tables.BenefitPeriods(PeriodInput{Start: day("2019-01-05"), End: day("2021-01-04"), BirthDate: day("1980-01-01")}); err == nil {
		t.Error("a start before the G table gave periods")
	}
}

// A birth date typed in a form is midnight Oslo time, read back from the
// database in UTC (the day before, 22:00 or 23:00); identity gives
// midnight UTC. All are the same date.
func TestBirthdayIsAnOsloDate(t *testing.T) {
	for _, birth := range []time.Time{day("2004-08-23"), day("2004-08-23").UTC(), day("2004-01-23").UTC(), time.Date(2004, 8, 23, 0, 0, 0, 0, time.UTC)} {
		want := day(birth.In(Location()).Format(time.DateOnly)).AddDate(25, 0, 0)
		if got := Birthday(birth, 25); !got.Equal(want) || got.Format(time.DateOnly) != want.Format(time.DateOnly) {
			t.Errorf("Birthday(%v, 25) = %v, want %v", birth, got, want)
		}
	}
}

// The 25th birthday found from an age function (the national identity
// number's) is the day Birthday gives, 29 February included.
func TestFullRateFromAge(t *testing.T) {
	for _, birth := range []string{"2001-09-15", "2004-02-29", "2002-01-01", "2002-12-31", "2003-03-01"} {
		nid, err := identity.GenerateSynthetic(day(birth), 100)
		if err != nil {
			t.Fatal(err)
		}
		b25 := Birthday(day(birth), FullRateAge)
		if got := fullRateFromAge(nid.Age, b25.AddDate(-1, -3, 0), b25.AddDate(1, 0, 0)); !got.Equal(b25) {
			t.Errorf("born %s: full rate from %v, want %v", birth, got, b25)
		}
		if got := fullRateFromAge(nid.Age, b25, b25.AddDate(1, 0, 0)); !got.Equal(b25) {
			t.Errorf("born %s, 25 at the start: %v", birth, got)
		}
		end := b25.AddDate(0, 0, -1)
		if got := fullRateFromAge(nid.Age, end.AddDate(-1, 0, 0), end); !got.Equal(b25) {
			t.Errorf("born %s, under 25 throughout: %v, want the day after the end", birth, got)
		}
	}
}

// A grant stores its periods; an extension keeps them and continues from
// the day after the old end. Here the extension crosses the 25th birthday.
func TestExtensionContinuesThePeriods(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	nid, err := identity.GenerateSynthetic(day("2002-02-10"), 100) // 25 on 10 February 2027
	if err != nil {
		t.Fatal(err)
	}
	c := newTestCase(day("2025-11-20").Add(10 * time.Hour)) // two children, rents
	if err := c.Decide(Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day("2026-01-05"), End: day("2027-01-04")}, tables, nid.Age, false, cal, worker, day("2025-12-10").Add(10*time.Hour)); err != nil {
		t.Fatal(err)
	}
	grant := c.LatestDecision()
	wantGrant := []want{
		{"2026-01-05", "2026-04-30", 177104, 14759, 19760, true, false},
		{"2026-05-01", "2027-01-04", 185798, 15483, 19760, true, false},
	}
	checkPeriods(t, grant.Periods, wantGrant)
	if grant.Benefit == nil || !sameAmounts(*grant.Benefit, grant.Periods[0].Benefit) || !grant.BirthDate.IsZero() {
		t.Errorf("grant: benefit %+v, birth date %v", grant.Benefit, grant.BirthDate)
	}
	if err := c.Extend(day("2027-07-04"), Decision{Rules: "r", Facts: "f", Considerations: "c"}, tables, nid.Age, false, cal, worker, day("2026-11-02").Add(10*time.Hour)); err != nil {
		t.Fatal(err)
	}
	ext := c.LatestDecision()
	checkPeriods(t, ext.Periods, []want{
		{"2026-01-05", "2026-04-30", 177104, 14759, 19760, true, false},
		{"2026-05-01", "2027-02-09", 185798, 15483, 19760, true, false},
		{"2027-02-10", "2027-07-04", 278697, 23225, 19760, false, true},
	})
	// The grant's own periods are as decided.
	checkPeriods(t, grant.Periods, wantGrant)

	// A second extension continues the first.
	if err := c.Extend(day("2027-12-31"), Decision{Rules: "r", Facts: "f", Considerations: "c"}, tables, nid.Age, false, cal, worker, day("2027-06-01").Add(10*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if p := c.LatestDecision().Periods; len(p) != 3 || !p[2].To.Equal(day("2027-12-31")) || !p[2].From.Equal(day("2027-02-10")) {
		t.Errorf("second extension: %+v", p)
	}
}

// A decision recorded before periods existed has one amount; an extension
// takes it as one period and continues it.
func TestExtensionOfADecisionWithoutPeriods(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	c := newTestCase(day("2025-11-20").Add(10 * time.Hour))
	if err := c.Decide(Decision{Outcome: OutcomeGranted, Start: day("2026-01-05"), End: day("2026-04-30")}, tables, age30, false, cal, worker, day("2025-12-10")); err != nil {
		t.Fatal(err)
	}
	c.LatestDecision().Periods = nil
	if err := c.Extend(day("2026-12-31"), Decision{}, tables, age30, false, cal, worker, day("2026-04-01")); err != nil {
		t.Fatal(err)
	}
	checkPeriods(t, c.LatestDecision().Periods, []want{
		{"2026-01-05", "2026-04-30", 265657, 22138, 19760, false, false},
		{"2026-05-01", "2026-12-31", 278697, 23225, 19760, false, false},
	})
}

// A national identity number issued by the rule from 2032 does not give
// the age: the decision needs the birth date from staff, and keeps it for
// an extension and a new decision.
func TestGrantForANumberWithoutBirthDate(t *testing.T) {
	cal := NorwegianCalendar()
	tables, _ := DefaultRateTables()
	nid, err := identity.GenerateSyntheticNewRule(day("2002-02-10"), 100)
	if err != nil || nid.EncodesBirthDate() {
		t.Fatalf("%q %v", nid, err)
	}
	now := day("2025-12-10").Add(10 * time.Hour)
	grant := Decision{Outcome: OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day("2026-01-05"), End: day("2027-01-04")}
	for _, tc := range []struct {
		birth time.Time
		key   string
	}{
		{time.Time{}, "err.action.birthDate.required"},
		{day("2025-12-11"), "err.action.birthDate.future"},
		{day("1900-01-01"), "err.action.birthDate.old"},
	} {
		c := newTestCase(day("2025-11-20").Add(10 * time.Hour))
		d := grant
		d.BirthDate = tc.birth
		if key := actionKey(c.Decide(d, tables, nil, false, cal, worker, now)); key != tc.key {
			t.Errorf("birth date %v: %q, want %q", tc.birth, key, tc.key)
		}
		if c.Status != StatusReceived {
			t.Error("a refused decision changed the case")
		}
	}
	// A rejection needs no birth date.
	r := newTestCase(day("2025-11-20").Add(10 * time.Hour))
	if err := r.Decide(Decision{Outcome: OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c", BirthDate: day("2002-02-10")}, tables, nil, false, cal, worker, now); err != nil || !r.LatestDecision().BirthDate.IsZero() {
		t.Errorf("rejection: %v", err)
	}

	c := newTestCase(day("2025-11-20").Add(10 * time.Hour))
	d := grant
	d.BirthDate = day("2002-02-10")
	if err := c.Decide(d, tables, nil, false, cal, worker, now); err != nil {
		t.Fatal(err)
	}
	if got := c.LatestDecision(); !got.BirthDate.Equal(day("2002-02-10")) || len(got.Periods) != 2 || !got.Periods[0].Reduced {
		t.Errorf("grant: %+v", got)
	}
	if err := c.Extend(day("2027-07-04"), Decision{}, tables, nil, false, cal, worker, day("2026-11-02")); err != nil {
		t.Fatal(err)
	}
	ext := c.LatestDecision()
	if len(ext.Periods) != 3 || !ext.Periods[2].From.Equal(day("2027-02-10")) || ext.Periods[2].Reduced || !ext.BirthDate.Equal(day("2002-02-10")) {
		t.Errorf("extension: %+v", ext.Periods)
	}
	// A grant recorded without a birth date cannot be extended by age.
	c2 := newTestCase(day("2025-11-20").Add(10 * time.Hour))
	_ = c2.Decide(grant, tables, age30, false, cal, worker, now)
	if key := actionKey(c2.Extend(day("2027-07-04"), Decision{}, tables, nil, false, cal, worker, day("2026-11-02"))); key != "err.action.extend.birthDate" {
		t.Errorf("extension without a birth date: %q", key)
	}
}
