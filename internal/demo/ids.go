package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"kvp/casework"
	"kvp/identity"
	"kvp/store"
)

// The made-up people are synthetic TestID numbers (month of birth + 80,
// valid check digits) born between these dates, with individual numbers
// 900-999. Tools and tests that make people (kvpload, the test persons,
// the benchmarks) use individual numbers below 900, so they never meet
// these.
var (
	idFirstBirth = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	idLastBirth  = time.Date(2005, 12, 31, 0, 0, 0, 0, time.UTC)
)

const (
	idFirstIndividual = 900
	idIndividuals     = 100
	// idBlock is how many (birth date, individual number) pairs one seed
	// claims at a time; about 18 % of pairs have no valid check digits.
	idBlock = 1500
	// idSettingPrefix names the settings that record which blocks are
	// taken, so that a second seed into the same database makes new people.
	idSettingPrefix = "demo-seed-persons-"
)

var (
	idSpace  = int64(idLastBirth.Sub(idFirstBirth)/(24*time.Hour)+1) * idIndividuals
	idStride = coprimeStride(idSpace)
)

// coprimeStride returns a large step with no factor in common with n, so
// that walking the pairs k*step mod n visits each once and neighbours in
// k are far apart (people of every age, not a run of twins).
func coprimeStride(n int64) int64 {
	gcd := func(a, b int64) int64 {
		for b != 0 {
			a, b = b, a%b
		}
		return a
	}
	s := int64(1000003)
	for gcd(s, n) != 1 {
		s += 2
	}
	return s
}

// idSource hands out people no other seed of the database has used: it
// claims blocks of pairs by inserting a setting per block (insert-once, so
// two seeds at once never get the same block) and walks them.
type idSource struct {
	ctx   context.Context
	st    *store.Store
	token string
	block int64 // claimed block, -1 before the first
	pos   int64 // next pair in the block
	probe int64 // next block to try to claim
}

func newIDSource(ctx context.Context, st *store.Store) (*idSource, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return &idSource{ctx: ctx, st: st, token: hex.EncodeToString(b), block: -1, pos: idBlock}, nil
}

// next returns a new person: their national id and the pair's number,
// which is unique to them and gives their case its reference.
func (s *idSource) next() (identity.NationalID, int64, error) {
	for {
		if s.pos == idBlock {
			if err := s.claim(); err != nil {
				return "", 0, err
			}
		}
		k := s.block*idBlock + s.pos
		s.pos++
		if k >= idSpace {
			continue
		}
		p := k * idStride % idSpace
		birth := idFirstBirth.AddDate(0, 0, int(p/idIndividuals))
		ind := idFirstIndividual + int(p%idIndividuals)
		// Only an exact hit keeps every pair its own number.
		if id, ok := identity.SyntheticExact(birth, ind); ok {
			return id, k, nil
		}
	}
}

func (s *idSource) claim() error {
	for ; s.probe*idBlock < idSpace; s.probe++ {
		key := fmt.Sprintf("%s%d", idSettingPrefix, s.probe)
		v, err := s.st.InitSetting(s.ctx, key, s.token)
		if err != nil {
			return fmt.Errorf("claim demo persons: %w", err)
		}
		if v == s.token {
			s.block, s.pos = s.probe, 0
			s.probe++
			return nil
		}
	}
	return errors.New("demo: no more synthetic persons to make (the database holds over a million demo cases)")
}

// reference gives pair k its case reference: a fixed bijection of 40-bit
// numbers (multiplying by an odd number modulo 2^40, then a mask), written
// in the reference alphabet. Distinct people get distinct references, so a
// seed never collides with itself or an earlier seed.
func reference(k int64) string {
	const mask = 1<<40 - 1
	v := (uint64(k)*0x9E3779B97F4A7C15 ^ 0x5A5A5A5A5A) & mask
	var out [9]byte
	j := 0
	for i := 0; i < 8; i++ {
		if i == 4 {
			out[j] = '-'
			j++
		}
		out[j] = casework.ReferenceAlphabet[(v>>(5*(7-i)))&31]
		j++
	}
	return string(out[:])
}
