package main

import (
	"sync/atomic"
	"time"

	"kvp/identity"
)

// Synthetic persons are born between these dates (inclusive), which keeps
// them between about 26 and 67 years old in the next years; the individual
// numbers 000-499 encode the 1900s for every one of those years.
var (
	firstBirth = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	lastBirth  = time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC)
)

const individuals = 500

// idSpace is the number of (birth date, individual number) pairs the
// generator walks through; about 18 % of them have a check digit of 10
// and are skipped.
var idSpace = uint64(lastBirth.Sub(firstBirth)/(24*time.Hour)+1) * individuals

// idGenerator hands out synthetic TestID numbers (month of birth + 80, both
// mod-11 check digits valid), each at most once per generator: it walks the
// pairs of birth date and individual number from a starting point, so two
// runs with different starting points rarely meet.
type idGenerator struct {
	start uint64
	next  atomic.Uint64
}

func newIDGenerator(seed uint64) *idGenerator {
	return &idGenerator{start: seed % idSpace}
}

// Next returns a new synthetic national id.
func (g *idGenerator) Next() string {
	for {
		n := g.next.Add(1) - 1
		if n >= idSpace {
			panic("kvpload: synthetic national ids exhausted")
		}
		if id, ok := syntheticAt((g.start + n) % idSpace); ok {
			return id
		}
	}
}

// syntheticAt returns the synthetic number for pair k, or false when that
// pair has no valid check digits.
func syntheticAt(k uint64) (string, bool) {
	birth := firstBirth.AddDate(0, 0, int(k/individuals))
	ind := int(k % individuals)
	// Only an exact hit keeps the pairs (and so the numbers) distinct.
	id, ok := identity.SyntheticExact(birth, ind)
	return string(id), ok
}
