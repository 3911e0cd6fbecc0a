package casework

import (
	"testing"
	"time"
)

// d returns midnight Oslo time on the given date.
func d(y int, m time.Month, day int) time.Time {
	return time.Date(y, m, day, 0, 0, 0, 0, Location())
}

func TestLocation(t *testing.T) {
	if got := Location().String(); got != "Europe/Oslo" {
		t.Fatalf("Location() = %q, want Europe/Oslo (tzdata not embedded?)", got)
	}
	// Summer time: 12:00 UTC is 14:00 in Oslo.
	if h := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC).In(Location()).Hour(); h != 14 {
		t.Errorf("12:00 UTC in July is %d:00 in Oslo, want 14:00", h)
	}
}

// TestWeekdayHolidays lists, for whole years, every Monday-Friday that is
// not a working day. The dates were checked against a printed calendar and
// the Easter dates (2024-03-31, 2025-04-20, 2027-03-28).
func TestWeekdayHolidays(t *testing.T) {
	c := NorwegianCalendar()
	want := map[int][]time.Time{
		2024: {
			d(2024, 1, 1),   // Mon, New Year's Day
			d(2024, 3, 28),  // Maundy Thursday
			d(2024, 3, 29),  // Good Friday
			d(2024, 4, 1),   // Easter Monday
			d(2024, 5, 1),   // Wed, 1 May
			d(2024, 5, 9),   // Ascension Day
			d(2024, 5, 17),  // Fri, 17 May
			d(2024, 5, 20),  // Whit Monday
			d(2024, 12, 25), // Wed
			d(2024, 12, 26), // Thu
		},
		2025: {
			d(2025, 1, 1),   // Wed
			d(2025, 4, 17),  // Maundy Thursday
			d(2025, 4, 18),  // Good Friday
			d(2025, 4, 21),  // Easter Monday
			d(2025, 5, 1),   // Thu; 17 May 2025 is a Saturday
			d(2025, 5, 29),  // Ascension Day
			d(2025, 6, 9),   // Whit Monday
			d(2025, 12, 25), // Thu
			d(2025, 12, 26), // Fri
		},
		2027: {
			d(2027, 1, 1),  // Fri
			d(2027, 3, 25), // Maundy Thursday
			d(2027, 3, 26), // Good Friday
			d(2027, 3, 29), // Easter Monday
			d(2027, 5, 6),  // Ascension Day; 1 May is a Saturday
			d(2027, 5, 17), // Mon, both 17 May and Whit Monday
			// 25 and 26 December 2027 are Saturday and Sunday.
		},
	}
	for year, days := range want {
		var got []time.Time
		for day := d(year, 1, 1); day.Year() == year; day = day.AddDate(0, 0, 1) {
			wd := day.Weekday()
			if wd != time.Saturday && wd != time.Sunday && !c.IsWorkingDay(day) {
				got = append(got, day)
			}
			if (wd == time.Saturday || wd == time.Sunday) && c.IsWorkingDay(day) {
				t.Errorf("IsWorkingDay(%s, %s) = true", day.Format(time.DateOnly), wd)
			}
		}
		if len(got) != len(days) {
			t.Errorf("%d: weekday holidays %v, want %v", year, fmtDates(got), fmtDates(days))
			continue
		}
		for i := range got {
			if !got[i].Equal(days[i]) {
				t.Errorf("%d: weekday holidays %v, want %v", year, fmtDates(got), fmtDates(days))
				break
			}
		}
	}
}

func fmtDates(ds []time.Time) []string {
	s := make([]string, len(ds))
	for i, x := range ds {
		s[i] = x.Format("2006-01-02 Mon")
	}
	return s
}

func TestChristmasEveAndNewYearsEveAreWorkingDays(t *testing.T) {
	c := NorwegianCalendar()
	for _, day := range []time.Time{
		d(2025, 12, 24), // Wed
		d(2025, 12, 31), // Wed
		d(2024, 12, 24), // Tue
		d(2024, 12, 31), // Tue
		d(2021, 12, 31), // Fri
	} {
		if !c.IsWorkingDay(day) {
			t.Errorf("IsWorkingDay(%s) = false, want true", day.Format("2006-01-02 Mon"))
		}
		if name, ok := c.HolidayName(day); ok {
			t.Errorf("HolidayName(%s) = %q, want none", day.Format(time.DateOnly), name)
		}
	}
}

func TestHolidayName(t *testing.T) {
	c := NorwegianCalendar()
	tests := []struct {
		day  time.Time
		want string
	}{
		{d(2025, 1, 1), "Første nyttårsdag"},
		{d(2025, 4, 17), "Skjærtorsdag"},
		{d(2025, 4, 18), "Langfredag"},
		{d(2025, 4, 20), "Første påskedag"},
		{d(2025, 4, 21), "Andre påskedag"},
		{d(2025, 5, 1), "Arbeidernes dag"},
		{d(2025, 5, 17), "Grunnlovsdag"},
		{d(2025, 5, 29), "Kristi Himmelfartsdag"},
		{d(2025, 6, 8), "Første pinsedag"},
		{d(2025, 6, 9), "Andre pinsedag"},
		{d(2025, 12, 25), "Første juledag"},
		{d(2025, 12, 26), "Andre juledag"},
		{d(2025, 4, 19), ""}, // Easter Saturday is not a public holiday
		{d(2025, 6, 1), ""},  // an ordinary Sunday
	}
	for _, tt := range tests {
		name, ok := c.HolidayName(tt.day)
		if name != tt.want || ok != (tt.want != "") {
			t.Errorf("HolidayName(%s) = %q, %v; want %q", tt.day.Format(time.DateOnly), name, ok, tt.want)
		}
	}
}

func TestOsloDateConversion(t *testing.T) {
	c := NorwegianCalendar()
	// 23:30 UTC on Thursday 16 April 2025 is 01:30 on Maundy Thursday in Oslo.
	if c.IsWorkingDay(time.Date(2025, 4, 16, 23, 30, 0, 0, time.UTC)) {
		t.Error("23:30 UTC on 2025-04-16 is Maundy Thursday in Oslo, want not a working day")
	}
	// 22:30 UTC on 16 April 2025 is 00:30 on Maundy Thursday (summer time).
	if c.IsWorkingDay(time.Date(2025, 4, 16, 22, 30, 0, 0, time.UTC)) {
		t.Error("22:30 UTC on 2025-04-16 is 00:30 Oslo summer time, want not a working day")
	}
	// 21:30 UTC on 16 April 2025 is still Wednesday in Oslo.
	if !c.IsWorkingDay(time.Date(2025, 4, 16, 21, 30, 0, 0, time.UTC)) {
		t.Error("21:30 UTC on 2025-04-16 is Wednesday 23:30 in Oslo, want a working day")
	}
	got := OsloDate(time.Date(2025, 1, 30, 23, 30, 0, 0, time.UTC))
	if !got.Equal(d(2025, 1, 31)) || got.Location() != Location() {
		t.Errorf("OsloDate(2025-01-30 23:30 UTC) = %v, want 2025-01-31 00:00 Oslo", got)
	}
}

// TestNextWorkingDayProperties checks, for every day in 2020-2030, that
// NextWorkingDay returns a working day at midnight, not before the input,
// with no working day in between.
func TestNextWorkingDayProperties(t *testing.T) {
	c := NorwegianCalendar()
	for day := d(2020, 1, 1); day.Year() <= 2030; day = addDays(day, 1) {
		// Feed a time of day to exercise the conversion too.
		next := c.NextWorkingDay(day.Add(15 * time.Hour))
		if !c.IsWorkingDay(next) {
			t.Fatalf("NextWorkingDay(%s) = %s, not a working day", day.Format(time.DateOnly), next.Format(time.DateOnly))
		}
		if h, m, s := next.Clock(); h != 0 || m != 0 || s != 0 || next.Location() != Location() {
			t.Fatalf("NextWorkingDay(%s) = %v, want midnight Oslo", day.Format(time.DateOnly), next)
		}
		if next.Before(day) {
			t.Fatalf("NextWorkingDay(%s) = %s is earlier", day.Format(time.DateOnly), next.Format(time.DateOnly))
		}
		for x := day; x.Before(next); x = addDays(x, 1) {
			if c.IsWorkingDay(x) {
				t.Fatalf("NextWorkingDay(%s) = %s skips working day %s", day.Format(time.DateOnly), next.Format(time.DateOnly), x.Format(time.DateOnly))
			}
		}
		if gap := DaysUntil(day, next); gap > 5 {
			// The longest run is Maundy Thursday to Easter Monday (5 days).
			t.Fatalf("NextWorkingDay(%s) is %d days later", day.Format(time.DateOnly), gap)
		}
	}
}

func TestAddMonths(t *testing.T) {
	c := NorwegianCalendar()
	tests := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{d(2025, 1, 31), 1, d(2025, 2, 28)},
		{d(2024, 1, 31), 1, d(2024, 2, 29)},
		{d(2025, 3, 31), 1, d(2025, 4, 30)},
		{d(2025, 1, 15), 1, d(2025, 2, 15)},
		{d(2025, 8, 31), 6, d(2026, 2, 28)},
		{d(2023, 8, 31), 6, d(2024, 2, 29)},
		{d(2025, 12, 31), 2, d(2026, 2, 28)},
		{d(2025, 11, 30), 1, d(2025, 12, 30)},
		{d(2025, 3, 31), -1, d(2025, 2, 28)},
		{d(2024, 2, 29), 12, d(2025, 2, 28)},
		{d(2025, 5, 14), 0, d(2025, 5, 14)},
		{d(2025, 5, 14), 24, d(2027, 5, 14)},
	}
	for _, tt := range tests {
		got := c.AddMonths(tt.from, tt.n)
		if !got.Equal(tt.want) || got.Location() != Location() {
			t.Errorf("AddMonths(%s, %d) = %v, want %s", tt.from.Format(time.DateOnly), tt.n, got, tt.want.Format(time.DateOnly))
		}
	}
	// Property: the day number is kept unless the target month is shorter.
	for day := d(2020, 1, 1); day.Year() <= 2028; day = addDays(day, 1) {
		for _, n := range []int{1, 3, 6, 12} {
			got := c.AddMonths(day, n)
			wantMonth := (int(day.Month())-1+n)%12 + 1
			if int(got.Month()) != wantMonth {
				t.Fatalf("AddMonths(%s, %d) = %s, wrong month", day.Format(time.DateOnly), n, got.Format(time.DateOnly))
			}
			lastDay := addDays(got, 1).Month() != got.Month()
			if got.Day() != day.Day() && !(got.Day() < day.Day() && lastDay) {
				t.Fatalf("AddMonths(%s, %d) = %s", day.Format(time.DateOnly), n, got.Format(time.DateOnly))
			}
		}
	}
}

func TestAddWeeks(t *testing.T) {
	c := NorwegianCalendar()
	tests := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{d(2025, 6, 6), 3, d(2025, 6, 27)},
		{d(2025, 3, 20), 2, d(2025, 4, 3)},    // across the change to summer time
		{d(2025, 10, 20), 1, d(2025, 10, 27)}, // across the change to winter time
		{d(2025, 12, 18), 3, d(2026, 1, 8)},
		{d(2025, 6, 6), -1, d(2025, 5, 30)},
		// 2025-06-06 22:30 UTC is Saturday 7 June in Oslo.
		{time.Date(2025, 6, 6, 22, 30, 0, 0, time.UTC), 1, d(2025, 6, 14)},
	}
	for _, tt := range tests {
		got := c.AddWeeks(tt.from, tt.n)
		if !got.Equal(tt.want) || got.Location() != Location() {
			t.Errorf("AddWeeks(%v, %d) = %v, want %s", tt.from, tt.n, got, tt.want.Format(time.DateOnly))
		}
	}
}

func TestDaysUntil(t *testing.T) {
	tests := []struct {
		from, to time.Time
		want     int
	}{
		{d(2025, 1, 1), d(2025, 1, 1), 0},
		{d(2025, 1, 1), d(2025, 1, 2), 1},
		{d(2025, 1, 2), d(2025, 1, 1), -1},
		{d(2025, 3, 29), d(2025, 3, 31), 2},   // 23-hour day on 30 March
		{d(2025, 10, 25), d(2025, 10, 27), 2}, // 25-hour day on 26 October
		{d(2024, 1, 1), d(2025, 1, 1), 366},
		{d(2025, 12, 31), d(2025, 1, 1), -364},
		// Times of day: 23:59 Oslo to 00:01 Oslo the next day is one day.
		{time.Date(2025, 5, 16, 23, 59, 0, 0, Location()), time.Date(2025, 5, 17, 0, 1, 0, 0, Location()), 1},
		// 22:30 UTC on 16 May is 00:30 on 17 May in Oslo (summer time).
		{time.Date(2025, 5, 16, 22, 30, 0, 0, time.UTC), d(2025, 5, 17), 0},
		{time.Date(2025, 5, 16, 21, 30, 0, 0, time.UTC), d(2025, 5, 17), 1},
	}
	for _, tt := range tests {
		if got := DaysUntil(tt.from, tt.to); got != tt.want {
			t.Errorf("DaysUntil(%v, %v) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestCalendarConcurrentUse(t *testing.T) {
	c := NorwegianCalendar()
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			ok := true
			for day := d(2025, 1, 1); day.Year() == 2025; day = addDays(day, 1) {
				if c.IsWorkingDay(d(2025, 4, 18)) {
					ok = false
				}
				c.NextWorkingDay(day)
			}
			done <- ok
		}()
	}
	for g := 0; g < 8; g++ {
		if !<-done {
			t.Error("Good Friday reported as a working day under concurrent use")
		}
	}
}
