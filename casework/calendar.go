package casework

import (
	"time"
	// Embed the time zone database so that Europe/Oslo always loads, also
	// in minimal containers without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/no"
)

// oslo is the Europe/Oslo location, loaded once.
var oslo = loadOslo()

func loadOslo() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		// Unreachable with time/tzdata embedded; a fixed CET zone keeps
		// dates right, only ignoring daylight saving time.
		return time.FixedZone("CET", 1*60*60)
	}
	return loc
}

// Location returns the Europe/Oslo location used for all dates in this
// package.
func Location() *time.Location {
	return oslo
}

// OsloDate returns the calendar date of t in Europe/Oslo, at midnight Oslo
// time.
func OsloDate(t time.Time) time.Time {
	y, m, d := t.In(oslo).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, oslo)
}

// Calendar is a working-day calendar. It is safe for concurrent use.
type Calendar struct {
	holidays *cal.Calendar
}

// NorwegianCalendar returns the calendar of Norwegian public holidays (the
// church holidays and the public high days 1 and 17 May): New Year's
// Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, 1 May,
// 17 May, Ascension Day, Whit Sunday and Monday, and 25 and 26 December.
// Saturdays and Sundays are never working days. Christmas Eve and New
// Year's Eve are ordinary working days.
func NorwegianCalendar() *Calendar {
	c := &cal.Calendar{Name: "NO"}
	// no.Holidays holds exactly the public holidays that can fall on a
	// weekday; filter on type so that any observance added to it in a
	// later version does not silently become a non-working day.
	for _, h := range no.Holidays {
		if h.Type == cal.ObservancePublic {
			c.AddHoliday(h)
		}
	}
	// Easter Sunday and Whit Sunday are always Sundays, so they do not
	// change which days are working days, but they are public holidays and
	// are named by HolidayName.
	c.AddHoliday(
		aa.Easter.Clone(&cal.Holiday{Name: "Første påskedag", Type: cal.ObservancePublic}),
		aa.Pentecost.Clone(&cal.Holiday{Name: "Første pinsedag", Type: cal.ObservancePublic}),
	)
	// Cacheable stays false: the cache is an unsynchronised map, and
	// without it the calendar is read-only and safe for concurrent use.
	return &Calendar{holidays: c}
}

// HolidayName returns the Norwegian name of the public holiday on the Oslo
// date of d, and whether d is a public holiday. Ordinary Sundays are not
// reported.
func (c *Calendar) HolidayName(d time.Time) (string, bool) {
	actual, _, h := c.holidays.IsHoliday(OsloDate(d))
	if !actual || h == nil {
		return "", false
	}
	return h.Name, true
}

// IsWorkingDay reports whether the Oslo date of d is a working day: Monday
// to Friday and not a public holiday.
func (c *Calendar) IsWorkingDay(d time.Time) bool {
	d = OsloDate(d)
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	actual, _, _ := c.holidays.IsHoliday(d)
	return !actual
}

// NextWorkingDay returns the Oslo date of d if it is a working day, and
// otherwise the first working day after it.
func (c *Calendar) NextWorkingDay(d time.Time) time.Time {
	d = OsloDate(d)
	for !c.IsWorkingDay(d) {
		d = addDays(d, 1)
	}
	return d
}

// AddMonths adds n months to the Oslo date of d by the rule in
// domstolloven § 148: the result is the date with the same number in the
// target month, or the last day of that month if it is shorter (31 January
// plus one month is 28 or 29 February). The result is not moved to a
// working day. n may be negative.
func (c *Calendar) AddMonths(d time.Time, n int) time.Time {
	y, m, day := OsloDate(d).Date()
	// Day 0 of the month after the target month is the target's last day.
	last := time.Date(y, m+time.Month(n)+1, 0, 0, 0, 0, 0, oslo).Day()
	if day > last {
		day = last
	}
	return time.Date(y, m+time.Month(n), day, 0, 0, 0, 0, oslo)
}

// AddWeeks adds n weeks to the Oslo date of d, giving the day with the same
// weekday name (domstolloven § 148). The result is not moved to a working
// day. n may be negative.
func (c *Calendar) AddWeeks(d time.Time, n int) time.Time {
	return addDays(OsloDate(d), 7*n)
}

// addDays adds n calendar days to an Oslo date, staying at midnight across
// daylight saving changes.
func addDays(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day+n, 0, 0, 0, 0, oslo)
}

// DaysUntil returns the number of calendar days from the Oslo date of from
// to the Oslo date of to; it is negative when to is before from.
func DaysUntil(from, to time.Time) int {
	fy, fm, fd := from.In(oslo).Date()
	ty, tm, td := to.In(oslo).Date()
	// Count in UTC, where every day has 24 hours.
	f := time.Date(fy, fm, fd, 0, 0, 0, 0, time.UTC)
	t := time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)
	return int(t.Sub(f) / (24 * time.Hour))
}

// WorkingDaysBetween counts the working days after from up to and
// including to (0 when to is not after from).
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	from, to = OsloDate(from), OsloDate(to)
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}
