// Package forms binds and validates what people type. One type per form:
// bind from the posted values, validate with validator/v10, and return the
// errors per field as message ids, so that the page shows each message next
// to its field in the person's language, with what they typed kept.
package forms

import (
	"net/url"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"

	"kvp/casework"
)

// Errors are a form's problems, in the order of the fields on the page:
// each an EINVALID *casework.Error naming its field and the message id of
// its text (the one error type of the portal).
type Errors []*casework.Error

// For returns the first error for field, if any.
func (e Errors) For(field string) (*casework.Error, bool) {
	for _, x := range e {
		if x.Field == field {
			return x, true
		}
	}
	return nil, false
}

// RuleError is the error for field breaking rule in form. Its message is
// the form's own for the rule, "err.<form>.<field>.<rule>", when there is
// one; else the rule's general one, "err.<rule>"; else "err.invalid"
// (both lists are in messages.go).
func RuleError(form, field, rule string) *casework.Error {
	id := "err." + form + "." + field + "." + rule
	switch {
	case ruleMessages[id]:
	case generalRuleMessages["err."+rule]:
		id = "err." + rule
	default:
		id = "err.invalid"
	}
	return casework.Invalid(field, id)
}

// Has reports whether field has an error.
func (e Errors) Has(field string) bool {
	_, ok := e.For(field)
	return ok
}

var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		if n := f.Tag.Get("form"); n != "" {
			return n
		}
		return f.Name
	})
	// The allowed values come from the domain's lists: a new option is
	// added in casework and nowhere else. An alias expands to oneof, so an
	// error keeps the key of a oneof error (check uses ActualTag).
	for alias, values := range map[string][]string{
		"incomesource":  casework.IncomeSources,
		"education":     casework.EducationLevels,
		"housing":       casework.HousingSituations,
		"meetingmode":   casework.MeetingModes,
		"preferredtime": casework.PreferredTimes,
		"outcome":       strs(casework.Outcomes),
		"bodyoutcome":   strs(casework.BodyOutcomes),
		"appealresult":  strs(casework.ReversalResults),
	} {
		v.RegisterAlias(alias, "oneof="+strings.Join(values, " "))
	}
	_ = v.RegisterValidation("phone", func(fl validator.FieldLevel) bool { return validPhone(fl.Field().String()) })
	_ = v.RegisterValidation("postalcode", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return len(s) == 4 && strings.Trim(s, "0123456789") == ""
	})
	return v
}

// validPhone accepts Norwegian and international numbers: digits with
// optional spaces, an optional leading + and 8 to 15 digits.
func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// check validates f and returns its errors, including the binder's, sorted
// in the order of order (the fields as they appear on the page).
func check(form string, f any, bindErrs Errors, order []string) Errors {
	errs := append(Errors{}, bindErrs...)
	if err := validate.Struct(f); err != nil {
		if ve, ok := err.(validator.ValidationErrors); ok {
			for _, fe := range ve {
				field := fe.Field()
				if errs.Has(field) {
					continue
				}
				errs = append(errs, RuleError(form, field, fe.ActualTag()))
			}
		} else {
			errs = append(errs, casework.Invalid(order[0], "err.invalid"))
		}
	}
	pos := map[string]int{}
	for i, f := range order {
		pos[f] = i
	}
	sort.SliceStable(errs, func(i, j int) bool { return pos[errs[i].Field] < pos[errs[j].Field] })
	return errs
}

// binder reads posted values. It accepts each field at most once, refuses
// control characters and invalid UTF-8, and trims surrounding space. Field
// names with operators or brackets are never read, so they are ignored.
type binder struct {
	form string
	v    url.Values
	errs Errors
}

func newBinder(form string, v url.Values) *binder { return &binder{form: form, v: v} }

func (b *binder) fail(field, rule string) {
	if !b.errs.Has(field) {
		b.errs = append(b.errs, RuleError(b.form, field, rule))
	}
}

// text reads a single-line field.
func (b *binder) text(field string) string { return b.read(field, false) }

// multiline reads a textarea, keeping line breaks.
func (b *binder) multiline(field string) string { return b.read(field, true) }

func (b *binder) read(field string, multiline bool) string {
	vals := b.v[field]
	if len(vals) == 0 {
		return ""
	}
	if len(vals) > 1 {
		b.fail(field, "invalid")
	}
	s := vals[0]
	if !utf8.ValidString(s) {
		b.fail(field, "invalid")
		return ""
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		if r == '\n' && multiline || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			b.fail(field, "invalid")
			return stripControl(s)
		}
	}
	return strings.TrimSpace(s)
}

// list reads a field that may have several values (checkboxes).
func (b *binder) list(field string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range b.v[field] {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		if !utf8.ValidString(s) || len(s) > 64 {
			b.fail(field, "invalid")
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

func stripControl(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' {
			return -1
		}
		return r
	}, s)
}
