package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
	"kvp/usecase"
)

// TestInboxSameWithAndWithoutCache fills cases in several offices and
// states and checks that the in-memory inbox (embedded database) and the
// database queries (MongoDB) give the same pages and counts.
func TestInboxSameWithAndWithoutCache(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	tables, _ := casework.DefaultRateTables()
	worker := casework.Staff{Email: "a@nav.test", Name: "A"}
	base := time.Date(2026, 9, 1, 10, 0, 0, 0, casework.Location())
	for i := 0; i < 40; i++ {
		office := []string{"3401", "9991"}[i%2]
		d := &casework.Draft{ID: fmt.Sprintf("d%d", i)}
		c := casework.NewCase(fmt.Sprintf("R%03d", i), d, casework.Person{NationalID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Person %d", i)}, casework.Office{Municipality: office}, base.Add(time.Duration(i)*36*time.Hour), cal)
		if _, _, err := st.SubmitCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		v := c.Version
		switch i % 5 {
		case 1:
			_ = c.Assign(worker, worker, c.SubmittedAt)
		case 2:
			_ = c.Decide(casework.Decision{Outcome: casework.OutcomeRejected}, tables, nil, false, cal, worker, c.SubmittedAt.Add(time.Hour))
		case 3:
			_ = c.Withdraw(c.SubmittedAt.Add(time.Hour))
		}
		if c.Version == v && i%5 != 0 && i%5 != 4 {
			if err := st.UpdateCase(ctx, c, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := usecase.NewStaff(st, cal, func() time.Time { return base.AddDate(0, 1, 20) }, nil).MarkDeadlines(ctx); err != nil {
		t.Fatal(err)
	}
	queries := []store.InboxQuery{
		{Office: "3401"},
		{Office: "3401", View: "new", Sort: "received"},
		{Office: "3401", View: "mine", Assignee: worker.Email},
		{Office: "9991", View: "status", Status: "decided"},
		{Office: "3401", View: "deadlines", Sort: "deadline"},
		{Office: "3401", Sort: "deadline", PageSize: 7, Page: 2},
	}
	var fromDB []*store.InboxPage
	for _, q := range queries {
		p, err := st.Inbox(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		fromDB = append(fromDB, p)
	}
	if err := st.EnableInboxCache(ctx); err != nil {
		t.Fatal(err)
	}
	for i, q := range queries {
		p, _ := st.Inbox(ctx, q)
		a, b := refs(fromDB[i]), refs(p)
		if !reflect.DeepEqual(a, b) || fromDB[i].Total != p.Total || !reflect.DeepEqual(fromDB[i].Counts, p.Counts) {
			t.Errorf("%+v:\n db    %v %d %v\n cache %v %d %v", q, a, fromDB[i].Total, fromDB[i].Counts, b, p.Total, p.Counts)
		}
		if len(b) == 0 && q.View != "mine" {
			t.Errorf("%+v: empty page", q)
		}
	}
}

func refs(p *store.InboxPage) []string {
	var out []string
	for _, e := range p.Entries {
		out = append(out, e.Ref)
	}
	return out
}

func TestUpdateCaseConflict(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	now := testkit.Now()
	c := casework.NewCase("R1", &casework.Draft{ID: "d1"}, casework.Person{NationalID: "p"}, casework.Office{Municipality: "3401"}, now, cal)
	if _, _, err := st.SubmitCase(ctx, c); err != nil {
		t.Fatal(err)
	}
	a, _ := st.Case(ctx, "R1")
	b, _ := st.Case(ctx, "R1")
	w := casework.Staff{Email: "a@x", Name: "A"}
	_ = a.AddNote("first", w, now.Add(time.Minute))
	_ = b.AddNote("second", w, now.Add(time.Minute))
	if err := st.UpdateCase(ctx, a, a.Version); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateCase(ctx, b, b.Version); err != store.ErrConflict {
		t.Fatalf("second writer: %v", err)
	}
	got, _ := st.Case(ctx, "R1")
	if len(got.Events) != 2 || got.Events[1].Text != "first" || got.Version != 2 {
		t.Errorf("stored %+v", got.Events)
	}
}

// Cases whose deadline has passed, then those whose deadline is near, come
// first in the inbox's default order, with and without the cache.
func TestInboxShowsDeadlineCasesFirst(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	base := time.Date(2026, 9, 1, 10, 0, 0, 0, casework.Location())
	states := []string{"", casework.DeadlineOverdue, "", casework.DeadlineSoon, ""}
	for i, state := range states {
		c := casework.NewCase(fmt.Sprintf("R%d", i), &casework.Draft{ID: fmt.Sprintf("d%d", i)}, casework.Person{NationalID: fmt.Sprintf("p%d", i)}, casework.Office{Municipality: "3401"}, base.AddDate(0, 0, i), cal)
		if _, _, err := st.SubmitCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		if state != "" {
			v := c.Version
			c.DeadlineState = state
			if err := st.UpdateCase(ctx, c, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := []string{"R1", "R3", "R4", "R2", "R0"}
	p, err := st.Inbox(ctx, store.InboxQuery{Office: "3401"})
	if err != nil {
		t.Fatal(err)
	}
	if got := refs(p); !reflect.DeepEqual(got, want) {
		t.Errorf("database order %v, want %v", got, want)
	}
	if err := st.EnableInboxCache(ctx); err != nil {
		t.Fatal(err)
	}
	p, _ = st.Inbox(ctx, store.InboxQuery{Office: "3401"})
	if got := refs(p); !reflect.DeepEqual(got, want) {
		t.Errorf("cache order %v, want %v", got, want)
	}
}
