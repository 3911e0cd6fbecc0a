package forms

import (
	"net/url"
	"strings"
	"time"

	"kvp/casework"
)

// StaffLogin is the staff login form.
type StaffLogin struct {
	Email    string `form:"email" validate:"required,max=254,email"`
	Password string `form:"password" validate:"required,max=200"`
}

// BindStaffLogin reads the staff login form. The e-mail is lower-cased.
func BindStaffLogin(v url.Values) (StaffLogin, Errors) {
	b := newBinder("stafflogin", v)
	f := StaffLogin{Email: strings.ToLower(b.text("email")), Password: b.read("password", false)}
	return f, check("stafflogin", f, b.errs, []string{"email", "password"})
}

// Note is an internal note on a case.
type Note struct {
	Text string `form:"text" validate:"required,max=4000"`
}

// BindNote reads a note.
func BindNote(v url.Values) (Note, Errors) {
	b := newBinder("note", v)
	f := Note{Text: b.multiline("text")}
	return f, check("note", f, b.errs, []string{"text"})
}

// parseDate reads a date typed as YYYY-MM-DD (what <input type=date>
// sends) or DD.MM.YYYY (what people type where the browser has no picker).
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if d, err := time.ParseInLocation(layout, s, casework.Location()); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

func (b *binder) date(field string, required bool) time.Time {
	s := b.text(field)
	if s == "" {
		if required {
			b.fail(field, "required")
		}
		return time.Time{}
	}
	d, ok := parseDate(s)
	if !ok {
		b.fail(field, "date")
	}
	return d
}

// MeetingForm books a conversation.
type MeetingForm struct {
	Date    string `form:"meetingDate" validate:"required"`
	Time    string `form:"meetingTime" validate:"required"`
	Mode    string `form:"mode" validate:"required,meetingmode"`
	Place   string `form:"place" validate:"required,max=200"`
	Message string `form:"message" validate:"max=1000"`
	at      time.Time
}

// BindMeeting reads the meeting form.
func BindMeeting(v url.Values) (MeetingForm, Errors) {
	b := newBinder("meeting", v)
	f := MeetingForm{Date: b.text("meetingDate"), Time: b.text("meetingTime"), Mode: b.text("mode"), Place: b.text("place"), Message: b.multiline("message")}
	if f.Date != "" {
		d, ok := parseDate(f.Date)
		if !ok {
			b.fail("meetingDate", "date")
		} else if f.Time != "" {
			t, err := time.Parse("15:04", f.Time)
			if err != nil {
				b.fail("meetingTime", "time")
			} else {
				f.at = time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, casework.Location())
			}
		}
	}
	return f, check("meeting", f, b.errs, []string{"meetingDate", "meetingTime", "mode", "place", "message"})
}

// Meeting converts the form.
func (f MeetingForm) Meeting() casework.Meeting {
	return casework.Meeting{At: f.at, Mode: f.Mode, Place: f.Place, Message: f.Message}
}

// DocRequestForm asks for documentation.
type DocRequestForm struct {
	Documents string `form:"documents" validate:"required,max=1000"`
	Reason    string `form:"docReason" validate:"required,max=1000"`
	Deadline  string `form:"deadline" validate:"required"`
	deadline  time.Time
}

// BindDocRequest reads the documentation request form.
func BindDocRequest(v url.Values) (DocRequestForm, Errors) {
	b := newBinder("docrequest", v)
	f := DocRequestForm{Documents: b.multiline("documents"), Reason: b.multiline("docReason"), Deadline: b.text("deadline")}
	if f.Deadline != "" {
		f.deadline = b.date("deadline", true)
	}
	return f, check("docrequest", f, b.errs, []string{"documents", "docReason", "deadline"})
}

// Request converts the form.
func (f DocRequestForm) Request() casework.DocRequest {
	return casework.DocRequest{Documents: f.Documents, Reason: f.Reason, Deadline: f.deadline}
}

// InterimForm is the interim reply.
type InterimForm struct {
	Reason     string `form:"interimReason" validate:"required,max=2000"`
	ExpectedBy string `form:"expectedBy" validate:"required"`
	expected   time.Time
}

// BindInterim reads the interim reply form.
func BindInterim(v url.Values) (InterimForm, Errors) {
	b := newBinder("interim", v)
	f := InterimForm{Reason: b.multiline("interimReason"), ExpectedBy: b.text("expectedBy")}
	if f.ExpectedBy != "" {
		f.expected = b.date("expectedBy", true)
	}
	return f, check("interim", f, b.errs, []string{"interimReason", "expectedBy"})
}

// Interim converts the form.
func (f InterimForm) Interim() casework.Interim {
	return casework.Interim{Reason: f.Reason, ExpectedBy: f.expected}
}

// DecisionForm records a decision.
type DecisionForm struct {
	Outcome        string `form:"outcome" validate:"required,outcome"`
	Rules          string `form:"rules" validate:"required,max=4000"`
	Facts          string `form:"facts" validate:"required,max=8000"`
	Considerations string `form:"considerations" validate:"required,max=8000"`
	Start          string `form:"start"`
	End            string `form:"end"`
	// BirthDate is asked for only when the person's national identity
	// number does not encode the birth date (numbers issued from 2032);
	// whether it is needed, and its limits, are the domain's.
	BirthDate  string `form:"birthDate"`
	start, end time.Time
	birth      time.Time
}

// BindDecision reads the decision form. Start and end are required for a
// grant; the limits on them are the domain's (casework.Case.Decide). A
// birth date, when typed, must be a date.
func BindDecision(v url.Values) (DecisionForm, Errors) {
	b := newBinder("decision", v)
	f := DecisionForm{Outcome: b.text("outcome"), Rules: b.multiline("rules"), Facts: b.multiline("facts"), Considerations: b.multiline("considerations"), Start: b.text("start"), End: b.text("end"), BirthDate: b.text("birthDate")}
	granted := f.Outcome == string(casework.OutcomeGranted) || f.Outcome == string(casework.OutcomePartly)
	if granted {
		f.start = b.date("start", true)
		f.end = b.date("end", true)
		f.birth = b.date("birthDate", false)
	}
	return f, check("decision", f, b.errs, []string{"outcome", "rules", "facts", "considerations", "start", "end", "birthDate"})
}

// Decision converts the form.
func (f DecisionForm) Decision() casework.Decision {
	return casework.Decision{Outcome: casework.Outcome(f.Outcome), Rules: f.Rules, Facts: f.Facts, Considerations: f.Considerations, Start: f.start, End: f.end, BirthDate: f.birth}
}

// MoveMeeting is the citizen's request to move a meeting.
type MoveMeeting struct {
	Message string `form:"message" validate:"required,max=1000"`
}

// BindMoveMeeting reads the citizen's request to move a meeting.
func BindMoveMeeting(v url.Values) (MoveMeeting, Errors) {
	b := newBinder("move", v)
	f := MoveMeeting{Message: b.multiline("message")}
	return f, check("move", f, b.errs, []string{"message"})
}

// ExtensionForm extends a granted programme by a decision of its own.
type ExtensionForm struct {
	End            string `form:"newEnd" validate:"required"`
	Rules          string `form:"extRules" validate:"required,max=4000"`
	Facts          string `form:"extFacts" validate:"required,max=8000"`
	Considerations string `form:"extConsiderations" validate:"required,max=8000"`
	end            time.Time
}

// BindExtension reads the extension form.
func BindExtension(v url.Values) (ExtensionForm, Errors) {
	b := newBinder("extension", v)
	f := ExtensionForm{End: b.text("newEnd"), Rules: b.multiline("extRules"), Facts: b.multiline("extFacts"), Considerations: b.multiline("extConsiderations")}
	if f.End != "" {
		f.end = b.date("newEnd", true)
	}
	return f, check("extension", f, b.errs, []string{"newEnd", "extRules", "extFacts", "extConsiderations"})
}

// NewEnd is the validated new end date.
func (f ExtensionForm) NewEnd() time.Time { return f.end }

// Reasons are the extension decision's reasons.
func (f ExtensionForm) Reasons() casework.Decision {
	return casework.Decision{Rules: f.Rules, Facts: f.Facts, Considerations: f.Considerations}
}
