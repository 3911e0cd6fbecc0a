package letters

import (
	"fmt"
	"strconv"
	"strings"

	"kvp/casework"
)

// recipient is the person the case is about, with the address they gave.
func recipient(in Input) []string {
	cs := in.Case
	name := cs.Owner.Name
	if cs.Conversation != nil && cs.Conversation.Name != "" {
		name = cs.Conversation.Name
	}
	out := []string{name}
	if cs.Protected != "" {
		// A protected address is never printed, whoever gets the letter.
		return append(out, in.L.T("letter.address.protected"))
	}
	ct := cs.Answers.Contact
	if ct.Street != "" {
		out = append(out, ct.Street)
	}
	if t := strings.TrimSpace(ct.PostalCode + " " + ct.PostalTown); t != "" {
		out = append(out, t)
	}
	return out
}

// roleName is the role of a staff member in words ("saksbehandler").
func roleName(w words, role string) string {
	switch role {
	case "lead":
		return w.T("letter.role.lead")
	case "admin":
		return w.T("letter.role.admin")
	}
	return w.T("letter.role.caseworker")
}

// signerOf is the staff member who made an event, with their role.
func signerOf(in Input, e casework.Event) *Signer {
	if e.ActorName == "" && e.Actor == "" {
		return nil
	}
	name := e.ActorName
	if name == "" {
		name = e.Actor
	}
	return &Signer{Name: name, Role: in.Roles[e.Actor]}
}

// regards is the signature of a letter sent by s.
func regards(in Input, w words, s *Signer) []string {
	if s == nil {
		return []string{w.T("letter.regards"), officeName(in)}
	}
	return []string{w.T("letter.regards"), s.Name, roleName(w, s.Role) + ", " + officeName(in)}
}

func applicationReceipt(in Input, w words) *content {
	cs := in.Case
	c := &content{title: w.T("receipt.heading"), date: cs.SubmittedAt, to: recipient(in)}
	c.field(w.T("receipt.ref"), cs.ID)
	c.field(w.T("receipt.sent"), w.DateTime(cs.SubmittedAt))
	c.field(w.T("receipt.office"), cs.Office.Name)
	c.field(w.T("receipt.files"), strconv.Itoa(len(cs.Files)))
	for _, f := range cs.Files {
		c.item(f.Name)
	}
	c.heading(w.T("receipt.next.heading"))
	c.numbered(1, w.T("receipt.next.conversation"))
	c.numbered(2, w.T("receipt.next.interim", "Date", w.Date(cs.InterimReplyDue)))
	c.numbered(3, w.T("receipt.next.decision", "Months", in.StartMonths))
	c.para(w.T("receipt.follow"))
	return c
}

func conversationReceipt(in Input, w words) *content {
	cs := in.Case
	c := &content{title: w.T("conv.receipt.heading"), date: cs.SubmittedAt, to: recipient(in)}
	c.field(w.T("receipt.ref"), cs.ID)
	c.field(w.T("receipt.sent"), w.DateTime(cs.SubmittedAt))
	c.field(w.T("receipt.office"), cs.Office.Name)
	if m := cs.NextMeeting(); m != nil && cs.Status == casework.StatusBooked {
		c.heading(w.T("event.meetingBooked"))
		c.para(w.T("event.meeting.when", "Weekday", w.Weekday(m.At), "Date", w.DateTime(m.At)))
		c.para(w.T(casework.MeetingModeMessage(m.Mode)) + ": " + m.Place)
		if m.Message != "" {
			c.para(m.Message)
		}
	} else if cs.Status != casework.StatusRequested {
		c.para(w.T(cs.Status.MessageID()))
	}
	if r := cs.Conversation; r != nil {
		c.heading(w.T("conv.case.asked"))
		var times, modes []string
		for _, t := range r.PreferredTimes {
			times = append(times, w.T(casework.PreferredTimeMessage(t)))
		}
		for _, m := range r.Modes {
			modes = append(modes, w.T(casework.MeetingModeMessage(m)))
		}
		c.field(w.T("conv.times"), strings.Join(times, ", "))
		c.field(w.T("conv.modes"), strings.Join(modes, ", "))
		msg := r.Message
		if msg == "" {
			msg = w.T("check.notgiven")
		}
		c.field(w.T("conv.message"), msg)
	}
	c.heading(w.T("receipt.next.heading"))
	if cs.Conversation != nil && cs.Conversation.LoggedIn {
		c.para(w.T("conv.receipt.next.loggedin"))
	} else {
		c.para(w.T("conv.receipt.next.anon"))
	}
	c.para(w.T("conv.receipt.apply"))
	return c
}

// application is the application as it was sent: every answer and the
// documents attached to it.
func application(in Input, w words) *content {
	cs := in.Case
	a := cs.Answers
	v := func(id string, args ...any) string { return w.voice(in.Staff, id, args...) }
	notGiven := func(s string) string {
		if s == "" {
			return v("check.notgiven")
		}
		return s
	}
	c := &content{title: w.T("case.heading"), date: cs.SubmittedAt}
	c.field(w.T("receipt.ref"), cs.ID)
	c.field(w.T("receipt.sent"), w.DateTime(cs.SubmittedAt))
	c.field(w.T("receipt.office"), cs.Office.Name)

	c.heading(v("check.section.you"))
	c.field(v("check.name"), cs.Owner.Name)
	c.field(v("check.phone"), a.Contact.Phone)
	c.field(v("check.email"), notGiven(a.Contact.Email))
	address := strings.TrimSpace(a.Contact.Street + "\n" + a.Contact.PostalCode + " " + a.Contact.PostalTown)
	muni := a.Residence.Municipality
	if o := in.Office; o != nil && o.Municipality == muni {
		muni = o.MunicipalityName + " (" + o.Municipality + ")\n" + o.Name
	}
	if cs.Protected != "" {
		// A protected address is never printed, and for a strictly
		// confidential one neither is the municipality, which tells where
		// the person lives.
		address = w.T("letter.address.protected")
		if cs.Protected != "fortrolig" {
			muni = address
		}
	}
	c.field(v("check.address"), address)
	c.field(v("check.municipality"), muni)

	c.heading(v("check.section.situation"))
	var income []string
	for _, s := range a.Situation.IncomeSources {
		income = append(income, w.T("opt.income."+s))
	}
	incomeText := strings.Join(income, ", ")
	if a.Situation.IncomeOther != "" {
		incomeText += "\n" + a.Situation.IncomeOther
	}
	c.field(v("check.income"), incomeText)
	c.field(v("check.work"), a.Situation.WorkExperience)
	education := ""
	if a.Situation.Education != "" {
		education = w.T("opt.education." + a.Situation.Education)
	}
	c.field(v("check.education"), education)
	c.field(v("check.tried"), notGiven(a.Situation.TriedBefore))
	c.field(v("check.goal"), a.Goals.Goal)
	c.field(v("check.support"), notGiven(a.Goals.Support))

	c.heading(v("check.section.family"))
	children := v("check.children.none")
	if a.Children.HasChildren {
		var ages []string
		for _, n := range a.Children.Ages {
			ages = append(ages, strconv.Itoa(n))
		}
		children = v("check.children.ages", "Count", len(a.Children.Ages)) + " " + strings.Join(ages, ", ")
	}
	c.field(v("check.children"), children)
	housing := ""
	if a.Housing.Situation != "" {
		housing = w.T("opt.housing." + a.Housing.Situation)
	}
	if a.Housing.MonthlyCost > 0 {
		housing += "\n" + v("check.housing.cost", "Amount", w.Amount(a.Housing.MonthlyCost))
	}
	c.field(v("check.housing"), strings.TrimSpace(housing))
	var consent []string
	if a.Consent.ObtainInformation {
		consent = append(consent, v("check.consent.given"))
	}
	if a.Consent.Declaration {
		consent = append(consent, v("check.declaration.given"))
	}
	c.field(v("check.consent"), strings.Join(consent, "\n"))

	c.heading(v("files.heading"))
	if len(cs.Files) == 0 {
		c.para(v("files.none"))
	}
	for _, f := range cs.Files {
		c.item(f.Name)
	}
	return c
}

func documentRequest(in Input, w words, e casework.Event) *content {
	r := e.Request
	c := &content{title: w.T("case.docs.heading", "Date", w.Date(r.Deadline)), date: e.At, to: recipient(in)}
	c.heading(w.T("letter.docs.what"))
	c.para(r.Documents)
	c.heading(strings.TrimSuffix(strings.TrimSpace(w.T("event.documents.why")), ":"))
	c.para(r.Reason)
	c.heading(w.T("letter.docs.deadline", "Date", w.Date(r.Deadline)))
	c.para(w.T("letter.docs.how"))
	c.sign = regards(in, w, signerOf(in, e))
	return c
}

func interimReply(in Input, w words, e casework.Event, appeal bool) *content {
	i := e.Interim
	title, expected := w.T("interim.letter.heading"), w.T("event.interim.expected", "Date", w.Date(i.ExpectedBy))
	if appeal {
		title, expected = w.T("interim.letter.appeal.heading"), w.T("appeal.interim.expected", "Date", w.Date(i.ExpectedBy))
	}
	c := &content{title: title, date: e.At, to: recipient(in)}
	c.muted(w.T("interim.letter.date", "Date", w.Date(e.At), "Office", officeName(in)))
	c.para(w.T("interim.letter.law"))
	c.heading(w.T("interim.letter.why"))
	c.para(i.Reason)
	c.heading(w.T("interim.letter.when"))
	c.para(expected)
	c.sign = regards(in, w, signerOf(in, e))
	return c
}

// decision is the decision letter (forvaltningsloven §§ 24, 25 and 27):
// the result, the programme period and the amounts, the rules, the facts
// and the main considerations, the appeal information with the deadline,
// the appeal body and the right to see the documents, and who decided.
func decision(in Input, w words, e casework.Event, d *casework.Decision) *content {
	title := w.T("decision.heading", "Outcome", w.T(d.Outcome.MessageID()))
	if d.Extension {
		title = w.T("decision.extension.heading")
	}
	c := &content{title: title, date: d.MadeAvailableAt, to: recipient(in)}
	c.muted(w.T("decision.date", "Date", w.Date(d.MadeAvailableAt)))
	basis := func(b casework.Benefit) string {
		s := w.T("info.pay.basis", "Factor", w.G(b.FactorThousandths), "G", w.Amount(b.G), "Date", w.Date(b.GFrom))
		if b.Reduced {
			s += " " + w.T("calc.result.reduced", "Share", w.Share(b.Share, b.SharePer))
		}
		return s
	}
	amounts := func(b casework.Benefit) string {
		s := w.T("decision.benefit.text", "Yearly", w.Amount(b.Yearly), "Monthly", w.Amount(b.Monthly))
		if b.Children > 0 {
			s += " " + w.T("decision.benefit.child", "Yearly", w.Amount(b.ChildYearly), "Count", b.Children)
		}
		return s
	}
	if d.Granted() {
		c.heading(w.T("decision.period"))
		c.para(w.T("decision.period.text", "Start", w.Date(d.Start), "End", w.Date(d.End)))
		switch {
		case len(d.Periods) == 1:
			c.heading(w.T("decision.benefit"))
			c.para(amounts(d.Periods[0].Benefit))
			c.muted(basis(d.Periods[0].Benefit))
			c.muted(w.T("decision.periods.g"))
		case len(d.Periods) > 1:
			c.heading(w.T("decision.benefit"))
			c.para(w.T("decision.periods.intro"))
			for _, p := range d.Periods {
				text := w.T("decision.periods.span", "From", w.Date(p.From), "To", w.Date(p.To))
				if p.Turns25 {
					text += "\n" + w.T("decision.periods.turns25")
				}
				c.item(text + "\n" + amounts(p.Benefit) + "\n" + basis(p.Benefit))
			}
			c.muted(w.T("decision.periods.g"))
		case d.Benefit != nil:
			c.heading(w.T("decision.benefit"))
			c.para(amounts(*d.Benefit))
			c.muted(basis(*d.Benefit))
		}
	}
	c.heading(w.T("decision.rules"))
	c.para(d.Rules)
	c.heading(w.T("decision.facts"))
	c.para(d.Facts)
	c.heading(w.T("decision.considerations"))
	c.para(d.Considerations)
	c.heading(w.T("decision.appeal.heading"))
	if d.AppealDeadline.IsZero() {
		c.para(w.T("decision.appeal.text.notstarted", "Body", w.T("decision.appeal.body")))
	} else {
		c.para(w.T("decision.appeal.text", "Date", w.Date(d.AppealDeadline), "Body", w.T("decision.appeal.body")))
	}
	c.para(w.T("decision.appeal.how"))
	c.para(w.T("decision.appeal.access"))
	if s := signerOf(in, e); s != nil {
		c.sign = []string{w.T("letter.decidedby", "Name", s.Name, "Role", roleName(w, s.Role), "Office", officeName(in))}
	}
	return c
}

// appealLetter is the receipt for an appeal (receipt) or the appeal
// itself as the party sent it, for Statsforvalteren.
func appealLetter(in Input, w words, a *casework.Appeal, receipt bool) *content {
	cs := in.Case
	title := w.T("bundle.appeal")
	if receipt {
		title = w.T("appeal.receipt.heading")
	}
	c := &content{title: title, date: a.SubmittedAt, to: recipient(in)}
	if !receipt {
		c.to = nil
		c.field(w.T("bundle.party"), cs.Owner.Name)
	}
	c.field(w.T("receipt.ref"), a.ID)
	c.para(w.T("letter.appeal.concerns", "Date", w.Date(a.DecisionAt), "Ref", cs.ID))
	c.field(w.T("receipt.sent"), w.DateTime(a.SubmittedAt))
	c.field(w.T("receipt.office"), cs.Office.Name)
	if a.Late {
		c.field(w.T("appeal.late"), w.T("appeal.receipt.late"))
	}
	c.para(w.T("appeal.receipt.signature"))
	if receipt {
		c.heading(w.T("receipt.next.heading"))
		c.numbered(1, w.T("appeal.receipt.next1"))
		c.numbered(2, w.T("appeal.receipt.next2", "Date", w.Date(a.InterimDue)))
		c.numbered(3, w.T("appeal.receipt.next3"))
		c.heading(w.T("appeal.yours"))
	} else {
		c.heading(w.T("bundle.appeal"))
	}
	if r := a.Representative; r != nil {
		c.field(w.T("appeal.who"), w.T("appeal.check.rep", "Name", r.Name))
	}
	c.heading(w.T("appeal.change"))
	c.para(a.Change)
	c.heading(w.T("appeal.reasons"))
	reasons := a.Reasons
	if reasons == "" {
		reasons = w.T("check.notgiven")
	}
	c.para(reasons)
	if a.Late {
		c.heading(w.T("appeal.latereason"))
		c.para(a.LateReason)
	}
	c.heading(w.T("letter.appeal.files"))
	if len(a.Files) == 0 && a.Representative == nil {
		c.para(w.voice(in.Staff, "files.none"))
	}
	if r := a.Representative; r != nil {
		c.item(w.T("appeal.poa.heading") + ": " + r.PowerOfAttorney.Name)
	}
	for _, f := range a.Files {
		c.item(f.Name)
	}
	return c
}

// summary is the office's summary of an upheld appeal, sent to the party
// for comments before the case goes to Statsforvalteren.
func summary(in Input, w words, a *casework.Appeal) *content {
	s := a.Summary
	c := &content{title: w.T("appeal.summary.heading"), date: s.PreparedAt, to: recipient(in)}
	c.field(w.T("receipt.ref"), a.ID)
	c.para(w.T("letter.appeal.concerns", "Date", w.Date(a.DecisionAt), "Ref", in.Case.ID))
	c.para(w.T("appeal.summary.intro"))
	c.heading(w.T("appeal.summary.facts"))
	c.para(s.Facts)
	c.heading(w.T("appeal.summary.assessment"))
	c.para(s.Assessment)
	c.heading(w.T("appeal.summary.arguments"))
	c.para(s.Arguments)
	c.heading(w.T("appeal.comment.heading", "Date", w.Date(s.CommentDeadline)))
	c.para(w.T("letter.summary.how"))
	c.sign = regards(in, w, signerOf(in, appealEvent(in.Case, casework.EventAppealSummary, a.ID)))
	return c
}

// comments are the party's comments on the summary.
func comments(in Input, w words, a *casework.Appeal) *content {
	c := &content{title: w.T("bundle.comments"), date: in.Now}
	c.field(w.T("bundle.party"), in.Case.Owner.Name)
	c.field(w.T("receipt.ref"), a.ID)
	if len(a.Comments) == 0 {
		c.para(w.T("bundle.nocomments"))
	}
	for _, cm := range a.Comments {
		c.heading(w.T("staff.appeal.comment", "Date", w.DateTime(cm.At)))
		c.para(cm.Text)
	}
	return c
}

// overview is Statsforvalteren's overview of the appeal case: the party,
// the office, the decision appealed, the appeal and its steps, and the
// documents in the bundle.
func overview(in Input, w words, a *casework.Appeal) *content {
	cs := in.Case
	c := &content{title: w.T("bundle.title", "Ref", cs.ID, "Appeal", a.ID), date: in.Now, to: []string{w.T("decision.appeal.body")}}
	c.field(w.T("bundle.party"), fmt.Sprintf("%s (%s)", cs.Owner.Name, cs.Owner.NationalID))
	c.field(w.T("bundle.office"), officeName(in))
	for _, d := range cs.Decisions() {
		if d.MadeAvailableAt.Equal(a.DecisionAt) {
			c.field(w.T("letter.overview.decision"), w.T("letter.overview.decision.value", "Outcome", w.T(d.Outcome.MessageID()), "Date", w.Date(d.MadeAvailableAt)))
		}
	}
	c.field(w.T("letter.overview.received"), w.DateTime(a.SubmittedAt))
	switch {
	case a.Late:
		c.field(w.T("appeal.late"), w.T("letter.overview.late", "Date", w.Date(a.Deadline)))
		c.field(w.T("appeal.latereason"), a.LateReason)
	case !a.Deadline.IsZero():
		c.para(w.T("letter.overview.intime", "Date", w.Date(a.Deadline)))
	}
	if r := a.Representative; r != nil {
		c.field(w.T("appeal.who"), w.T("appeal.check.rep", "Name", r.Name))
	}
	if a.OfficeResult != "" {
		c.field(w.T("letter.overview.result"), w.T(a.OfficeResult.MessageID()))
	}
	if s := a.Summary; s != nil {
		c.field(w.T("staff.appeal.commentdeadline"), w.Date(s.CommentDeadline))
	}
	c.field(w.T("bundle.comments"), strconv.Itoa(len(a.Comments)))
	if !a.ForwardedAt.IsZero() {
		c.field(w.T("appeal.status.forwarded"), w.Date(a.ForwardedAt))
	}
	c.heading(w.T("letter.overview.contents"))
	for _, d := range in.Documents {
		c.item(d.Name + " – " + d.Title)
	}
	if in.Sender != nil {
		c.sign = regards(in, w, in.Sender)
	}
	return c
}

// appealEvent returns the latest event of type t on appeal id.
func appealEvent(cs *casework.Case, t casework.EventType, id string) casework.Event {
	for i := len(cs.Events) - 1; i >= 0; i-- {
		if e := cs.Events[i]; e.Type == t && e.Text == id {
			return e
		}
	}
	return casework.Event{}
}
