package casework

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.ParseInLocation("2006-01-02", s, Location())
	if err != nil {
		panic(err)
	}
	return d
}

func TestComputeBenefit(t *testing.T) {
	tables, err := DefaultRateTables()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		in        BenefitInput
		g, yearly int
		child     int
		reduced   bool
	}{
		// The domain doc's example: 2.041 × 136 549 = 278 697; under 25: 185 798.
		{"over 25, 2026", BenefitInput{On: day("2026-11-22"), Age: 30}, 136549, 278697, 0, false},
		{"under 25, 2026", BenefitInput{On: day("2026-11-22"), Age: 22}, 136549, 185798, 0, true},
		{"under 25 with own home where allowed", BenefitInput{On: day("2026-11-22"), Age: 22, OwnHomeException: true}, 136549, 278697, 0, false},
		{"25 exactly is the full rate", BenefitInput{On: day("2026-11-22"), Age: 25}, 136549, 278697, 0, false},
		// The day before the new G: 2.041 × 130 160 = 265 656.56.
		{"30 April 2026 uses the 2025 G", BenefitInput{On: day("2026-04-30"), Age: 40}, 130160, 265657, 0, false},
		{"1 May 2026 uses the 2026 G", BenefitInput{On: day("2026-05-01"), Age: 40}, 136549, 278697, 0, false},
		// Before 1 July 2024 the rate was 2 G: 2 × 124 028.
		{"June 2024 is 2 G", BenefitInput{On: day("2024-06-30"), Age: 40}, 124028, 248056, 0, false},
		{"July 2024 is 2.041 G", BenefitInput{On: day("2024-07-01"), Age: 40}, 124028, 253141, 0, false},
		// Child supplement: 38 kr a weekday in 2026, 260 days a year.
		{"two children 2026", BenefitInput{On: day("2026-11-22"), Age: 30, Children: 2}, 136549, 278697, 2 * 38 * 260, false},
		{"one child 2025", BenefitInput{On: day("2025-06-01"), Age: 30, Children: 1}, 130160, 265657, 37 * 260, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tables.ComputeBenefit(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if b.G != tc.g || b.Yearly != tc.yearly || b.ChildYearly != tc.child || b.Reduced != tc.reduced {
				t.Errorf("got G %d, yearly %d, child %d, reduced %v", b.G, b.Yearly, b.ChildYearly, b.Reduced)
			}
			if b.TotalYearly != b.Yearly+b.ChildYearly {
				t.Errorf("total %d", b.TotalYearly)
			}
		})
	}
}

func TestNewGTakesEffectOnItsDate(t *testing.T) {
	tables, _ := DefaultRateTables()
	tables.G = append(tables.G, Rate{From: day("2027-05-01"), Value: 140000})
	if err := tables.Validate(); err != nil {
		t.Fatal(err)
	}
	before, _ := tables.ComputeBenefit(BenefitInput{On: day("2027-04-30"), Age: 30})
	after, _ := tables.ComputeBenefit(BenefitInput{On: day("2027-05-01"), Age: 30})
	if before.G != 136549 || after.G != 140000 || after.Yearly != 285740 {
		t.Errorf("before %d, after %d (%d)", before.G, after.G, after.Yearly)
	}
}

func TestRateTablesValidate(t *testing.T) {
	tables, _ := DefaultRateTables()
	tables.G = append(tables.G, Rate{From: day("2026-05-01"), Value: 1})
	if tables.Validate() == nil {
		t.Error("two G rows on one date accepted")
	}
	if _, err := (RateTables{G: []Rate{{From: day("2020-05-01"), Value: 1}}}).ComputeBenefit(BenefitInput{On: day("2019-01-01")}); err == nil {
		t.Error("a date before every row gave a benefit")
	}
}

// The under-25 share and the start limit come from the tables, with
// effective dates, like G.
func TestRuleRowsTakeEffectOnTheirDate(t *testing.T) {
	tables, _ := DefaultRateTables()
	tables.Under25 = append(tables.Under25, Rate{From: day("2027-05-01"), Value: 3, Per: 4})
	tables.LatestStart = append(tables.LatestStart, Rate{From: day("2027-05-01"), Value: 4})
	if err := tables.Validate(); err != nil {
		t.Fatal(err)
	}
	before, _ := tables.ComputeBenefit(BenefitInput{On: day("2027-04-30"), Age: 20})
	after, _ := tables.ComputeBenefit(BenefitInput{On: day("2027-05-01"), Age: 20})
	full, _ := tables.ComputeBenefit(BenefitInput{On: day("2027-04-30"), Age: 30})
	// 136 549 × 2.041 = 278 696.51 a year in full.
	if full.Yearly != 278697 || before.Yearly != 185798 || before.Share != 2 || before.SharePer != 3 {
		t.Errorf("before: %+v (full %d)", before, full.Yearly)
	}
	if after.Yearly != 209022 || after.Share != 3 || after.SharePer != 4 {
		t.Errorf("after: %+v", after)
	}
	if m, _ := tables.LatestStartMonths(day("2027-04-30")); m != 6 {
		t.Errorf("months before: %d", m)
	}
	if m, _ := tables.LatestStartMonths(day("2027-05-01")); m != 4 {
		t.Errorf("months after: %d", m)
	}
	// An application after the change gets the new limit.
	c := newTestCase(day("2027-05-03").Add(10 * time.Hour))
	got, err := c.LatestStart(NorwegianCalendar(), tables, day("2027-05-10"))
	if err != nil || got.Format("2006-01-02") != "2027-09-03" {
		t.Errorf("latest start %s %v, want 2027-09-03", got.Format("2006-01-02"), err)
	}
	for _, bad := range []Rate{{From: day("2028-01-01"), Value: 4, Per: 3}, {From: day("2028-01-01"), Value: 2}} {
		t2, _ := DefaultRateTables()
		t2.Under25 = append(t2.Under25, bad)
		if t2.Validate() == nil {
			t.Errorf("share %d/%d accepted", bad.Value, bad.Per)
		}
	}
	for _, s := range []string{"", "2", "0/3", "4/3", "a/b", "2/0"} {
		if _, _, err := ParseShare(s); err == nil {
			t.Errorf("share %q accepted", s)
		}
	}
}
