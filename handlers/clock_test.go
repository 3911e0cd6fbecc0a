package handlers_test

import (
	"fmt"
	"time"

	"kvp/casework"
	"kvp/handlers"
	"kvp/i18n"
)

// The handler tests run on test clocks that start at now (testkit.Now:
// Monday 23 November 2026 10:00 in Oslo unless KVP_TEST_NOW says
// otherwise). The dates they type into forms and the dates they expect
// on pages are computed from now with the casework calendar, and
// formatted as the pages format them, so a test means the same whatever
// date now is. Tests that need a particular calendar fact (the G in force
// in 2026, a change of rates on 1 May) start their clocks at fixed dates
// instead. None of them reads the real clock.

// cal is the working-day calendar the portal uses.
var cal = casework.NorwegianCalendar()

// nb and en format dates as the Bokmål and English pages do.
var nb, en = func() (*handlers.Page, *handlers.Page) {
	b, err := i18n.Load()
	if err != nil {
		panic(err)
	}
	return &handlers.Page{L: b.For("nb"), Lang: "nb"}, &handlers.Page{L: b.For("en"), Lang: "en"}
}()

// day returns the Oslo date n days after the date of now, at midnight.
func day(n int) time.Time {
	y, m, d := now.In(casework.Location()).Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, casework.Location())
}

// dayAt returns the Oslo date n days after the date of now, at hour:minute.
func dayAt(n, hour, minute int) time.Time {
	y, m, d := now.In(casework.Location()).Date()
	return time.Date(y, m, d+n, hour, minute, 0, 0, casework.Location())
}

// iso writes t as a date field takes it ("2026-12-07").
func iso(t time.Time) string { return t.In(casework.Location()).Format("2006-01-02") }

// days is a whole number of days on the clock.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// meetingText is a meeting's time as the pages write it ("Mandag 30.
// november 2026 kl. 10:00").
func meetingText(p *handlers.Page, t time.Time) string { return p.Weekday(t) + " " + p.DateTime(t) }

// staffDays is how the staff deadline list counts the days from today to
// due, in Bokmål.
func staffDays(today, due time.Time) string {
	switch n := casework.DaysUntil(today, due); {
	case n == 0:
		return "Fristen er i dag."
	case n == 1:
		return "1 dag igjen."
	case n > 1:
		return fmt.Sprintf("%d dager igjen.", n)
	case n == -1:
		return "1 dag over fristen."
	default:
		return fmt.Sprintf("%d dager over fristen.", -n)
	}
}

// appealDays is how the citizen's pages count the days left to appeal,
// in Bokmål.
func appealDays(today, deadline time.Time) string {
	switch n := casework.DaysUntil(today, deadline); n {
	case 0:
		return "I dag er siste dag du kan klage."
	case 1:
		return "Du har 1 dag igjen."
	default:
		return fmt.Sprintf("Du har %d dager igjen.", n)
	}
}

// latestStart is the latest programme start of a decision made at from
// on the shipped rules: an application's first decision counts from the
// application, a new decision after an appeal from itself.
func latestStart(from time.Time) time.Time {
	tables, err := casework.DefaultRateTables()
	if err != nil {
		panic(err)
	}
	months, err := tables.LatestStartMonths(from)
	if err != nil {
		panic(err)
	}
	return cal.LatestStart(from, months)
}

// grantStart and grantEnd are a programme period that a decision made in
// the weeks after now may grant: from six weeks after the application, for
// two years. extendedEnd is an end that an extension may set, within a
// year of grantEnd.
var (
	grantStart  = day(42)
	grantEnd    = cal.AddMonths(grantStart, 24)
	extendedEnd = cal.AddMonths(grantEnd, 11)
)
