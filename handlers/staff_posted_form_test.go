package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// What was typed in a refused form comes back in that form only: the
// dismissal's reason and the internal note are both a text, but the
// reason typed for a dismissal stays out of the note.
func TestTypedValuesComeBackInThePostedFormOnly(t *testing.T) {
	e, sb := decided(t)
	id := sendSimpleAppeal(t, e)
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/vurder", url.Values{}), "/saksbehandler/saker/"+e.ref)
	reason := strings.Repeat("x", 4001)
	p := staffPost(t, e, sb, "/klage/"+id+"/avvis", url.Values{"dismissReason": {reason}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#dismissReason-error").Length() != 1 {
		t.Fatal("a reason over 4000 characters was accepted")
	}
	if got := p.Doc.Find("details#action-klage-avvis[open] textarea#dismissReason").Text(); got != reason {
		t.Errorf("dismissal reason not kept: %d characters", len(got))
	}
	if got := p.Doc.Find("textarea#text").Text(); got != "" {
		t.Errorf("the note shows what was typed for the dismissal: %q", got[:min(len(got), 40)])
	}
	if p.Doc.Find("details#action-notat[open]").Length() != 0 {
		t.Error("the note's form is open")
	}
}
