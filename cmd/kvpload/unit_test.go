package main

import (
	"net/http"
	"testing"
	"time"

	"kvp/attachment"
	"kvp/identity"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, c := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 50, 7 * time.Millisecond},
		{"one p99", ms(7), 99, 7 * time.Millisecond},
		{"even median is the lower middle", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"odd median", ms(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"p90 of ten", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Millisecond},
		{"p99 of ten is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"p100", ms(1, 2, 3), 100, 3 * time.Millisecond},
		{"p50 of 1..100", ms(hundred...), 50, 50 * time.Millisecond},
		{"p99 of 1..100", ms(hundred...), 99, 99 * time.Millisecond},
		{"tiny p", ms(4, 5, 6), 0.1, 4 * time.Millisecond},
	} {
		if got := percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: percentile(%v, %v) = %v, want %v", c.name, c.sorted, c.p, got, c.want)
		}
	}
}

func TestRecorderRowsAndErrors(t *testing.T) {
	r := newRecorder()
	for i := 1; i <= 10; i++ {
		r.request("submit", time.Duration(i)*time.Millisecond)
	}
	r.request("login", 3*time.Millisecond)
	r.request("zz custom", time.Millisecond)
	r.fail(&loadError{Step: "submit", Status: 500, Kind: "status 500", Snippet: "first"})
	r.fail(&loadError{Step: "submit", Status: 500, Kind: "status 500", Snippet: "second"})
	r.fail(&loadError{Step: "receipt", Kind: "the receipt does not show the reference"})
	rows, errs := r.snapshot()
	var order []string
	for _, row := range rows {
		order = append(order, row.Step)
	}
	if want := []string{"login", "submit", "receipt", "zz custom"}; len(order) != len(want) || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] || order[3] != want[3] {
		t.Errorf("row order %v, want %v", order, want)
	}
	sub := rows[1]
	if sub.Count != 10 || sub.Errors != 2 || sub.P50 != 5 || sub.P90 != 9 || sub.P99 != 10 || sub.Max != 10 {
		t.Errorf("submit row %+v", sub)
	}
	if len(errs) != 2 || errs[0].Count != 2 || errs[0].Example != "first" || errs[1].Step != "receipt" {
		t.Errorf("distinct errors %+v", errs)
	}
	if r.errorTotal() != 3 {
		t.Errorf("error total %d", r.errorTotal())
	}
}

func TestSyntheticIDsAreValidAndDistinct(t *testing.T) {
	for _, seed := range []uint64{0, 1, 499, 12345678901, idSpace - 3} {
		g := newIDGenerator(seed)
		seen := map[string]bool{}
		for range 3000 {
			s := g.Next()
			id, err := identity.ParseNationalID(s)
			if err != nil {
				t.Fatalf("seed %d: %s: %v", seed, s, err)
			}
			if id.Kind() != identity.KindSyntheticTestID || !id.Synthetic() {
				t.Fatalf("seed %d: %s is %v, want a synthetic TestID number", seed, s, id.Kind())
			}
			if s[2] < '8' {
				t.Fatalf("%s: month is not + 80", s)
			}
			if y := id.BirthDate().Year(); y < 1960 || y > 1999 {
				t.Fatalf("%s: born %d", s, y)
			}
			if seen[s] {
				t.Fatalf("seed %d: %s handed out twice", seed, s)
			}
			seen[s] = true
		}
	}
}

func TestSyntheticIDsConcurrently(t *testing.T) {
	g := newIDGenerator(42)
	out := make(chan string, 4000)
	done := make(chan struct{})
	for range 4 {
		go func() {
			for range 1000 {
				out <- g.Next()
			}
			done <- struct{}{}
		}()
	}
	for range 4 {
		<-done
	}
	close(out)
	seen := map[string]bool{}
	for s := range out {
		if seen[s] {
			t.Fatalf("%s handed out twice", s)
		}
		seen[s] = true
	}
}

func TestPDFIsAccepted(t *testing.T) {
	for _, size := range []int{0, 20 << 10, 40 << 10, 100 << 10} {
		data := makePDF(size)
		if size > 0 && (len(data) < size*8/10 || len(data) > size*12/10) {
			t.Errorf("asked for %d bytes, got %d", size, len(data))
		}
		kind, err := attachment.Inspect(data)
		if err != nil || kind != attachment.KindPDF {
			t.Errorf("size %d: %v %v", size, kind, err)
		}
	}
}

func TestStepNames(t *testing.T) {
	for _, c := range []struct{ method, path, want string }{
		{http.MethodGet, "/logg-inn", "login-page"},
		{http.MethodPost, "/logg-inn", "login"},
		{http.MethodGet, "/mine-saker", "mine-saker"},
		{http.MethodGet, "/soknad", "apply-page"},
		{http.MethodPost, "/soknad", "start"},
		{http.MethodGet, "/soknad/steg/bosted", "page:bosted"},
		{http.MethodPost, "/soknad/steg/bosted", "step:bosted"},
		{http.MethodPost, "/soknad/vedlegg", "upload"},
		{http.MethodGet, "/soknad/oppsummering", "check"},
		{http.MethodPost, "/soknad/send", "submit"},
		{http.MethodGet, "/saker/ABCD-EFGH/kvittering", "receipt"},
		{http.MethodGet, "/saker/ABCD-EFGH", "case"},
		{http.MethodGet, "/saker/ABCD-EFGH/klage", "get /saker/REF/klage"},
		{http.MethodGet, "/kommune/3401", "get /kommune/3401"},
	} {
		if got := stepName(c.method, c.path); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.method, c.path, got, c.want)
		}
	}
}
