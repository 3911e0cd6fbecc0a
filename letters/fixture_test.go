package letters_test

import (
	"time"

	"kvp/casework"
)

// Names typed by people: Norwegian letters, and Sami, Polish and other
// letters outside Latin-1.
const (
	ownerName  = "Åse Ødegård-Æsøy"
	repName    = "Máret Ŋuolla Čáhppes"
	staffName  = "Zoë Łukasiewicz-Dahl"
	staffEmail = "zoe@nav.test"
	officeName = "NAV Kongsvinger"
)

// fullCase builds a case with every kind of letter: an application with a
// file, a documentation request, an interim reply, a granted decision with
// two benefit periods (a new G on 1 May), an appeal by a representative
// with a document, its interim reply, the summary and a comment.
func fullCase(now time.Time) (*casework.Case, *casework.Office) {
	loc := casework.Location()
	day := func(n int) time.Time {
		y, m, d := now.In(loc).Date()
		return time.Date(y, m, d+n, 10, 0, 0, 0, loc)
	}
	office := &casework.Office{
		Municipality: "3401", MunicipalityName: "Kongsvinger", Name: officeName,
		Visiting: casework.Address{Line1: "Rådhusplassen 3", PostalCode: "2226", Town: "Kongsvinger"},
		Postal:   casework.Address{Line1: "Postboks 1000", PostalCode: "2226", Town: "Kongsvinger"},
	}
	staff := func(at time.Time, t casework.EventType) casework.Event {
		return casework.Event{At: at, Type: t, Actor: staffEmail, ActorName: staffName}
	}
	deadline := casework.NorwegianCalendar().AppealDeadline(day(5))
	decision := &casework.Decision{
		Outcome: casework.OutcomeGranted, Rules: "Sosialtjenesteloven §§ 29 og 30", Facts: "Søkeren har lite inntekt og ønsker arbeid.\nLegeerklæring fra fastlegen.", Considerations: "Behovet for tett oppfølging veide tyngst.",
		Start: day(14), End: day(14).AddDate(1, 0, 0),
		Periods: []casework.BenefitPeriod{
			{From: day(14), To: day(150), Benefit: casework.Benefit{G: 130160, GFrom: time.Date(2026, 5, 1, 0, 0, 0, 0, loc), FactorThousandths: 2041, Yearly: 265657, Monthly: 22138, Children: 1, ChildPerDay: 38, ChildYearly: 9880, TotalYearly: 275537, TotalMonthly: 22961}},
			{From: day(151), To: day(14).AddDate(1, 0, 0), Benefit: casework.Benefit{G: 136549, GFrom: time.Date(2027, 5, 1, 0, 0, 0, 0, loc), FactorThousandths: 2041, Yearly: 278697, Monthly: 23225, Children: 1, ChildPerDay: 38, ChildYearly: 9880, TotalYearly: 288577, TotalMonthly: 24048}},
		},
		MadeAvailableAt: day(5), ReachedAt: day(5), AppealDeadline: deadline, AppealBody: casework.AppealBody,
	}
	decision.Benefit = &decision.Periods[0].Benefit
	appealAt := day(6)
	cs := &casework.Case{
		ID: "ABCD-EFGH", Owner: casework.Person{NationalID: "14830212345", Name: ownerName},
		Office: casework.OfficeRef{Municipality: "3401", Name: officeName},
		Answers: casework.Answers{
			Contact:   casework.Contact{Phone: "91234567", Email: "ase@example.no", Street: "Storgata 1", PostalCode: "2211", PostalTown: "Kongsvinger"},
			Residence: casework.Residence{Municipality: "3401"},
			Situation: casework.Situation{IncomeSources: []string{"sosialhjelp"}, WorkExperience: "Butikk i to år", Education: "grunnskole"},
			Goals:     casework.Goals{Goal: "Fast jobb"},
			Children:  casework.Children{HasChildren: true, Ages: []int{7}},
			Housing:   casework.Housing{Situation: "leier", MonthlyCost: 8500},
			Consent:   casework.Consent{ObtainInformation: true, Declaration: true},
		},
		Files:           []casework.FileRef{{FileID: "f1", Name: "legeerklæring.pdf", Kind: "application/pdf", Size: 1000, UploadedAt: now}},
		SubmittedAt:     now,
		InterimReplyDue: day(31),
		Status:          casework.StatusDecided,
		Events: []casework.Event{
			{At: now, Type: casework.EventSubmitted, Actor: casework.ActorCitizen},
			func() casework.Event {
				e := staff(day(1), casework.EventDocumentsRequested)
				e.Request = &casework.DocRequest{Documents: "Kontoutskrift for de siste tre månedene", Reason: "Vi må se hva du lever av.", Deadline: day(15)}
				return e
			}(),
			func() casework.Event {
				e := staff(day(2), casework.EventInterimReply)
				e.Interim = &casework.Interim{Reason: "Vi venter på opplysninger fra fastlegen.", ExpectedBy: day(40)}
				return e
			}(),
			func() casework.Event { e := staff(day(5), casework.EventDecision); e.Decision = decision; return e }(),
			{At: appealAt, Type: casework.EventAppealSent, Actor: casework.ActorCitizen, Text: "KLAG-EABC"},
			{At: appealAt, Type: casework.EventAppealReceived, Actor: casework.ActorSystem, Text: "KLAG-EABC"},
			func() casework.Event {
				e := staff(day(8), casework.EventAppealInterim)
				e.Text = "KLAG-EABC"
				e.Interim = &casework.Interim{Reason: "Klagen trenger en ny samtale.", ExpectedBy: day(45)}
				return e
			}(),
			func() casework.Event { e := staff(day(9), casework.EventAppealSummary); e.Text = "KLAG-EABC"; return e }(),
			{At: day(10), Type: casework.EventAppealComment, Actor: casework.ActorCitizen, Text: "KLAG-EABC"},
		},
		Appeals: []casework.Appeal{{
			ID: "KLAG-EABC", DecisionAt: decision.MadeAvailableAt, Change: "Jeg vil ha programmet i to år.", Reasons: "Ett år er for kort for meg.",
			Representative: &casework.Representative{Name: repName, PowerOfAttorney: casework.FileRef{FileID: "poa", Name: "fullmakt.pdf"}},
			Files:          []casework.FileRef{{FileID: "a1", Name: "uttalelse.png"}},
			SubmittedAt:    appealAt, Deadline: deadline, Status: casework.AppealSummarised, InterimDue: day(37), InterimSentAt: day(8),
			OfficeResult: casework.AppealUpheld,
			Summary:      &casework.AppealSummary{Facts: "Programmet ble innvilget for ett år.", Assessment: "Ett år er nok til å nå målet.", Arguments: "Parten mener ett år er for kort.", CommentDeadline: day(20), PreparedAt: day(9)},
			Comments:     []casework.AppealComment{{At: day(10), Text: "Jeg trenger mer tid på grunn av helsen – Ŧ."}},
		}},
	}
	return cs, office
}
