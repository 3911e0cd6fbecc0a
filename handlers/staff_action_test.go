package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"kvp/casework"
	"kvp/handlers"
	"kvp/internal/testkit"
	"kvp/store"
)

// auditCount counts a case's audit entries with action.
func auditCount(t *testing.T, st *store.Store, ref, action string) int {
	t.Helper()
	entries, err := st.AuditForCase(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

// deadlineLine returns the text of the line in the case page's deadline
// list that contains part, or "".
func deadlineLine(p *page, part string) string {
	var found string
	p.Doc.Find("#deadlines").Parent().Find("li").Each(func(_ int, li *goquery.Selection) {
		if text := strings.Join(strings.Fields(li.Text()), " "); strings.Contains(text, part) {
			found = text
		}
	})
	return found
}

var (
	negative  = regexp.MustCompile(`[-−]\d+ (dag|day)`)
	messageID = regexp.MustCompile(`\b(staff|decision|outcome|appeal|case|meeting)\.[a-z-]+`)
)

// longReasons is a decision's reasoning, long enough to hurt if lost.
var longReasons = url.Values{
	"outcome":        {"granted"},
	"rules":          {"Sosialtjenesteloven §§ 29–31 og forskrift om kvalifiseringsprogram § 2."},
	"facts":          {"Søkeren har vært uten arbeid i fire år.\nArbeidsevnevurderingen viser sterkt nedsatt arbeidsevne.\nLegeerklæringen fra november støtter dette."},
	"considerations": {"Vi mener programmet gir søkeren den tette oppfølgingen som trengs for å komme i arbeid. Søkeren er motivert og har vist det i samtalene."},
	"start":          {iso(grantStart)},
	"end":            {iso(grantEnd)},
}

func TestDecisionOnACaseWithdrawnMeanwhileKeepsWhatWasTyped(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	seen, _ := sb.get(base).Doc.Find(`form[action$="/vedtak"] input[name="version"]`).Attr("value")
	if seen == "" {
		t.Fatal("no decision form on an open case")
	}
	// The citizen withdraws while the caseworker writes the decision.
	expectRedirect(t, e.citizen.post("/saker/"+e.ref+"/trekk", url.Values{"confirm": {"ja"}}), "/saker/"+e.ref+"?sendt=trukket")
	views := auditCount(t, e.st, e.ref, "view")

	form := url.Values{"version": {seen}}
	for k, v := range longReasons {
		form[k] = v
	}
	p := sb.post(base+"/vedtak", form)
	expectStatus(t, p, http.StatusOK)
	alert := p.Doc.Find(`[role="alert"]:not([hidden])`).Text()
	if !strings.Contains(alert, "endret av noen andre") || !strings.Contains(alert, "står under") || strings.Contains(alert, "står i skjemaet") {
		t.Errorf("conflict message: %q", alert)
	}
	if p.Doc.Find(`form[action$="/vedtak"]`).Length() != 0 {
		t.Fatal("the decision form is shown on a withdrawn case")
	}
	box := p.Doc.Find(`section[aria-labelledby="typed-heading"]`)
	if !strings.Contains(box.Find("h2").Text(), "Fatt vedtak") {
		t.Errorf("typed box heading: %q", box.Find("h2").Text())
	}
	var kept []string
	box.Find("textarea[readonly]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		label := box.Find(`label[for="` + id + `"]`).Text()
		kept = append(kept, label+"="+s.Text())
	})
	for _, want := range []string{
		"Resultat=Innvilget",
		"=" + longReasons.Get("rules"),
		"=" + longReasons.Get("facts"),
		"=" + longReasons.Get("considerations"),
		"=" + iso(grantStart),
	} {
		if !slices.ContainsFunc(kept, func(s string) bool { return strings.HasSuffix(s, want) && !strings.HasPrefix(s, "=") }) {
			t.Errorf("typed value %q not kept with its label; kept: %q", want, kept)
		}
	}
	cs, _ := e.st.Case(context.Background(), e.ref)
	if cs.Status != casework.StatusWithdrawn || cs.LatestDecision() != nil {
		t.Errorf("a decision was stored on a withdrawn case: %s", cs.Status)
	}
	if auditCount(t, e.st, e.ref, "vedtak") != 0 {
		t.Error("a decision that was not made is in the audit log")
	}
	if auditCount(t, e.st, e.ref, "view") != views+1 {
		t.Error("showing the case after the conflict was not audited")
	}

	// The same post with the case's current version is refused as closed,
	// with what was typed still shown.
	form.Set("version", caseVersion(t, e.st, e.ref))
	p = sb.post(base+"/vedtak", form)
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find(".error-summary").Text(), "Saken er avsluttet") {
		t.Errorf("closed case: %q", p.Doc.Find(".error-summary").Text())
	}
	if !strings.Contains(p.Doc.Find(`section[aria-labelledby="typed-heading"]`).Text(), longReasons.Get("considerations")) {
		t.Error("the reasons typed for a closed case are lost")
	}

	// Taking the case has nothing typed to keep, and the message does not
	// claim otherwise; a version that is not a number is a conflict too.
	for _, v := range []string{seen, "abc"} {
		p = sb.post(base+"/ta", url.Values{"version": {v}})
		expectStatus(t, p, http.StatusOK)
		if alert := p.Doc.Find(`[role="alert"]:not([hidden])`).Text(); !strings.Contains(alert, "gjør det på nytt") || strings.Contains(alert, "står") {
			t.Errorf("conflict on taking the case (version %q): %q", v, alert)
		}
	}

	// A note (whose form is still shown) keeps its text in the form, and
	// the message says so.
	p = sb.post(base+"/notat", url.Values{"text": {"Ringte søkeren"}, "version": {seen}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#text").Text() != "Ringte søkeren" || !strings.Contains(p.Doc.Find(`[role="alert"]:not([hidden])`).Text(), "står i skjemaet") || p.Doc.Find("#typed-heading").Length() != 0 {
		t.Error("a conflicting note is not kept in its form")
	}
}

func TestAppealDecidedMeanwhileKeepsWhatWasTyped(t *testing.T) {
	e, sb := decided(t)
	id := sendSimpleAppeal(t, e)
	base := "/saksbehandler/saker/" + e.ref
	p := sb.get(base)
	// The appeal's interim reply is a deadline like the application's.
	due := cal.InterimReplyDue(now)
	if line := deadlineLine(p, "klage "+id); !strings.Contains(line, nb.Date(due)) || !strings.Contains(line, staffDays(now, due)) {
		t.Errorf("the appeal's interim reply deadline: %q", line)
	}
	seen, _ := p.Doc.Find(`form[action$="/klage/` + id + `/omgjor"] input[name="version"]`).Attr("value")
	// A colleague dismisses the appeal first.
	per := e.newC()
	staffLogin(t, per, "per@nav.test")
	expectRedirect(t, per.post(base+"/klage/"+id+"/avvis", url.Values{"dismissReason": {"Ikke et vedtak."}, "version": {caseVersion(t, e.st, e.ref)}}), base)
	reasons := "Søkeren har nå lagt fram ny dokumentasjon som viser at vilkårene er oppfylt."
	p = sb.post(base+"/klage/"+id+"/omgjor", url.Values{"version": {seen}, "result": {"reversed"}, "outcome": {"granted"}, "rules": {"r"}, "facts": {"f"}, "considerations": {reasons}, "start": {iso(grantStart)}, "end": {iso(grantEnd)}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find(`form[action$="/omgjor"]`).Length() != 0 {
		t.Fatal("the reversal form is shown for a decided appeal")
	}
	box := p.Doc.Find(`section[aria-labelledby="typed-heading"]`)
	if !strings.Contains(box.Find("h2").Text(), "Omgjør vedtaket") || !strings.Contains(box.Text(), reasons) || !strings.Contains(box.Text(), "Vedtaket er omgjort") {
		t.Errorf("what was typed for the appeal is not kept: %q", box.Text())
	}
	if cs, _ := e.st.Case(context.Background(), e.ref); cs.LatestDecision().Outcome != casework.OutcomeRejected {
		t.Error("the decision was changed on a dismissed appeal")
	}
}

func TestEveryStaffActionIsAuditedFirst(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	post := func(action string, form url.Values) *page {
		t.Helper()
		form.Set("version", caseVersion(t, e.st, e.ref))
		return sb.post(base+"/"+action, form)
	}
	expectRedirect(t, post("vedtak", url.Values{"outcome": {"granted"}, "rules": {"r"}, "facts": {"f"}, "considerations": {"c"}, "start": {iso(grantStart)}, "end": {iso(grantEnd)}}), base+"?utfort=vedtak")

	// A refused extension shows the case again: that is a view.
	views := auditCount(t, e.st, e.ref, "view")
	expectStatus(t, post("forleng", url.Values{"newEnd": {iso(cal.AddMonths(grantEnd, 24))}, "extRules": {"r"}, "extFacts": {"f"}, "extConsiderations": {"c"}}), http.StatusOK)
	if auditCount(t, e.st, e.ref, "view") != views+1 || auditCount(t, e.st, e.ref, "forleng") != 0 {
		t.Error("a refused extension: the showing is not audited, or the refusal is audited as a change")
	}
	expectRedirect(t, post("forleng", url.Values{"newEnd": {iso(extendedEnd)}, "extRules": {"r"}, "extFacts": {"f"}, "extConsiderations": {"c"}}), base+"?utfort=forleng")
	entries, _ := e.st.AuditForCase(context.Background(), e.ref)
	found := false
	for _, a := range entries {
		if a.Action == "forleng" {
			found = a.Staff == "siri@nav.test" && a.StaffName == "Siri Saksbehandler" && a.Office == "3401"
		}
	}
	if !found {
		t.Errorf("no audit entry for the extension: %+v", entries)
	}

}

func TestAChangeIsRefusedWhenTheAuditLogFails(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	post := func(action string, form url.Values) *page {
		t.Helper()
		form.Set("version", caseVersion(t, e.st, e.ref))
		return sb.post(base+"/"+action, form)
	}
	// One audit entry per case from now on: the first change's entry is
	// written, the second change's entry cannot be.
	db := databaseWithCase(t, e.ref)
	if auditCount(t, e.st, e.ref, "view") != 0 {
		t.Fatal("the case was seen before the test")
	}
	if _, err := db.Collection("audit").Indexes().CreateOne(context.Background(), mongo.IndexModel{Keys: bson.D{{Key: "case", Value: 1}}, Options: options.Index().SetUnique(true).SetName("test_once")}); err != nil {
		t.Skipf("the database cannot make the audit log fail: %v", err)
	}
	expectRedirect(t, post("notat", url.Values{"text": {"første"}}), base+"?utfort=notat")
	before, _ := e.st.Case(context.Background(), e.ref)
	p := post("notat", url.Values{"text": {"andre"}})
	expectStatus(t, p, http.StatusInternalServerError)
	after, _ := e.st.Case(context.Background(), e.ref)
	if after.Version != before.Version || after.Events[len(after.Events)-1].Text != "første" {
		t.Errorf("a change was stored without its audit entry: version %d → %d, last event %q", before.Version, after.Version, after.Events[len(after.Events)-1].Text)
	}
}

// databaseWithCase finds the test database that holds the case ref, to
// change it under the store's feet.
func databaseWithCase(t *testing.T, ref string) *mongo.Database {
	t.Helper()
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(testkit.URI(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	names, err := client.ListDatabaseNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !strings.HasPrefix(n, "t_") {
			continue
		}
		db := client.Database(n)
		if c, err := db.Collection("cases").CountDocuments(ctx, bson.D{{Key: "_id", Value: ref}}); err == nil && c == 1 {
			return db
		}
	}
	t.Fatalf("no test database holds case %s", ref)
	return nil
}

func TestStaffDoneMessageOnlyForKnownActions(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	for _, v := range []string{"foo", "../vedtak", "<b>x</b>", "notat.extra", "title"} {
		p := sb.get(base + "?utfort=" + url.QueryEscape(v))
		expectStatus(t, p, http.StatusOK)
		if p.Doc.Find(".notice.success").Length() != 0 || strings.Contains(p.Body, "staff.done.") {
			t.Errorf("?utfort=%s shows a success message: %q", v, p.Doc.Find(".notice.success").Text())
		}
	}
	for v, want := range map[string]string{"notat": "Merknaden er lagret.", "vedtak": "Vedtaket er fattet", "klage-oversend": "sendt til Statsforvalteren"} {
		if got := sb.get(base + "?utfort=" + v).Doc.Find(".notice.success").Text(); !strings.Contains(got, want) {
			t.Errorf("?utfort=%s: %q", v, got)
		}
	}
	// Every action's own value has its message in every language.
	for _, lang := range []string{"nb", "nn", "en"} {
		sb.cookies["kvp_lang"] = lang
		for _, v := range []string{"ta", "notat", "samtale", "gjennomfort", "avslutt", "dokumentasjon", "forelopig-svar", "vedtak", "forleng", "klage-vurder", "klage-forelopig-svar", "klage-omgjor", "klage-oppretthold", "klage-avvis", "klage-oversend", "klage-sf-resultat"} {
			got := sb.get(base + "?utfort=" + v).Doc.Find(".notice.success").Text()
			if strings.TrimSpace(got) == "" || strings.Contains(got, "staff.done") {
				t.Errorf("%s ?utfort=%s: %q", lang, v, got)
			}
		}
	}
}

// Every staff action of the domain (casework.StaffActions) has a route of
// its own with its confirmation and its name in the audit log, and the
// audit log names it by that name.
func TestEveryStaffActionIsRegistered(t *testing.T) {
	for _, name := range casework.StaffActions {
		a, ok := handlers.StaffActionForTest(name)
		if !ok {
			t.Errorf("%s has no registered action", name)
			continue
		}
		if a.Done == "" || a.Audited == "" || handlers.AuditMessageForTest(name) != a.Audited {
			t.Errorf("%s: done %q, audited %q, audit log shows %q", name, a.Done, a.Audited, handlers.AuditMessageForTest(name))
		}
	}
	if got := handlers.StaffActionCountForTest(); got != len(casework.StaffActions) {
		t.Errorf("%d actions registered, the domain has %d", got, len(casework.StaffActions))
	}
}
