package casework

import (
	"testing"
	"time"
)

// Every expected date below was checked against a calendar (weekday noted)
// and the Easter dates 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28 and
// 2028-04-16 (Ascension = Easter + 39 days, Whit Monday = Easter + 50).

func TestInterimReplyDue(t *testing.T) {
	c := NorwegianCalendar()
	tests := []struct {
		name     string
		received time.Time
		want     time.Time
	}{
		{"31 Jan to end of February", d(2025, 1, 31), d(2025, 2, 28)},          // Fri
		{"31 Jan to 29 Feb in a leap year", d(2024, 1, 31), d(2024, 2, 29)},    // Thu
		{"31 Jan 2023 to 28 Feb", d(2023, 1, 31), d(2023, 2, 28)},              // Tue
		{"31 March to 30 April", d(2025, 3, 31), d(2025, 4, 30)},               // Wed
		{"Saturday moves to Monday", d(2025, 5, 14), d(2025, 6, 16)},           // 14 Jun Sat -> 16 Jun Mon
		{"Sunday moves to Monday", d(2025, 10, 31), d(2025, 12, 1)},            // 30 Nov Sun -> 1 Dec Mon
		{"Maundy Thursday moves past Easter", d(2025, 3, 17), d(2025, 4, 22)},  // Thu 17 Apr -> Tue 22 Apr
		{"Good Friday moves past Easter", d(2024, 2, 29), d(2024, 4, 2)},       // Fri 29 Mar -> Tue 2 Apr
		{"Easter Monday", d(2025, 3, 21), d(2025, 4, 22)},                      // Mon 21 Apr -> Tue 22 Apr
		{"17 May on a weekday", d(2028, 4, 17), d(2028, 5, 18)},                // Wed -> Thu
		{"17 May that is also Whit Monday", d(2027, 4, 17), d(2027, 5, 18)},    // Mon -> Tue
		{"17 May Friday then Whitsun weekend", d(2024, 4, 17), d(2024, 5, 21)}, // Fri 17 -> Tue 21
		{"1 May", d(2025, 4, 1), d(2025, 5, 2)},                                // Thu -> Fri
		{"Ascension Day", d(2025, 4, 29), d(2025, 5, 30)},                      // Thu 29 May -> Fri
		{"Whit Monday", d(2025, 5, 9), d(2025, 6, 10)},                         // Mon 9 Jun -> Tue
		{"Christmas Day and Boxing Day", d(2024, 11, 25), d(2024, 12, 27)},     // Wed 25 -> Fri 27
		{"Christmas into the weekend", d(2025, 11, 25), d(2025, 12, 29)},       // Thu 25 -> Mon 29
		{"Boxing Day", d(2025, 11, 26), d(2025, 12, 29)},                       // Fri 26 -> Mon 29
		{"Christmas Eve is a working day", d(2025, 11, 24), d(2025, 12, 24)},   // Wed
		{"Christmas Eve on Saturday", d(2022, 11, 24), d(2022, 12, 27)},        // Sat 24 -> Tue 27
		{"New Year's Day", d(2025, 12, 1), d(2026, 1, 2)},                      // Thu 1 Jan -> Fri 2 Jan
		{"New Year's Day on Saturday", d(2021, 12, 1), d(2022, 1, 3)},          // Sat -> Mon 3 Jan
		{"Saturday in February", d(2025, 1, 15), d(2025, 2, 17)},               // Sat 15 Feb -> Mon 17 Feb
		{"ordinary weekday", d(2025, 9, 10), d(2025, 10, 10)},                  // Fri
		{"received late evening UTC", time.Date(2025, 1, 30, 23, 30, 0, 0, time.UTC), // 31 Jan 00:30 in Oslo
			d(2025, 2, 28)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.InterimReplyDue(tt.received)
			if !got.Equal(tt.want) || got.Location() != Location() {
				t.Errorf("InterimReplyDue(%v) = %s, want %s", tt.received, got.Format("2006-01-02 Mon"), tt.want.Format("2006-01-02 Mon"))
			}
		})
	}
}

func TestAppealDeadline(t *testing.T) {
	c := NorwegianCalendar()
	tests := []struct {
		name     string
		notified time.Time
		want     time.Time
	}{
		{"from a Friday", d(2025, 6, 6), d(2025, 6, 27)},                      // Fri -> Fri
		{"from a Saturday", d(2025, 6, 7), d(2025, 6, 30)},                    // Sat 28 Jun -> Mon 30 Jun
		{"from a Sunday", d(2026, 4, 26), d(2026, 5, 18)},                     // Sun 17 May -> Mon 18 May
		{"lands on Good Friday", d(2025, 3, 28), d(2025, 4, 22)},              // Fri 18 Apr -> Tue 22 Apr
		{"lands on Easter Monday", d(2025, 3, 31), d(2025, 4, 22)},            // Mon 21 Apr -> Tue 22 Apr
		{"lands on Maundy Thursday", d(2025, 3, 27), d(2025, 4, 22)},          // Thu 17 Apr -> Tue 22 Apr
		{"lands the day after Easter Monday", d(2025, 4, 1), d(2025, 4, 22)},  // Tue
		{"lands on 17 May", d(2028, 4, 26), d(2028, 5, 18)},                   // Wed 17 May -> Thu
		{"lands on 17 May before Whitsun", d(2024, 4, 26), d(2024, 5, 21)},    // Fri 17 May -> Tue 21 May
		{"lands on Ascension Day", d(2026, 4, 23), d(2026, 5, 15)},            // Thu 14 May -> Fri 15 May
		{"across the end of January", d(2025, 1, 31), d(2025, 2, 21)},         // Fri
		{"to 29 February", d(2024, 2, 8), d(2024, 2, 29)},                     // Thu
		{"across the end of February", d(2025, 2, 14), d(2025, 3, 7)},         // Fri
		{"lands on Christmas Day", d(2025, 12, 4), d(2025, 12, 29)},           // Thu 25 Dec -> Mon 29 Dec
		{"New Year's Eve is a working day", d(2025, 12, 10), d(2025, 12, 31)}, // Wed
		{"New Year's Eve on Friday", d(2021, 12, 10), d(2021, 12, 31)},        // Fri
		{"lands on New Year's Day", d(2025, 12, 11), d(2026, 1, 2)},           // Thu 1 Jan -> Fri 2 Jan
		{"over New Year from a Friday", d(2025, 12, 12), d(2026, 1, 2)},       // Fri
		{"notified late evening UTC", time.Date(2025, 6, 5, 22, 30, 0, 0, time.UTC), // 6 Jun 00:30 Oslo
			d(2025, 6, 27)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.AppealDeadline(tt.notified)
			if !got.Equal(tt.want) || got.Location() != Location() {
				t.Errorf("AppealDeadline(%v) = %s, want %s", tt.notified, got.Format("2006-01-02 Mon"), tt.want.Format("2006-01-02 Mon"))
			}
		})
	}
}

func TestLatestStart(t *testing.T) {
	c := NorwegianCalendar()
	tests := []struct {
		name    string
		applied time.Time
		months  int
		want    time.Time
	}{
		{"six months", d(2025, 1, 15), 6, d(2025, 7, 15)},                       // Tue
		{"end of February", d(2025, 8, 31), 6, d(2026, 2, 28)},                  // Sat, not moved
		{"leap day", d(2023, 8, 31), 6, d(2024, 2, 29)},                         // Thu
		{"17 May on a Sunday is not moved", d(2025, 11, 17), 6, d(2026, 5, 17)}, // Sun
		{"Christmas Day is not moved", d(2025, 6, 25), 6, d(2025, 12, 25)},      // Thu
		{"other rule length", d(2025, 1, 31), 3, d(2025, 4, 30)},                // Wed
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.LatestStart(tt.applied, tt.months)
			if !got.Equal(tt.want) || got.Location() != Location() {
				t.Errorf("LatestStart(%s, %d) = %s, want %s", tt.applied.Format(time.DateOnly), tt.months, got.Format("2006-01-02 Mon"), tt.want.Format("2006-01-02 Mon"))
			}
		})
	}
}
