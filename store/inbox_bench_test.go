package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"sort"
	"testing"
	"time"

	"kvp/casework"
)

// BenchmarkInbox fills a database with 1k, 10k and 100k realistic cases in
// five offices and every status, and measures an inbox's first page, a
// filtered list and the deadline view, reporting p50 and p99. With the
// embedded database the inbox is served from memory (as the portal does);
// with MONGODB_URI set it is served by indexed queries. Run it with
// `go test -run '^$' -bench Inbox -benchtime 1x ./store` (filling 100k
// cases takes a few minutes on the embedded database).
func BenchmarkInbox(b *testing.B) {
	ctx := context.Background()
	uri, closeDB := benchDB(b)
	defer closeDB()
	st, err := Open(ctx, uri, fmt.Sprintf("bench_%d", time.Now().UnixNano()))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = st.Drop(ctx); _ = st.Close(ctx) }()
	if err := st.EnsureIndexes(ctx); err != nil {
		b.Fatal(err)
	}
	embedded := os.Getenv("MONGODB_URI") == ""
	filled := 0
	for _, n := range []int{1000, 10000, 100000} {
		fillCases(b, st, filled, n)
		filled = n
		if embedded {
			start := time.Now()
			if err := st.EnableInboxCache(ctx); err != nil {
				b.Fatal(err)
			}
			b.Logf("%d cases: loading the inbox into memory took %v", n, time.Since(start))
		}
		for _, q := range []struct {
			name string
			q    InboxQuery
		}{
			{"first-page", InboxQuery{Office: "3401"}},
			{"filtered", InboxQuery{Office: "3401", View: "status", Status: "assessing"}},
			{"deadlines", InboxQuery{Office: "3401", View: "deadlines", Sort: "deadline"}},
		} {
			b.Run(fmt.Sprintf("%dk/%s", n/1000, q.name), func(b *testing.B) {
				var times []time.Duration
				for i := 0; i < b.N; i++ {
					for j := 0; j < 20; j++ {
						start := time.Now()
						p, err := st.Inbox(ctx, q.q)
						if err != nil {
							b.Fatal(err)
						}
						if len(p.Entries) == 0 {
							b.Fatal("empty page")
						}
						times = append(times, time.Since(start))
					}
				}
				sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
				b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}

func benchDB(b testing.TB) (string, func()) {
	if u := os.Getenv("MONGODB_URI"); u != "" {
		return u, func() {}
	}
	e, err := StartEmbedded(b.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	return e.URI(), e.Close
}

// fillCases inserts cases from..to with realistic answers, in bulk.
func fillCases(b *testing.B, st *Store, from, to int) {
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	tables, _ := casework.DefaultRateTables()
	worker := casework.Staff{Email: "sb@nav.test", Name: "Siri"}
	rng := rand.New(rand.NewPCG(uint64(from), 7))
	answers := casework.Answers{
		Contact:   casework.Contact{Phone: "912 34 567", Email: "person@example.no", Street: "Storgata 12", PostalCode: "2212", PostalTown: "Kongsvinger"},
		Situation: casework.Situation{IncomeSources: []string{"sosialhjelp"}, WorkExperience: "Jobbet i butikk i tre år, deretter lager. Har vært uten arbeid siden 2023.", Education: "videregaende", TriedBefore: "Kurs i regi av NAV, arbeidstrening."},
		Goals:     casework.Goals{Goal: "Komme i fast jobb innen varehandel.", Support: "Oppfølging og hjelp med økonomi."},
		Children:  casework.Children{HasChildren: true, Ages: []int{4, 9}},
		Housing:   casework.Housing{Situation: "leier", MonthlyCost: 8500},
		Consent:   casework.Consent{ObtainInformation: true, Declaration: true},
	}
	now := time.Now()
	const batch = 1000
	for i := from; i < to; i += batch {
		var cases, entries []any
		for j := i; j < min(i+batch, to); j++ {
			office := []string{"3401", "3403", "3405", "3407", "3411"}[j%5]
			submitted := now.Add(-time.Duration(rng.IntN(200*24)) * time.Hour)
			c := casework.NewCase(fmt.Sprintf("B%07d", j), &casework.Draft{ID: fmt.Sprintf("bd%d", j), Answers: answers}, casework.Person{NationalID: fmt.Sprintf("%011d", j), Name: fmt.Sprintf("Person %d", j)}, casework.Office{Municipality: office, Name: "NAV"}, submitted, cal)
			switch rng.IntN(6) {
			case 1, 2:
				_ = c.Assign(worker, worker, submitted.Add(time.Hour))
			case 3:
				_ = c.Decide(casework.Decision{Outcome: casework.OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c"}, tables, nil, false, cal, worker, submitted.Add(48*time.Hour))
			case 4:
				_ = c.Withdraw(submitted.Add(24 * time.Hour))
			}
			c.DeadlineState = c.EvaluateDeadline(cal, now)
			cases = append(cases, c)
			entries = append(entries, EntryFor(c))
		}
		if _, err := st.db.Collection(colCases).InsertMany(ctx, cases); err != nil {
			b.Fatal(err)
		}
		if _, err := st.db.Collection(colIndex).InsertMany(ctx, entries); err != nil {
			b.Fatal(err)
		}
	}
}
