package casework

import "time"

// InterimReplyDue returns the date by which an interim reply (foreløpig
// svar, forvaltningsloven § 11 a) must be sent: one month after the
// application was received, moved to the next working day if that day is a
// Saturday, Sunday or public holiday (forvaltningsloven § 30 and
// domstolloven §§ 148-149).
func (c *Calendar) InterimReplyDue(received time.Time) time.Time {
	return c.NextWorkingDay(c.AddMonths(received, 1))
}

// AppealDeadline returns the last day to appeal a decision: three weeks
// after the decision was made available and notified, moved to the next
// working day if that day is a Saturday, Sunday or public holiday
// (forvaltningsloven §§ 29-30 and domstolloven §§ 148-149).
func (c *Calendar) AppealDeadline(notified time.Time) time.Time {
	return c.NextWorkingDay(c.AddWeeks(notified, 3))
}

// LatestStart returns the latest date on which the programme may start:
// months months after the application (the rule is in the rate tables),
// using the same month arithmetic as AddMonths.
func (c *Calendar) LatestStart(applied time.Time, months int) time.Time {
	// Deliberately not moved to the next working day: this is a limit on
	// how late the programme may start, not a deadline for an act by the
	// applicant or the office, so domstolloven § 149 does not apply, and
	// moving it forward would allow a later start than the rule permits.
	return c.AddMonths(applied, months)
}
