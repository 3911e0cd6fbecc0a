package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
	"kvp/usecase"
)

// Every count the inbox shows equals the rows its view lists, page by
// page, in the database queries and in the in-memory inbox: the deadline
// view included, which once counted only the cases marked by the deadline
// job while its rows (and every row of the inbox) showed each case's next
// deadline.
func TestInboxCountsEqualRows(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	tables, _ := casework.DefaultRateTables()
	worker := casework.Staff{Email: "a@nav.test", Name: "A"}
	now := testkit.Now()
	for i := 0; i < 30; i++ {
		// From two months ago to today: some interim replies overdue, some
		// due soon, most not yet near.
		at := now.Add(-time.Duration(60-2*i) * 24 * time.Hour)
		c := casework.NewCase(fmt.Sprintf("C%03d", i), &casework.Draft{ID: fmt.Sprintf("d%d", i)}, casework.Person{NationalID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Person %d", i)}, casework.Office{Municipality: "3401"}, at, cal)
		if i%7 == 6 {
			c.Protected = "fortrolig"
		}
		if _, _, err := st.SubmitCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		v := c.Version
		switch i % 6 {
		case 1:
			_ = c.Assign(worker, worker, at)
		case 2:
			_ = c.Decide(casework.Decision{Outcome: casework.OutcomeRejected}, tables, nil, false, cal, worker, at.Add(time.Hour))
		case 3:
			_ = c.Withdraw(at.Add(time.Hour))
		case 4:
			_ = c.SendInterimReply(casework.Interim{Reason: "Mange saker", ExpectedBy: at.AddDate(0, 2, 0)}, worker, at.Add(time.Hour))
		}
		if c.Version != v {
			if err := st.UpdateCase(ctx, c, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 0; i < 3; i++ {
		c := casework.NewConversationCase(fmt.Sprintf("S%03d", i), casework.ConversationRequest{Name: "Samtale"}, casework.Person{}, casework.Office{Municipality: "3401"}, now.AddDate(0, 0, -i))
		if _, _, err := st.SubmitCase(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := usecase.NewStaff(st, cal, func() time.Time { return now }, nil).MarkDeadlines(ctx); err != nil {
		t.Fatal(err)
	}
	check := func(path string) {
		t.Helper()
		for _, sees := range []bool{false, true} {
			var views []store.InboxQuery
			for _, v := range []string{"", "new", "mine", "deadlines", "requests", "appeals", "news"} {
				for _, sortBy := range []string{"received", "deadline"} {
					views = append(views, store.InboxQuery{Office: "3401", View: v, Assignee: worker.Email, Sort: sortBy, SeesProtected: sees})
				}
			}
			for _, s := range casework.Statuses {
				views = append(views, store.InboxQuery{Office: "3401", View: "status", Status: string(s), Assignee: worker.Email, SeesProtected: sees})
			}
			withDeadline := 0
			for _, q := range views {
				q.PageSize = 4
				rows := 0
				var counts map[string]int
				total := 0
				for page := 1; page < 20; page++ {
					q.Page = page
					p, err := st.Inbox(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					counts, total = p.Counts, p.Total
					for _, e := range p.Entries {
						rows++
						if q.View == "" && q.Sort == "received" && e.NextKind != "" {
							withDeadline++
						}
					}
					if len(p.Entries) < q.PageSize {
						break
					}
				}
				key := q.View
				if q.View == "status" {
					key = "status:" + q.Status
				}
				if counts[key] != rows || total != rows {
					t.Errorf("%s, %+v: count %d, total %d, rows %d", path, q, counts[key], total, rows)
				}
			}
			p, _ := st.Inbox(ctx, store.InboxQuery{Office: "3401", View: "deadlines", SeesProtected: sees})
			if withDeadline == 0 || p.Counts["deadlines"] != withDeadline {
				t.Errorf("%s: %d rows of the inbox show a deadline, the deadline view counts %d", path, withDeadline, p.Counts["deadlines"])
			}
		}
	}
	check("database")
	if err := st.EnableInboxCache(ctx); err != nil {
		t.Fatal(err)
	}
	check("in memory")
}
