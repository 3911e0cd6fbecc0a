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
