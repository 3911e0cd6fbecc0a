package casework

import "errors"

// Error codes: what kind of problem an Error is. The web layer maps each
// code to one HTTP status (handlers/errors.go), and an error with a field
// to that field's message on the form (forms.Errors).
const (
	// EINVALID: what was typed or asked for breaks a rule.
	EINVALID = "invalid"
	// ECONFLICT: the thing changed since it was shown, or the case or
	// appeal is no longer open for it.
	ECONFLICT = "conflict"
	// ENOTFOUND: there is no such thing, or the person may not see it.
	ENOTFOUND = "not_found"
	// EFORBIDDEN: the request is refused as a whole (a stale form token, a
	// login the portal does not accept).
	EFORBIDDEN = "forbidden"
	// ETOOLARGE: the request is larger than the portal takes.
	ETOOLARGE = "too_large"
	// ETOOMANY: too many requests of one kind in a short time.
	ETOOMANY = "too_many"
	// EUNAVAILABLE: a service the portal needs cannot be reached now.
	EUNAVAILABLE = "unavailable"
	// EINTERNAL: anything else; the details go to the log only.
	EINTERNAL = "internal"
)

// Error is the portal's one error type for problems a person may be told
// about: Code says what kind of problem it is, Field the form field it is
// about ("" for the page or action as a whole), and Message the message id
// of its text. Only Message is ever shown; other errors are internal.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Code + ": " + e.Field + ": " + e.Message
	}
	return e.Code + ": " + e.Message
}

// Invalid is an EINVALID error on field with the message id message.
func Invalid(field, message string) *Error {
	return &Error{Code: EINVALID, Field: field, Message: message}
}

// AsError returns err as an *Error if it is (or wraps) one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// ErrorCode is the code of err: "" for nil, EINTERNAL for an error that
// is not an *Error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := AsError(err); ok {
		return e.Code
	}
	return EINTERNAL
}

// refuse is the domain refusing an action because of what was typed in
// field (or, with field "appeal", because of the appeal's state).
func refuse(field, key string) error { return Invalid(field, key) }

// ErrClosed is returned for an action on a case (or an appeal) that is no
// longer open for it.
var ErrClosed error = &Error{Code: ECONFLICT, Message: "err.action.closed"}
