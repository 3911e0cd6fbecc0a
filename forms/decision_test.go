package forms

import (
	"net/url"
	"testing"
	"time"
)

// The birth date on the decision form (asked for when the national
// identity number does not encode it) is read as a date on a grant; the
// domain decides whether it is needed.
func TestBindDecisionBirthDate(t *testing.T) {
	grant := func(birth string) url.Values {
		return url.Values{"outcome": {"granted"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}, "start": {"2027-01-04"}, "end": {"2029-01-04"}, "birthDate": {birth}}
	}
	for _, birth := range []string{"2002-02-10", "10.02.2002", "10.2.2002"} {
		f, errs := BindDecision(grant(birth))
		if len(errs) > 0 {
			t.Fatalf("%q: %v", birth, errs)
		}
		if d := f.Decision().BirthDate; d.Format(time.DateOnly) != "2002-02-10" || d.Location().String() != "Europe/Oslo" {
			t.Errorf("%q read as %v", birth, d)
		}
	}
	if f, errs := BindDecision(grant("")); len(errs) > 0 || !f.Decision().BirthDate.IsZero() {
		t.Errorf("no birth date: %v, %v", errs, f.Decision().BirthDate)
	}
	f, errs := BindDecision(grant("31.02.2002"))
	if e, ok := errs.For("birthDate"); !ok || e.Message != "err.decision.birthDate.date" || f.BirthDate != "31.02.2002" {
		t.Errorf("an impossible date: %+v (kept %q)", errs, f.BirthDate)
	}
	// A rejection has no benefit: what is in the field does not matter.
	reject := grant("nonsense")
	reject.Set("outcome", "rejected")
	if _, errs := BindDecision(reject); len(errs) > 0 {
		t.Errorf("rejection: %v", errs)
	}
}
