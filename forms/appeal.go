package forms

import (
	"net/url"

	"kvp/casework"
)

// AppealForm is the appeal: the change wanted and why, whether the person
// appeals for themselves or as an authorised representative, and, when the
// deadline has passed, why the appeal is late (forvaltningsloven § 31).
type AppealForm struct {
	Change     string `form:"change" validate:"required,max=500"`
	Reasons    string `form:"reasons" validate:"max=1000"`
	Who        string `form:"who" validate:"required,oneof=self representative"`
	RepName    string `form:"repName" validate:"max=100"`
	LateReason string `form:"lateReason" validate:"max=1000"`
}

// BindAppeal reads and validates the appeal; late says whether the
// deadline has passed, which makes the late reason required.
func BindAppeal(v url.Values, late bool) (AppealForm, Errors) {
	b := newBinder("appeal", v)
	f := AppealForm{Change: b.multiline("change"), Reasons: b.multiline("reasons"), Who: b.text("who"), RepName: b.text("repName"), LateReason: b.multiline("lateReason")}
	if f.Who == "representative" && f.RepName == "" {
		b.fail("repName", "required")
	}
	if late && f.LateReason == "" {
		b.fail("lateReason", "required")
	}
	return f, check("appeal", f, b.errs, []string{"lateReason", "who", "repName", "change", "reasons"})
}

// Draft converts the form to the stored draft, keeping its files.
func (f AppealForm) Draft(id string, old *casework.AppealDraft) *casework.AppealDraft {
	d := &casework.AppealDraft{ID: id, Change: f.Change, Reasons: f.Reasons, LateReason: f.LateReason, Files: []casework.FileRef{}}
	if f.Who == "representative" {
		d.Representative = f.RepName
	}
	if old != nil {
		d.Files, d.PowerOfAttorney = old.Files, old.PowerOfAttorney
		if d.Representative == "" {
			d.PowerOfAttorney = nil
		}
	}
	return d
}

// AppealFormFrom fills the form from a draft.
func AppealFormFrom(d *casework.AppealDraft) AppealForm {
	if d == nil {
		return AppealForm{}
	}
	f := AppealForm{Change: d.Change, Reasons: d.Reasons, LateReason: d.LateReason, Who: "self"}
	if d.Representative != "" {
		f.Who, f.RepName = "representative", d.Representative
	}
	return f
}

// Comment is the party's comment on the office's summary.
type Comment struct {
	Text string `form:"comment" validate:"required,max=2000"`
}

// BindComment reads a comment.
func BindComment(v url.Values) (Comment, Errors) {
	b := newBinder("comment", v)
	f := Comment{Text: b.multiline("comment")}
	return f, check("comment", f, b.errs, []string{"comment"})
}

// SummaryForm is the office's summary when it upholds its decision.
type SummaryForm struct {
	Facts           string `form:"sumFacts" validate:"required,max=8000"`
	Assessment      string `form:"sumAssessment" validate:"required,max=8000"`
	Arguments       string `form:"sumArguments" validate:"required,max=8000"`
	CommentDeadline string `form:"commentDeadline" validate:"required"`
	deadline        casework.AppealSummary
}

// BindSummary reads the summary form.
func BindSummary(v url.Values) (SummaryForm, Errors) {
	b := newBinder("summary", v)
	f := SummaryForm{Facts: b.multiline("sumFacts"), Assessment: b.multiline("sumAssessment"), Arguments: b.multiline("sumArguments"), CommentDeadline: b.text("commentDeadline")}
	if f.CommentDeadline != "" {
		f.deadline.CommentDeadline = b.date("commentDeadline", true)
	}
	return f, check("summary", f, b.errs, []string{"sumFacts", "sumAssessment", "sumArguments", "commentDeadline"})
}

// Summary converts the form.
func (f SummaryForm) Summary() casework.AppealSummary {
	return casework.AppealSummary{Facts: f.Facts, Assessment: f.Assessment, Arguments: f.Arguments, CommentDeadline: f.deadline.CommentDeadline}
}

// ReversalForm changes the decision on appeal: the result and the new
// decision.
type ReversalForm struct {
	Result string `form:"result" validate:"required,appealresult"`
	DecisionForm
}

// BindReversal reads the reversal form.
func BindReversal(v url.Values) (ReversalForm, Errors) {
	d, errs := BindDecision(v)
	b := newBinder("reversal", v)
	f := ReversalForm{Result: b.text("result"), DecisionForm: d}
	return f, check("reversal", f, append(b.errs, errs...), []string{"result", "outcome", "rules", "facts", "considerations", "start", "end"})
}

// BodyResultForm records Statsforvalteren's result; the letter is a file
// posted with it.
type BodyResultForm struct {
	Outcome string `form:"bodyOutcome" validate:"required,bodyoutcome"`
	Note    string `form:"bodyNote" validate:"max=2000"`
}

// BindBodyResult reads Statsforvalteren's result.
func BindBodyResult(v url.Values) (BodyResultForm, Errors) {
	b := newBinder("body", v)
	f := BodyResultForm{Outcome: b.text("bodyOutcome"), Note: b.multiline("bodyNote")}
	return f, check("body", f, b.errs, []string{"bodyOutcome", "bodyNote", "letter"})
}

// dismissal is the reason an appeal is dismissed, with its own messages
// ("err.appeal.dismissReason.<rule>").
type dismissal struct {
	DismissReason string `form:"dismissReason" validate:"required,max=4000"`
}

// BindDismissal reads the reason for dismissing an appeal (field
// dismissReason) as a Note.
func BindDismissal(v url.Values) (Note, Errors) {
	b := newBinder("appeal", v)
	d := dismissal{DismissReason: b.multiline("dismissReason")}
	return Note{Text: d.DismissReason}, check("appeal", d, b.errs, []string{"dismissReason"})
}
