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
)

// TestInboxNewFromApplicant: a case the applicant has sent something to
// carries the count in its index entry and is in the "news" view, with and
// without the in-memory inbox, until staff have seen it.
func TestInboxNewFromApplicant(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	base := time.Date(2026, 9, 1, 10, 0, 0, 0, casework.Location())
	for i := 0; i < 4; i++ {
		c := casework.NewCase(fmt.Sprintf("N%d", i), &casework.Draft{ID: fmt.Sprintf("n%d", i)}, casework.Person{NationalID: fmt.Sprintf("p%d", i)}, casework.Office{Municipality: "3401"}, base.AddDate(0, 0, i), cal)
		if _, _, err := st.SubmitCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		for j := 0; j < i%3; j++ {
			v := c.Version
			if err := c.SendFollowUp(fmt.Sprintf("melding %d", j), nil, base.AddDate(0, 0, i).Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := st.UpdateCase(ctx, c, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	q := store.InboxQuery{Office: "3401", View: "news"}
	check := func(where string, wantRefs []string, wantNews map[string]int) {
		t.Helper()
		p, err := st.Inbox(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := refs(p); !reflect.DeepEqual(got, wantRefs) || p.Counts["news"] != len(wantRefs) || p.Total != len(wantRefs) {
			t.Errorf("%s: news view %v (count %d, total %d), want %v", where, got, p.Counts["news"], p.Total, wantRefs)
		}
		for _, e := range p.Entries {
			if e.News != wantNews[e.Ref] {
				t.Errorf("%s: %s has news %d, want %d", where, e.Ref, e.News, wantNews[e.Ref])
			}
		}
	}
	check("database", []string{"N2", "N1"}, map[string]int{"N1": 1, "N2": 2})
	if err := st.EnableInboxCache(ctx); err != nil {
		t.Fatal(err)
	}
	check("cache", []string{"N2", "N1"}, map[string]int{"N1": 1, "N2": 2})

	c, _ := st.Case(ctx, "N2")
	v := c.Version
	if !c.SeenByStaff() {
		t.Fatal("nothing to clear")
	}
	if err := st.UpdateCase(ctx, c, v); err != nil {
		t.Fatal(err)
	}
	check("after staff saw N2", []string{"N1"}, map[string]int{"N1": 1})
}
