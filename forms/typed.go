package forms

import (
	"slices"

	"kvp/casework"
)

// Typed is one value as typed in a staff form, for showing it read-only
// when the form is no longer offered (the case changed meanwhile): Label
// is the message id of the field's label, and ValueKey, for a choice
// among the domain's options, the message id of the chosen option.
type Typed struct {
	Label    string
	Value    string
	ValueKey string
}

// typedList builds a form's Typed values in the order its form shows them.
type typedList []Typed

func (l typedList) add(label, value string) typedList {
	return append(l, Typed{Label: label, Value: value})
}

// choice adds a chosen option, named by its message (message) when it is
// one of options (anything else is shown as it was sent).
func choice[T ~string](l typedList, label, value string, options []T, message func(T) string) typedList {
	t := Typed{Label: label, Value: value}
	if slices.Contains(options, T(value)) {
		t.ValueKey = message(T(value))
	}
	return append(l, t)
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Typed lists what was typed in the note.
func (f Note) Typed() []Typed { return typedList{}.add("staff.action.note.text", f.Text) }

// Typed lists what was typed in the booking form.
func (f MeetingForm) Typed() []Typed {
	l := typedList{}.add("staff.action.meeting.date", f.Date).add("staff.action.meeting.time", f.Time)
	return choice(l, "staff.action.meeting.mode", f.Mode, casework.MeetingModes, casework.MeetingModeMessage).
		add("staff.action.meeting.place", f.Place).add("staff.action.meeting.message", f.Message)
}

// Typed lists what was typed in the closing note.
func (f CloseForm) Typed() []Typed { return typedList{}.add("staff.conv.close.note", f.Note) }

// Typed lists what was typed in the request for documents.
func (f DocRequestForm) Typed() []Typed {
	return typedList{}.add("staff.action.docs.documents", f.Documents).add("staff.action.docs.reason", f.Reason).
		add("staff.action.docs.deadline", f.Deadline)
}

// Typed lists what was typed in the interim reply.
func (f InterimForm) Typed() []Typed {
	return typedList{}.add("staff.action.interim.reason", f.Reason).add("staff.action.interim.expected", f.ExpectedBy)
}

// Typed lists what was typed in the decision.
func (f DecisionForm) Typed() []Typed {
	return choice(typedList{}, "staff.action.decision.outcome", f.Outcome, casework.Outcomes, casework.Outcome.MessageID).
		add("staff.action.decision.rules", f.Rules).add("staff.action.decision.facts", f.Facts).
		add("staff.action.decision.considerations", f.Considerations).add("staff.action.decision.start", f.Start).
		add("staff.action.decision.end", f.End).add("staff.action.decision.birthDate", f.BirthDate)
}

// Typed lists what was typed in the extension.
func (f ExtensionForm) Typed() []Typed {
	return typedList{}.add("staff.action.extend.end", f.End).add("staff.action.decision.rules", f.Rules).
		add("staff.action.decision.facts", f.Facts).add("staff.action.decision.considerations", f.Considerations)
}

// Typed lists what was typed in the reversal on appeal.
func (f ReversalForm) Typed() []Typed {
	return append(choice(typedList{}, "staff.appeal.result", f.Result, casework.ReversalResults, casework.AppealResult.MessageID),
		f.DecisionForm.Typed()...)
}

// Typed lists what was typed in the summary.
func (f SummaryForm) Typed() []Typed {
	return typedList{}.add("appeal.summary.facts", f.Facts).add("appeal.summary.assessment", f.Assessment).
		add("appeal.summary.arguments", f.Arguments).add("staff.appeal.commentdeadline", f.CommentDeadline)
}

// Typed lists what was typed in Statsforvalteren's result.
func (f BodyResultForm) Typed() []Typed {
	return choice(typedList{}, "staff.appeal.bodyresult", f.Outcome, casework.BodyOutcomes, casework.BodyOutcome.MessageID).
		add("staff.appeal.bodynote", f.Note)
}
