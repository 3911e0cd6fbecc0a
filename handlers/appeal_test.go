package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/casework"
	"kvp/internal/testkit"
)

// decided sets up a case with a rejection made available at now.
func decided(t *testing.T) (*staffEnv, *client) {
	t.Helper()
	e, sb := decidedUnsent(t)
	sendNotices(t, e) // the appeal deadline runs from the notice
	return e, sb
}

// decidedUnsent is decided with the notice about the decision still in
// the outbox.
func decidedUnsent(t *testing.T) (*staffEnv, *client) {
	t.Helper()
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	p := sb.post("/saksbehandler/saker/"+e.ref+"/vedtak", url.Values{"version": {caseVersion(t, e.st, e.ref)}, "outcome": {"rejected"}, "rules": {"Sosialtjenesteloven § 29"}, "facts": {"f"}, "considerations": {"c"}})
	expectRedirect(t, p, "/saksbehandler/saker/"+e.ref)
	return e, sb
}

func TestAppealJourney(t *testing.T) {
	e, sb := decided(t)
	base := "/saker/" + e.ref
	cp := e.citizen.get(base)
	if cp.Doc.Find(`a[href="`+base+`/klage"]`).Length() != 1 {
		t.Fatal("no appeal button under the decision")
	}
	// The notice about the decision went out now: the deadline is three
	// weeks later, moved to a working day.
	deadline := cal.AppealDeadline(now)
	p := e.citizen.get(base + "/klage")
	if !strings.Contains(p.Doc.Find("main").Text(), nb.Date(deadline)) || !strings.Contains(p.Doc.Find("main").Text(), appealDays(now, deadline)) {
		t.Errorf("deadline not shown: %s", p.Doc.Find(".notice").Text())
	}
	if p.Doc.Find("#lateReason").Length() != 0 {
		t.Error("late reason asked for in time")
	}
	p = e.citizen.post(base+"/klage", url.Values{"who": {"representative"}, "change": {strings.Repeat("x", 501)}})
	expectStatus(t, p, http.StatusOK)
	for _, f := range []string{"repName", "change"} {
		if p.Doc.Find("#"+f+"-error").Length() != 1 {
			t.Errorf("no error next to %s", f)
		}
	}
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"representative"}, "repName": {"Rita Rådgiver"}, "change": {"Jeg vil at søknaden innvilges."}, "reasons": {"Kontoret har ikke sett på helsen min."}}), base+"/klage/oppsummering")
	check := e.citizen.get(base + "/klage/oppsummering")
	draft, _ := check.Doc.Find(`input[name="draft"]`).Attr("value")
	// Sending without the power of attorney is refused next to its field.
	p = e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#poa-error").Length() != 1 {
		t.Errorf("sent without power of attorney: %s", p.Doc.Find(".error-summary").Text())
	}
	expectRedirect(t, e.citizen.uploadField(base+"/klage/vedlegg", "poa", "fullmakt.pdf", readFixture(t, "valid.pdf"), url.Values{"kind": {"fullmakt"}}), base+"/klage/oppsummering")
	expectRedirect(t, e.citizen.uploadTo(base+"/klage/vedlegg", "helse.png", pngBytes(t), nil), base+"/klage/oppsummering")
	p = e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}})
	expectRedirect(t, p, base+"/klage/")
	receipt := p.Header.Get("Location")
	// A second send of the same draft ends on the same receipt.
	if again := e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}}).Header.Get("Location"); again != receipt {
		t.Errorf("second send: %s vs %s", again, receipt)
	}
	r := e.citizen.get(receipt)
	if !strings.Contains(r.Body, "underskrevet") || !strings.Contains(r.Doc.Find("main").Text(), nb.Date(cal.InterimReplyDue(now))) {
		t.Error("receipt lacks the signature note or the interim date")
	}
	appealID := strings.Split(strings.TrimPrefix(receipt, base+"/klage/"), "/")[0]
	cs, _ := e.st.Case(context.Background(), e.ref)
	if len(cs.Appeals) != 1 || cs.Appeals[0].Representative == nil || len(cs.Appeals[0].Files) != 1 || cs.AppealDraft != nil {
		t.Fatalf("stored appeal: %+v", cs.Appeals)
	}

	// Only the party and the office see it.
	other := e.newC()
	other.login(persons(t)[3].NationalID)
	expectStatus(t, other.get(base+"/klage/"+appealID), http.StatusNotFound)

	// Staff: in the inbox's appeals, in time; reassess; uphold with summary.
	if !strings.Contains(sb.get("/saksbehandler?vis=appeals").Doc.Find("tbody").Text(), "Klage i tide") {
		t.Error("appeal not in the inbox with its deadline state")
	}
	act := func(action string, form url.Values) *page {
		form.Set("version", caseVersion(t, e.st, e.ref))
		return sb.post("/saksbehandler/saker/"+e.ref+"/klage/"+appealID+"/"+action, form)
	}
	expectRedirect(t, act("vurder", url.Values{}), "/saksbehandler/saker/"+e.ref)
	p = act("oppretthold", url.Values{"sumFacts": {"Søkeren fikk avslag."}, "sumAssessment": {"Vilkårene er ikke oppfylt."}, "sumArguments": {"Søkeren mener helsen ikke er vurdert."}, "commentDeadline": {iso(day(2))}})
	if !strings.Contains(p.Doc.Find("#commentDeadline-error").Text(), "minst en uke") {
		t.Error("short comment deadline accepted")
	}
	expectRedirect(t, act("oppretthold", url.Values{"sumFacts": {"Søkeren fikk avslag."}, "sumAssessment": {"Vilkårene er ikke oppfylt."}, "sumArguments": {"Søkeren mener helsen ikke er vurdert."}, "commentDeadline": {iso(day(14))}}), "/saksbehandler/saker/"+e.ref)
	// The citizen sees the summary and comments.
	ap := e.citizen.get(base + "/klage/" + appealID)
	if !strings.Contains(ap.Doc.Find("main").Text(), "Vilkårene er ikke oppfylt.") || ap.Doc.Find("#comment").Length() != 1 {
		t.Fatal("the citizen cannot see or comment on the summary")
	}
	// Forwarding before the comment deadline, with no comment yet, is
	// refused.
	p = act("oversend", url.Values{})
	if !strings.Contains(p.Body, "har ikke gått ut") {
		t.Error("forwarded before the comment deadline")
	}
	expectRedirect(t, e.citizen.post(base+"/klage/"+appealID+"/kommentar", url.Values{"comment": {"Legen min er ikke spurt."}}), base+"/klage/"+appealID+"?sendt=kommentar")
	e.clock.Advance(days(15))
	staffLogin(t, sb, "siri@nav.test")
	e.citizen.login(persons(t)[1].NationalID)
	expectRedirect(t, act("oversend", url.Values{}), "/saksbehandler/saker/"+e.ref)

	// The bundle: overview with decision, appeal, summary and comment, and
	// every document.
	bundle := sb.get("/saksbehandler/saker/" + e.ref + "/klage/" + appealID + "/pakke")
	expectStatus(t, bundle, http.StatusOK)
	zr, err := zip.NewReader(bytes.NewReader([]byte(bundle.Body)), int64(len(bundle.Body)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	var letters string
	for _, f := range zr.File {
		names[f.Name] = true
		if strings.HasSuffix(f.Name, ".pdf") && !strings.HasPrefix(f.Name, "dokumenter/") && havePDFToText(t) {
			rc, _ := f.Open()
			var b bytes.Buffer
			_, _ = b.ReadFrom(rc)
			letters += pdfToText(t, b.Bytes()) + "\n"
		}
	}
	if havePDFToText(t) {
		for _, want := range []string{"Sosialtjenesteloven § 29", "Jeg vil at søknaden innvilges.", "Vilkårene er ikke oppfylt.", "Legen min er ikke spurt.", "Rita Rådgiver"} {
			if !strings.Contains(letters, want) {
				t.Errorf("the bundle's letters lack %q", want)
			}
		}
	}
	// The overview and five letters as PDF files, the application's PDF,
	// the power of attorney and the appeal's document.
	if len(zr.File) != 9 || !names["00-oversikt.pdf"] {
		t.Errorf("bundle files: %v", names)
	}

	// Statsforvalteren's result with the letter; the citizen sees it.
	res := sb.uploadField("/saksbehandler/saker/"+e.ref+"/klage/"+appealID+"/sf-resultat", "letter", "brev.pdf", readFixture(t, "valid.pdf"), url.Values{"bodyOutcome": {"confirmed"}, "version": {caseVersion(t, e.st, e.ref)}})
	expectRedirect(t, res, "/saksbehandler/saker/"+e.ref)
	ap = e.citizen.get(base + "/klage/" + appealID)
	text := ap.Doc.Find("main").Text()
	if !strings.Contains(text, "Vedtaket er stadfestet") || ap.Doc.Find(`a[href^="`+base+`/filer/"]`).Length() == 0 {
		t.Errorf("the citizen does not see Statsforvalteren's result and letter: %s", text)
	}
	for _, want := range []string{"Klagen ble sendt.", "NAV-kontoret vurderer vedtaket på nytt.", "sammendrag", "Du kommenterte sammendraget.", "sendt til Statsforvalteren", "Statsforvalteren har avgjort klagen."} {
		if !strings.Contains(text, want) {
			t.Errorf("appeal timeline lacks %q", want)
		}
	}
	// The decision is now final: no new appeal.
	if e.citizen.get(base).Doc.Find(`a[href="`+base+`/klage"]`).Length() != 0 {
		t.Error("an appeal is offered after Statsforvalteren's result")
	}
	expectRedirect(t, e.citizen.get(base+"/klage"), base+"/klage/"+appealID)
	// Audit entries for the appeal steps.
	entries, _ := e.st.AuditForCase(context.Background(), e.ref)
	seen := map[string]bool{}
	for _, a := range entries {
		seen[a.Action] = true
	}
	for _, a := range []string{"klage-vurder", "klage-oppretthold", "klage-oversend", "klage-pakke", "klage-sf-resultat"} {
		if !seen[a] {
			t.Errorf("no audit entry for %s", a)
		}
	}
}

func TestLateAndTooLateAppeals(t *testing.T) {
	e, _ := decided(t)
	base := "/saker/" + e.ref
	e.clock.Advance(days(30))
	e.citizen.login(persons(t)[1].NationalID)
	p := e.citizen.get(base + "/klage")
	if p.Doc.Find("#lateReason").Length() != 1 || !strings.Contains(p.Doc.Find("main").Text(), "gikk ut "+nb.Date(cal.AppealDeadline(now))) {
		t.Fatal("a late appeal does not ask why")
	}
	p = e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Innvilg"}})
	if p.Doc.Find("#lateReason-error").Length() != 1 {
		t.Error("late appeal without a reason accepted")
	}
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Innvilg"}, "lateReason": {"Jeg lå på sykehus."}}), base+"/klage/oppsummering")
	draft, _ := e.citizen.get(base + "/klage/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}}).Header.Get("Location")
	id := strings.Split(strings.TrimPrefix(loc, base+"/klage/"), "/")[0]
	cs, _ := e.st.Case(context.Background(), e.ref)
	if a := cs.Appeal(id); a == nil || !a.Late || a.LateReason != "Jeg lå på sykehus." {
		t.Fatalf("late appeal: %+v", cs.Appeals)
	}
	// Withdraw it.
	expectRedirect(t, e.citizen.post(base+"/klage/"+id+"/trekk", url.Values{"confirm": {"ja"}}), base+"/klage/"+id)
	// More than a year after the decision: no form, where to get help.
	e.clock.Advance(days(340))
	e.citizen.login(persons(t)[1].NationalID)
	p = e.citizen.get(base + "/klage")
	if p.Doc.Find(`form[action="`+base+`/klage"]`).Length() != 0 || !strings.Contains(p.Doc.Find("main").Text(), "55 55 33 33") {
		t.Error("an appeal over a year late is offered a form or no help")
	}
}

func TestOfficeReversesOnAppeal(t *testing.T) {
	e, sb := decided(t)
	base := "/saker/" + e.ref
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Innvilg"}}), base+"/klage/oppsummering")
	draft, _ := e.citizen.get(base + "/klage/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}}).Header.Get("Location")
	id := strings.Split(strings.TrimPrefix(loc, base+"/klage/"), "/")[0]
	e.clock.Advance(days(3)) // the new decision, and its notice, three days later
	staffLogin(t, sb, "siri@nav.test")
	e.citizen.login(persons(t)[1].NationalID)
	p := sb.post("/saksbehandler/saker/"+e.ref+"/klage/"+id+"/omgjor", url.Values{"version": {caseVersion(t, e.st, e.ref)}, "result": {"reversed"}, "outcome": {"granted"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}, "start": {iso(grantStart)}, "end": {iso(grantEnd)}})
	expectRedirect(t, p, "/saksbehandler/saker/"+e.ref)
	sendNotices(t, e)
	newDeadline := cal.AppealDeadline(e.clock.Now())
	cs, _ := e.st.Case(context.Background(), e.ref)
	d := cs.LatestDecision()
	if d.Outcome != casework.OutcomeGranted || iso(d.AppealDeadline) != iso(newDeadline) || cs.Appeal(id).OfficeResult != casework.AppealReversed {
		t.Errorf("after reversal: %+v %+v, want the appeal deadline %s", d, cs.Appeal(id), iso(newDeadline))
	}
	text := e.citizen.get(base).Doc.Find("main").Text()
	if !strings.Contains(text, "Vedtak: Innvilget") || !strings.Contains(text, nb.Date(newDeadline)) {
		t.Error("the citizen does not see the new decision with its new appeal deadline")
	}
	// Staff of another office cannot reach the appeal.
	testkit.Staff(t, e.st, "x@nav.test", "X", "caseworker", "9991")
	x := e.newC()
	staffLogin(t, x, "x@nav.test")
	expectStatus(t, x.post("/saksbehandler/saker/"+e.ref+"/klage/"+id+"/vurder", url.Values{"version": {"1"}}), http.StatusNotFound)
}

// sendSimpleAppeal files an appeal in time and returns its id.
func sendSimpleAppeal(t *testing.T, e *staffEnv) string {
	t.Helper()
	base := "/saker/" + e.ref
	expectRedirect(t, e.citizen.post(base+"/klage", url.Values{"who": {"self"}, "change": {"Innvilg"}}), base+"/klage/oppsummering")
	draft, _ := e.citizen.get(base + "/klage/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := e.citizen.post(base+"/klage/send", url.Values{"draft": {draft}}).Header.Get("Location")
	return strings.Split(strings.TrimPrefix(loc, base+"/klage/"), "/")[0]
}

func TestEveryAppealOutcome(t *testing.T) {
	type step struct {
		action string
		form   url.Values
	}
	summary := url.Values{"sumFacts": {"f"}, "sumAssessment": {"a"}, "sumArguments": {"g"}, "commentDeadline": {iso(day(14))}}
	cases := []struct {
		name        string
		steps       []step
		forwardThen string // Statsforvalteren's outcome, if forwarded
		office      casework.AppealResult
		citizenSees string
	}{
		{"dismissed by the office", []step{{"avvis", url.Values{"dismissReason": {"Klagen gjelder ikke et vedtak."}}}}, "", casework.AppealDismissed, "Klagen er avvist"},
		{"partly reversed", []step{{"omgjor", url.Values{"result": {"partly"}, "outcome": {"partly"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}, "start": {iso(grantStart)}, "end": {iso(cal.AddMonths(grantStart, 12))}}}}, "", casework.AppealPartly, "Vedtaket er delvis omgjort"},
		{"new decision by Statsforvalteren", []step{{"oppretthold", summary}}, "new", casework.AppealUpheld, "Statsforvalteren har fattet nytt vedtak"},
		{"overturned and returned", []step{{"oppretthold", summary}}, "overturned", casework.AppealUpheld, "opphevet og sendt tilbake"},
		{"dismissed by Statsforvalteren", []step{{"oppretthold", summary}}, "dismissed", casework.AppealUpheld, "Klagen er avvist"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, sb := decided(t)
			id := sendSimpleAppeal(t, e)
			post := func(action string, form url.Values) *page {
				form.Set("version", caseVersion(t, e.st, e.ref))
				return sb.post("/saksbehandler/saker/"+e.ref+"/klage/"+id+"/"+action, form)
			}
			for _, s := range tc.steps {
				expectRedirect(t, post(s.action, s.form), "/saksbehandler/saker/"+e.ref)
			}
			if tc.forwardThen != "" {
				e.clock.Advance(days(15))
				staffLogin(t, sb, "siri@nav.test")
				e.citizen.login(persons(t)[1].NationalID)
				expectRedirect(t, post("oversend", url.Values{}), "/saksbehandler/saker/"+e.ref)
				res := sb.uploadField("/saksbehandler/saker/"+e.ref+"/klage/"+id+"/sf-resultat", "letter", "brev.pdf", readFixture(t, "valid.pdf"), url.Values{"bodyOutcome": {tc.forwardThen}, "version": {caseVersion(t, e.st, e.ref)}})
				expectRedirect(t, res, "/saksbehandler/saker/"+e.ref)
			}
			cs, _ := e.st.Case(context.Background(), e.ref)
			a := cs.Appeal(id)
			if a.Status != casework.AppealDecided || a.OfficeResult != tc.office {
				t.Errorf("appeal %s / %s", a.Status, a.OfficeResult)
			}
			if tc.forwardThen != "" && (a.BodyResult == nil || string(a.BodyResult.Outcome) != tc.forwardThen) {
				t.Errorf("body result %+v", a.BodyResult)
			}
			text := e.citizen.get("/saker/" + e.ref + "/klage/" + id).Doc.Find("main").Text()
			if !strings.Contains(text, tc.citizenSees) {
				t.Errorf("the citizen does not see %q: %s", tc.citizenSees, text)
			}
			// A decided appeal cannot be withdrawn.
			p := e.citizen.post("/saker/"+e.ref+"/klage/"+id+"/trekk", url.Values{"confirm": {"ja"}})
			expectStatus(t, p, http.StatusOK)
		})
	}
}
