package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/casework"
)

// An upheld appeal goes to Statsforvalteren as soon as the person has
// commented on the summary, or has said they will not (recorded by the
// caseworker with the forwarding), without waiting for the comment
// deadline; with neither, forwarding before the deadline is refused with
// the reason.
func TestForwardAppealBeforeTheCommentDeadline(t *testing.T) {
	summary := url.Values{"sumFacts": {"f"}, "sumAssessment": {"a"}, "sumArguments": {"g"}, "commentDeadline": {iso(day(14))}}
	forwarded := func(e *staffEnv, id string) bool {
		cs, err := e.st.Case(context.Background(), e.ref)
		if err != nil {
			t.Fatal(err)
		}
		return cs.Appeal(id).Status == casework.AppealForwarded
	}

	// Neither a comment nor a word: refused, the form offers the box.
	e, sb := decided(t)
	id := sendSimpleAppeal(t, e)
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/oppretthold", url.Values(cloneValues(summary))), "/saksbehandler/saker/"+e.ref)
	p := staffPost(t, e, sb, "/klage/"+id+"/oversend", url.Values{})
	expectStatus(t, p, http.StatusOK)
	if got := p.Doc.Find(".error-summary").Text(); !strings.Contains(got, "verken kommentert eller sagt fra") {
		t.Errorf("early forwarding refused with %q", got)
	}
	if forwarded(e, id) {
		t.Fatal("forwarded before the deadline without a comment")
	}
	box := p.Doc.Find(`form[action$="/oversend"] input[type="checkbox"][name="ingenKommentar"]`)
	if box.Length() != 1 {
		t.Fatal("the forwarding form has no box for «no comment»")
	}
	boxID, _ := box.Attr("id")
	if label := p.Doc.Find(`label[for="` + boxID + `"]`).Text(); !strings.Contains(label, "ikke vil kommentere") {
		t.Errorf("box label %q", label)
	}
	// The person said by phone that they will not comment.
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/oversend", url.Values{"ingenKommentar": {"ja"}}), "/saksbehandler/saker/"+e.ref)
	if !forwarded(e, id) {
		t.Fatal("not forwarded after «no comment»")
	}
	if got := mainText(sb.get("/saksbehandler/saker/" + e.ref)); !strings.Contains(got, "at de ikke vil kommentere") {
		t.Error("the case page does not say the person will not comment")
	}

	// A comment: at once, without the box.
	e, sb = decided(t)
	id = sendSimpleAppeal(t, e)
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/oppretthold", url.Values(cloneValues(summary))), "/saksbehandler/saker/"+e.ref)
	base := "/saker/" + e.ref + "/klage/" + id
	expectRedirect(t, e.citizen.post(base+"/kommentar", url.Values{"comment": {"Legen er ikke spurt."}}), base)
	page := sb.get("/saksbehandler/saker/" + e.ref)
	if page.Doc.Find(`input[name="ingenKommentar"]`).Length() != 0 {
		t.Error("the box is offered after the person commented")
	}
	expectRedirect(t, staffPost(t, e, sb, "/klage/"+id+"/oversend", url.Values{}), "/saksbehandler/saker/"+e.ref)
	if !forwarded(e, id) {
		t.Error("not forwarded after a comment")
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
