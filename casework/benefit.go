package casework

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The benefit (kvalifiseringsstønad) is computed from tables with effective
// dates, never from constants in code: the grunnbeløp (G) changes every
// 1 May, the rate in G and the child supplement change by regulation.
// A new row with a future date takes effect on that day without a release.

// Rate is one row of a rate table: Value applies from From (inclusive).
// In a table of shares, the share is Value/Per.
type Rate struct {
	From  time.Time `bson:"from" json:"-"`
	Value int       `bson:"value" json:"-"`
	Per   int       `bson:"per,omitempty" json:"-"`
}

// RateTables are the tables the benefit is computed from.
type RateTables struct {
	// G is the grunnbeløp per year in kroner.
	G []Rate `bson:"g"`
	// Factor is the yearly rate in thousandths of G (2041 = 2.041 G).
	Factor []Rate `bson:"factor"`
	// Child is the child supplement per child per weekday in kroner.
	Child []Rate `bson:"child"`
	// Under25 is the share of the full rate for participants under 25
	// (Value/Per: two thirds).
	Under25 []Rate `bson:"under25"`
	// LatestStart is the number of months after the application within
	// which a granted programme must start (six; seed 003).
	LatestStart []Rate `bson:"latestStart"`
	// Source names where the figures come from.
	Source string `bson:"source"`
}

// ChildDaysPerYear is five days a week: the supplement is paid per weekday.
const ChildDaysPerYear = 260

// FullRateAge is the age from which the full rate applies; younger
// participants get the under-25 share (unless the office's own-home rule
// gives them the full rate).
const FullRateAge = 25

// ErrNoRate means a table has no row in force on the date asked for.
var ErrNoRate = errors.New("no rate in force on that date")

// DefaultRateTables returns the tables shipped with the portal.
func DefaultRateTables() (RateTables, error) {
	b, err := officeData.ReadFile("data/rates.json")
	if err != nil {
		return RateTables{}, err
	}
	var raw struct {
		Source string `json:"source"`
		G      []struct {
			From   string `json:"from"`
			Amount int    `json:"amount"`
		} `json:"g"`
		Factor []struct {
			From        string `json:"from"`
			Thousandths int    `json:"thousandths"`
		} `json:"factor"`
		Child []struct {
			From   string `json:"from"`
			PerDay int    `json:"perDay"`
		} `json:"child"`
		Under25 []struct {
			From  string `json:"from"`
			Share string `json:"share"`
		} `json:"under25"`
		LatestStart []struct {
			From   string `json:"from"`
			Months int    `json:"months"`
		} `json:"latestStartMonths"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return RateTables{}, fmt.Errorf("parse rates: %w", err)
	}
	t := RateTables{Source: raw.Source}
	for _, r := range raw.G {
		if err := t.add(&t.G, r.From, r.Amount); err != nil {
			return t, err
		}
	}
	for _, r := range raw.Factor {
		if err := t.add(&t.Factor, r.From, r.Thousandths); err != nil {
			return t, err
		}
	}
	for _, r := range raw.Child {
		if err := t.add(&t.Child, r.From, r.PerDay); err != nil {
			return t, err
		}
	}
	for _, r := range raw.Under25 {
		num, per, err := ParseShare(r.Share)
		if err != nil {
			return t, err
		}
		if err := t.add(&t.Under25, r.From, num); err != nil {
			return t, err
		}
		t.Under25[len(t.Under25)-1].Per = per
	}
	for _, r := range raw.LatestStart {
		if err := t.add(&t.LatestStart, r.From, r.Months); err != nil {
			return t, err
		}
	}
	return t, t.Validate()
}

// ParseShare reads a share written as a fraction, such as "2/3".
func ParseShare(s string) (num, per int, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	if ok {
		num, err = strconv.Atoi(strings.TrimSpace(a))
		if err == nil {
			per, err = strconv.Atoi(strings.TrimSpace(b))
		}
	}
	if !ok || err != nil || num <= 0 || per <= 0 || num > per {
		return 0, 0, fmt.Errorf("share %q: want a fraction from 1/n to n/n, such as 2/3", s)
	}
	return num, per, nil
}

func (t *RateTables) add(rows *[]Rate, from string, v int) error {
	d, err := time.ParseInLocation("2006-01-02", from, Location())
	if err != nil {
		return fmt.Errorf("rate date %q: %w", from, err)
	}
	*rows = append(*rows, Rate{From: d, Value: v})
	return nil
}

// Validate checks that every table has rows, positive values and no two
// rows on the same date, and sorts each table by date.
func (t *RateTables) Validate() error {
	for name, rows := range map[string][]Rate{"G": t.G, "factor": t.Factor, "child": t.Child, "under25": t.Under25, "latestStart": t.LatestStart} {
		if len(rows) == 0 {
			return fmt.Errorf("the %s table is empty", name)
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].From.Before(rows[j].From) })
		for i, r := range rows {
			if r.Value <= 0 {
				return fmt.Errorf("the %s table has a non-positive value from %s", name, r.From.Format("2006-01-02"))
			}
			if name == "under25" && (r.Per <= 0 || r.Value > r.Per) {
				return fmt.Errorf("the %s table has a share that is not a fraction up to 1 from %s", name, r.From.Format("2006-01-02"))
			}
			if i > 0 && r.From.Equal(rows[i-1].From) {
				return fmt.Errorf("the %s table has two rows from %s", name, r.From.Format("2006-01-02"))
			}
		}
	}
	return nil
}

// inForce returns the row in force on date d (the last row from on or
// before d's Oslo date).
func inForce(rows []Rate, d time.Time) (Rate, error) {
	day := OsloDate(d)
	var found *Rate
	for i := range rows {
		if !rows[i].From.After(day) {
			found = &rows[i]
		}
	}
	if found == nil {
		return Rate{}, ErrNoRate
	}
	return *found, nil
}

// Benefit is the computed yearly benefit and what it is based on.
type Benefit struct {
	// G is the grunnbeløp used and the date it took effect.
	G     int
	GFrom time.Time
	// FactorThousandths is the rate in thousandths of G.
	FactorThousandths int
	// Reduced is true when the under-25 rate applies: Share/SharePer of
	// the full rate.
	Reduced  bool
	Share    int
	SharePer int
	// Yearly and Monthly are the benefit without the child supplement.
	Yearly  int
	Monthly int
	// ChildPerDay and ChildYearly are the child supplement per child per
	// weekday and for all children per year.
	ChildPerDay int
	ChildYearly int
	Children    int
	// TotalYearly and TotalMonthly include the child supplement.
	TotalYearly  int
	TotalMonthly int
}

// BenefitInput is what the benefit depends on.
type BenefitInput struct {
	// On is the date the amounts are for.
	On time.Time
	// Age is the participant's age in whole years on that date.
	Age int
	// Children is the number of children the participant provides for.
	Children int
	// OwnHomeException is true when the municipality allows the full rate
	// under 25 and the participant has their own home with real housing
	// costs.
	OwnHomeException bool
}

// LatestStartMonths returns the number of months after the application
// within which a programme granted on date on must start.
func (t RateTables) LatestStartMonths(on time.Time) (int, error) {
	r, err := inForce(t.LatestStart, on)
	if err != nil {
		return 0, fmt.Errorf("latest start: %w", err)
	}
	return r.Value, nil
}

// ComputeBenefit computes the benefit from the tables in force on in.On.
func (t RateTables) ComputeBenefit(in BenefitInput) (Benefit, error) {
	return t.benefitOn(in.On, in.Age < FullRateAge && !in.OwnHomeException, in.Children)
}

// benefitOn computes the benefit from the tables in force on date on, at
// the under-25 share when under25 is true.
func (t RateTables) benefitOn(on time.Time, under25 bool, children int) (Benefit, error) {
	g, err := inForce(t.G, on)
	if err != nil {
		return Benefit{}, fmt.Errorf("grunnbeløp (G): %w", err)
	}
	f, err := inForce(t.Factor, on)
	if err != nil {
		return Benefit{}, fmt.Errorf("rate: %w", err)
	}
	b := Benefit{G: g.Value, GFrom: g.From, FactorThousandths: f.Value, Children: children}
	full := float64(g.Value) * float64(f.Value) / 1000
	yearly := full
	if under25 {
		share, err := inForce(t.Under25, on)
		if err != nil {
			return Benefit{}, fmt.Errorf("under-25 share: %w", err)
		}
		b.Reduced, b.Share, b.SharePer = true, share.Value, share.Per
		yearly = full * float64(share.Value) / float64(share.Per)
	}
	b.Yearly = int(math.Round(yearly))
	b.Monthly = int(math.Round(yearly / 12))
	if children > 0 {
		c, err := inForce(t.Child, on)
		if err != nil {
			return Benefit{}, fmt.Errorf("child supplement: %w", err)
		}
		b.ChildPerDay = c.Value
		b.ChildYearly = c.Value * ChildDaysPerYear * children
	}
	b.TotalYearly = b.Yearly + b.ChildYearly
	b.TotalMonthly = int(math.Round(float64(b.TotalYearly) / 12))
	return b, nil
}
