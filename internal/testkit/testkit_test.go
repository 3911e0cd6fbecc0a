package testkit

import (
	"testing"
	"time"

	"kvp/casework"
)

func TestParseNow(t *testing.T) {
	loc := casework.Location()
	for v, want := range map[string]time.Time{
		"":                          time.Date(2026, 11, 23, 10, 0, 0, 0, loc),
		"2027-11-23":                time.Date(2027, 11, 23, 10, 0, 0, 0, loc),
		" 2036-11-24 ":              time.Date(2036, 11, 24, 10, 0, 0, 0, loc),
		"2027-03-28":                time.Date(2027, 3, 28, 10, 0, 0, 0, loc), // the day summer time starts
		"2036-11-24T10:00:00+01:00": time.Date(2036, 11, 24, 10, 0, 0, 0, loc),
		"2027-06-01T08:30:00Z":      time.Date(2027, 6, 1, 10, 30, 0, 0, loc),
	} {
		got, err := parseNow(v)
		if err != nil || !got.Equal(want) || got.Location() != loc {
			t.Errorf("%q: %v (%v), want %v in Oslo", v, got, err, want)
		}
	}
	for _, v := range []string{"23.11.2027", "2027-11-23 10:00", "i morgen"} {
		if _, err := parseNow(v); err == nil {
			t.Errorf("%q accepted", v)
		}
	}
}
