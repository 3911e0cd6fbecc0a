package store_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
	"kvp/usecase"
)

// The cases of persons with a protected address are in no list and no
// count of an inbox asked for without the permission, in every view and
// with and without the in-memory inbox; with the permission they are
// counted and listed like any other.
func TestInboxLeavesOutProtectedCases(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	worker := casework.Staff{Email: "a@nav.test", Name: "A"}
	base := testkit.Now().AddDate(0, -2, 0)
	protected := map[string]bool{}
	for i := 0; i < 12; i++ {
		ref := fmt.Sprintf("P%03d", i)
		c := casework.NewCase(ref, &casework.Draft{ID: "d" + ref}, casework.Person{NationalID: "p" + ref, Name: "Person " + ref}, casework.Office{Municipality: "3401"}, base.Add(time.Duration(i)*30*time.Hour), cal)
		switch i % 3 {
		case 1:
			c.Protected = "fortrolig"
		case 2:
			c.Protected = "strengt_fortrolig"
		}
		protected[ref] = c.Protected != ""
		if _, _, err := st.SubmitCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			v := c.Version
			if err := c.Assign(worker, worker, c.SubmittedAt); err != nil {
				t.Fatal(err)
			}
			if err := st.UpdateCase(ctx, c, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Every case's interim reply is overdue by now: the deadline view has
	// them all.
	if _, err := usecase.NewStaff(st, cal, testkit.Now, nil).MarkDeadlines(ctx); err != nil {
		t.Fatal(err)
	}
	var queries []store.InboxQuery
	for _, sees := range []bool{false, true} {
		for _, q := range []store.InboxQuery{
			{Office: "3401"},
			{Office: "3401", View: "new"},
			{Office: "3401", View: "mine", Assignee: worker.Email},
			{Office: "3401", View: "status", Status: "assessing"},
			{Office: "3401", View: "deadlines", Sort: "deadline"},
			{Office: "3401", Sort: "deadline", PageSize: 3, Page: 2},
		} {
			q.SeesProtected = sees
			queries = append(queries, q)
		}
	}
	check := func(how string) []*store.InboxPage {
		var pages []*store.InboxPage
		for _, q := range queries {
			p, err := st.Inbox(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, p)
			got := refs(p)
			if len(got) == 0 {
				t.Errorf("%s %+v: empty page", how, q)
			}
			if !q.SeesProtected && slices.ContainsFunc(got, func(r string) bool { return protected[r] }) {
				t.Errorf("%s %+v: a protected case is listed without the permission: %v", how, q, got)
			}
			all := p.Counts[""]
			if q.SeesProtected && all != 12 || !q.SeesProtected && all != 4 {
				t.Errorf("%s %+v: %d cases counted", how, q, all)
			}
			if !q.SeesProtected && (p.Counts["deadlines"] != 4 || p.Counts["status:received"]+p.Counts["status:assessing"] != 4 || q.Assignee != "" && p.Counts["mine"] != 2 || p.Counts["new"] != 2) {
				t.Errorf("%s %+v: counts %v", how, q, p.Counts)
			}
		}
		return pages
	}
	fromDB := check("database")
	if err := st.EnableInboxCache(ctx); err != nil {
		t.Fatal(err)
	}
	fromCache := check("cache")
	for i, q := range queries {
		a, b := fromDB[i], fromCache[i]
		if !reflect.DeepEqual(refs(a), refs(b)) || a.Total != b.Total || !reflect.DeepEqual(a.Counts, b.Counts) {
			t.Errorf("%+v:\n db    %v %d %v\n cache %v %d %v", q, refs(a), a.Total, a.Counts, refs(b), b.Total, b.Counts)
		}
	}
}
