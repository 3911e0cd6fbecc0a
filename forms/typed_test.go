package forms_test

import (
	"net/url"
	"testing"

	"kvp/casework"
	"kvp/forms"
)

// The options a form accepts are the domain's lists: every value in them
// passes, and anything else is refused with the oneof message.
func TestChoicesComeFromTheDomainLists(t *testing.T) {
	for _, m := range casework.MeetingModes {
		_, errs := forms.BindMeeting(url.Values{"mode": {m}})
		if errs.Has("mode") {
			t.Errorf("meeting mode %q refused", m)
		}
	}
	_, errs := forms.BindMeeting(url.Values{"mode": {"brevdue"}})
	if fe, ok := errs.For("mode"); !ok || fe.Message != "err.oneof" {
		t.Errorf("an unknown meeting mode: %+v, want err.oneof", fe)
	}
	for _, o := range casework.Outcomes {
		if _, errs := forms.BindDecision(url.Values{"outcome": {string(o)}}); errs.Has("outcome") {
			t.Errorf("outcome %q refused", o)
		}
	}
	if _, errs := forms.BindDecision(url.Values{"outcome": {"kanskje"}}); !errs.Has("outcome") {
		t.Error("an unknown outcome was accepted")
	}
	for _, o := range casework.BodyOutcomes {
		if _, errs := forms.BindBodyResult(url.Values{"bodyOutcome": {string(o)}}); errs.Has("bodyOutcome") {
			t.Errorf("Statsforvalteren's outcome %q refused", o)
		}
	}
}

// An error's message is its own if the messages have it, else its rule's,
// else the general one: no error is shown without a text.
func TestRuleErrorMessage(t *testing.T) {
	for _, tc := range []struct {
		form, field, rule string
		want              string
	}{
		{"note", "text", "required", "err.note.text.required"},
		{"nosuchform", "text", "max", "err.max"},
		{"nosuchform", "text", "nosuchrule", "err.invalid"},
	} {
		e := forms.RuleError(tc.form, tc.field, tc.rule)
		if e.Code != casework.EINVALID || e.Field != tc.field || e.Message != tc.want {
			t.Errorf("%s.%s.%s: %+v, want message %q", tc.form, tc.field, tc.rule, e, tc.want)
		}
	}
}
