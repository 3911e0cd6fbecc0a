package forms

import (
	"net/url"

	"kvp/casework"
)

// Conversation is the request for a conversation. Name and contact are
// typed only by someone not logged in; a logged-in person's come from the
// login and from what they type here.
type Conversation struct {
	Name           string   `form:"name" validate:"max=100"`
	Phone          string   `form:"phone" validate:"omitempty,max=20,phone"`
	Email          string   `form:"email" validate:"omitempty,max=254,email"`
	Municipality   string   `form:"municipality" validate:"required,max=5"`
	PreferredTimes []string `form:"times" validate:"required,min=1,max=3,dive,preferredtime"`
	Modes          []string `form:"modes" validate:"required,min=1,max=3,dive,meetingmode"`
	Message        string   `form:"message" validate:"max=500"`
	// Token makes a double submit create one request.
	Token string `form:"token" validate:"required,len=32,hexadecimal"`
}

// BindConversation reads and validates the request. loggedIn decides
// whether a name is needed; either a phone number or an e-mail is always
// needed, so the office can reach the person.
func BindConversation(v url.Values, loggedIn bool) (Conversation, Errors) {
	b := newBinder("conversation", v)
	f := Conversation{
		Name: b.text("name"), Phone: b.text("phone"), Email: b.text("email"),
		Municipality: b.text("municipality"), PreferredTimes: b.list("times"), Modes: b.list("modes"),
		Message: b.multiline("message"), Token: b.text("token"),
	}
	if !loggedIn && f.Name == "" {
		b.fail("name", "required")
	}
	if f.Phone == "" && f.Email == "" {
		b.fail("phone", "contact")
	}
	// The honeypot field is hidden from people; a value in it is a robot.
	if v.Get("website") != "" {
		b.fail("message", "robot")
	}
	return f, check("conversation", f, b.errs, []string{"name", "phone", "email", "municipality", "times", "modes", "message", "token"})
}

// Request converts the form.
func (f Conversation) Request(loggedIn bool, name string) casework.ConversationRequest {
	if loggedIn {
		f.Name = name
	}
	return casework.ConversationRequest{Name: f.Name, Phone: f.Phone, Email: f.Email, PreferredTimes: f.PreferredTimes, Modes: f.Modes, Message: f.Message, LoggedIn: loggedIn}
}

// CloseForm closes a conversation request with a note to the person.
type CloseForm struct {
	Note string `form:"closeNote" validate:"max=1000"`
}

// BindClose reads the close form.
func BindClose(v url.Values) (CloseForm, Errors) {
	b := newBinder("close", v)
	f := CloseForm{Note: b.multiline("closeNote")}
	return f, check("close", f, b.errs, []string{"closeNote"})
}
