package demo_test

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"kvp/casework"
	"kvp/identity"
	"kvp/internal/demo"
	"kvp/internal/testkit"
	"kvp/store"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testkit.Shutdown()
	os.Exit(code)
}

// TestSeed makes 300 cases and checks that each is a valid, readable case
// of its own synthetic person, on that person's «Mine saker» and in its
// office's inbox, and that every status and stage is there.
func TestSeed(t *testing.T) {
	ctx := context.Background()
	st := testkit.Store(t)
	now := testkit.Now()
	sum, err := demo.Seed(ctx, st, 300, now, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", sum)
	if sum.Cases != 300 {
		t.Fatalf("%d cases, want 300", sum.Cases)
	}
	total := 0
	for _, n := range sum.ByStatus {
		total += n
	}
	if total != 300 {
		t.Errorf("statuses add up to %d", total)
	}
	for _, s := range []casework.Status{
		casework.StatusReceived, casework.StatusAssessing, casework.StatusDecided, casework.StatusWithdrawn,
		casework.StatusRequested, casework.StatusBooked, casework.StatusHeld, casework.StatusClosed,
	} {
		if sum.ByStatus[s] == 0 {
			t.Errorf("no case is %s", s)
		}
	}
	for _, s := range demo.States {
		if sum.ByState[s.Name] == 0 {
			t.Errorf("no case in state %s", s.Name)
		}
	}
	for _, a := range []casework.AppealStatus{casework.AppealReceived, casework.AppealReassessing, casework.AppealSummarised, casework.AppealForwarded, casework.AppealDecided} {
		if sum.Appeals[a] == 0 {
			t.Errorf("no appeal is %s", a)
		}
	}
	for _, d := range []string{casework.DeadlineSoon, casework.DeadlineOverdue} {
		if sum.Deadlines[d] == 0 {
			t.Errorf("no interim reply is %s", d)
		}
	}
	if sum.Granted == 0 || sum.Letters == 0 || len(sum.Samples) == 0 {
		t.Errorf("granted %d, letters %d, samples %d", sum.Granted, sum.Letters, len(sum.Samples))
	}
	if len(sum.ByOffice) < 2 || sum.ByOffice["3401"] == 0 {
		t.Errorf("offices: %v", sum.ByOffice)
	}

	// Every case, through the inboxes of the offices.
	offices, err := st.Offices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byStatus := map[casework.Status]int{}
	deadlines := map[string]int{}
	owners := map[string]bool{}
	seen := 0
	for _, o := range offices {
		page, err := st.Inbox(ctx, store.InboxQuery{Office: o.Municipality, PageSize: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != sum.ByOffice[o.Municipality] || page.Counts[""] != page.Total {
			t.Errorf("office %s: inbox shows %d (counts %v), seeded %d", o.Municipality, page.Total, page.Counts, sum.ByOffice[o.Municipality])
		}
		for _, e := range page.Entries {
			seen++
			c, err := st.Case(ctx, e.Ref)
			if err != nil {
				t.Fatalf("case %s: %v", e.Ref, err)
			}
			byStatus[c.Status]++
			if c.DeadlineState != "" {
				deadlines[c.DeadlineState]++
			}
			if e.Status != string(c.Status) || e.Name != c.Owner.Name {
				t.Errorf("index entry %+v does not match case %s %s", e, c.Status, c.Owner.Name)
			}
			nid, err := identity.ParseNationalID(c.Owner.NationalID)
			if err != nil || !nid.Synthetic() {
				t.Errorf("case %s: owner %q is not a valid synthetic number (%v)", c.ID, c.Owner.NationalID, err)
			}
			if owners[c.Owner.NationalID] {
				t.Errorf("case %s: owner %s owns another case", c.ID, c.Owner.NationalID)
			}
			owners[c.Owner.NationalID] = true
			p, err := st.Person(ctx, c.Owner.NationalID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.CaseRefs, []string{c.ID}) {
				t.Errorf("case %s: «Mine saker» of its owner lists %v", c.ID, p.CaseRefs)
			}
			for i, ev := range c.Events {
				if ev.At.After(now) || i > 0 && ev.At.Before(c.Events[i-1].At) {
					t.Errorf("case %s: event %d (%s) at %s out of order or after now", c.ID, i, ev.Type, ev.At)
				}
			}
			if d := c.LatestDecision(); d != nil && d.Granted() && (d.Benefit == nil || d.Benefit.TotalMonthly <= 0) {
				t.Errorf("case %s: a grant without a benefit", c.ID)
			}
			if c.Open() && c.EvaluateDeadline(casework.NorwegianCalendar(), now) != c.DeadlineState {
				t.Errorf("case %s: deadline state %q, the deadline job would mark %q", c.ID, c.DeadlineState, c.EvaluateDeadline(casework.NorwegianCalendar(), now))
			}
		}
	}
	if seen != 300 {
		t.Errorf("the inboxes list %d cases, want 300", seen)
	}
	for s, n := range sum.ByStatus {
		if byStatus[s] != n {
			t.Errorf("%s: %d stored, summary says %d", s, byStatus[s], n)
		}
	}
	for d, n := range sum.Deadlines {
		if deadlines[d] != n {
			t.Errorf("deadline %s: %d stored, summary says %d", d, deadlines[d], n)
		}
	}

	// A second seed into the same database makes new people.
	more, err := demo.Seed(ctx, st, 50, now, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range more.Samples {
		if owners[s.NationalID] {
			t.Errorf("the second seed reused %s", s.NationalID)
		}
		p, err := st.Person(ctx, s.NationalID)
		if err != nil || !slices.Equal(p.CaseRefs, []string{s.Ref}) {
			t.Errorf("second seed: %s lists %v (%v)", s.NationalID, p.CaseRefs, err)
		}
	}
}
