package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"kvp/auth"
	"kvp/casework"
	"kvp/handlers"
	"kvp/i18n"
	"kvp/internal/testkit"
	"kvp/usecase"
)

// The other browser tests visit the logged-in citizen's pages and the
// staff pages in Bokmål. These tests visit every one of them in Nynorsk
// and in English: each page must be in the chosen language (<html lang>,
// the heading from that language's messages), show no raw message id,
// have zero axe-core violations and exactly one h1, and fit a 360 px wide
// phone and a window at 200 % zoom without horizontal scrolling. Pages
// loaded afresh are also used with the keyboard: the first Tab reaches a
// visible skip link with a focus outline, and Tab then reaches every
// control on the page, each visible with a focus outline. Staff case
// pages are checked again with every folded action form open.
//
// To stay fast, the state behind the pages (cases with a decision, an
// interim reply, an appeal, a conversation request) is put in the store
// through the casework package, as the handlers do; logging in, the
// language switch and the forms on the way are used through the browser.

func TestCitizenPagesNynorsk(t *testing.T) { citizenPagesIn(t, "nn") }
func TestCitizenPagesEnglish(t *testing.T) { citizenPagesIn(t, "en") }
func TestStaffPagesNynorsk(t *testing.T)   { staffPagesIn(t, "nn") }
func TestStaffPagesEnglish(t *testing.T)   { staffPagesIn(t, "en") }

// TestLanguageChecksReportProblems makes sure the checks of these tests
// are not blind: raw message ids put into a real page are found (and URLs,
// e-mail addresses, host and file names are not taken for ids), a message
// missing from the files is reported, and the Tab walk reports a control
// without a focus outline.
func TestLanguageChecksReportProblems(t *testing.T) {
	s := newSession(t, true)
	p := newLangPages(s, "en")
	s.open("/kontakt", 200)
	mustEval[bool](s, `(() => {
		const m = document.querySelector("main");
		m.insertAdjacentHTML("beforeend", '<p>Read www.nav.no, https://www.nav.no/kvp or nav.no, write to post@nav.no, ' +
			'attach kontoutskrift.pdf or case.pdf (dd.mm.yyyy, 2.041 G, f.eks.).</p>' +
			'<p>status.unknown</p><p title="conv.heading">«case.heading».</p>' +
			'<button type="button" id="e2e-no-outline">x</button>');
		document.getElementById("e2e-no-outline").style.outline = "none";
		return true;
	})()`)
	found := p.ids.find(mustEval[[]string](s, pageTexts))
	var words []string
	for _, f := range found {
		words = append(words, strings.SplitN(f, `"`, 3)[1])
	}
	if got, want := strings.Join(words, " "), "status.unknown case.heading conv.heading"; got != want {
		t.Errorf("the message id check found %q, want %q", got, want)
	}

	if got := p.T("e2e.no-such-message"); got != "e2e.no-such-message" {
		t.Errorf("a missing message reads %q, want its id", got)
	}
	if got := p.missing.take(); len(got) != 1 || !strings.Contains(got[0], "e2e.no-such-message") {
		t.Errorf("the missing message was recorded as %q", got)
	}

	problems := s.keyboardWalk("self-check")
	if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, `id="e2e-no-outline"`) }) {
		t.Errorf("the Tab walk did not report the button without a focus outline; it reported %q", problems)
	}
}

// The administrator of the staff language tests.
const (
	adminEmail = "ada@nav.test"
	adminName  = "Ada Administrator"
)

// citizenPagesIn logs in as the first test person in lang and visits every
// page a logged-in citizen can reach: «Mine saker» empty and full, the
// application's start page, every step (one with an error, one with a
// file), the check page, the receipt, the page for an application that
// already exists, case pages (received, with a meeting, a request for
// documents and an interim reply, and with a decision letter), the appeal
// form (also with errors), its check page, receipt and the appeal page
// (also with the office's summary to comment on), the conversation
// request form, its receipt and case page (requested and booked), the
// not-found page, and the logged-out page.
func citizenPagesIn(t *testing.T, lang string) {
	s := newSessionTimeout(t, true, 150*time.Second)
	p := newLangPages(s, lang)
	sd := newSeeder(s)
	me := firstTestPerson(t)
	owner := casework.Person{NationalID: me.NationalID, Name: me.Name}
	pdf := writeTestPDF(t, "kontoutskrift.pdf")

	p.switchLanguage("/")
	s.open("/logg-inn", 200)
	if got := mustEval[string](s, `document.querySelector("main ul.persons li:first-child input[name=person]").value`); got != me.NationalID {
		t.Fatalf("the first test person on the login page is %s, want %s (%s)", got, me.NationalID, me.Name)
	}
	s.clickAndWait(`main ul.persons li:first-child button[type=submit]`, "log in")
	s.assertPath("/mine-saker")
	p.reopen()
	p.page("my cases, empty", p.T("mycases.heading"))
	s.assertText("main", p.T("mycases.none"))

	s.open("/soknad", 200)
	p.page("application start", p.T("apply.start.heading"))

	// Every step of a draft with every answer given.
	sd.draft(me.NationalID)
	for _, step := range casework.Steps {
		s.open("/soknad/steg/"+string(step), 200)
		p.page("step "+string(step), p.T("step."+string(step)+".heading"))
	}

	// A step with an error, and the attachment step with a file.
	s.open("/soknad/steg/om-deg", 200)
	s.setValue("phone", "")
	s.submitStep("om-deg without a phone")
	s.assertPath("/soknad/steg/om-deg")
	if !s.exists(`main .error-summary a[href="#phone"]`) {
		t.Fatalf("%s: no error summary linking to #phone: %q", lang, s.text("main"))
	}
	s.assertText("#phone-error", p.T("err.contact.phone.required"))
	if got := mustEval[string](s, "document.title"); !strings.HasPrefix(got, p.T("common.errortitle")) {
		t.Errorf("%s: document.title = %q, want it to start with %q", lang, got, p.T("common.errortitle"))
	}
	p.swapped("step om-deg with an error", p.T("step.om-deg.heading"))
	s.open("/soknad/steg/vedlegg", 200)
	s.upload("#file", pdf)
	s.clickAndWait(`main form[action="/soknad/vedlegg"] button[type=submit]`, "upload a file")
	s.assertText("main ul.files", "kontoutskrift.pdf")
	p.swapped("step vedlegg with a file", p.T("step.vedlegg.heading"))

	s.open("/soknad/oppsummering", 200)
	if s.exists("main .notice.warning") {
		t.Errorf("%s: the check page lists missing steps: %q", lang, s.text("main .notice.warning"))
	}
	s.assertText("main", "kontoutskrift.pdf", "Storgata 1", p.T("opt.housing.leier"))
	p.page("check answers", p.T("check.heading"))

	s.clickAndWait(`main form[action="/soknad/send"] button[type=submit]`, "send the application")
	ref := strings.TrimSpace(s.text("main .notice.success strong"))
	if !refPattern.MatchString(ref) {
		t.Fatalf("%s: receipt reference %q does not match %s: %q", lang, ref, refPattern, s.text("main"))
	}
	s.assertPath("/saker/" + ref + "/kvittering")
	p.reopen()
	p.page("receipt", p.T("receipt.heading"))

	s.open("/soknad", 200)
	p.page("application exists", p.T("apply.exists.heading"))
	s.open("/saker/"+ref, 200)
	s.assertText("main ol.timeline", p.T("event.submitted"))
	p.page("case, received", p.T("case.heading"))

	// A case with a meeting, a request for documents and an interim reply.
	now := time.Now()
	meetingAt := sd.day(3).Add(10 * time.Hour)
	busy := sd.application(owner, now.Add(-72*time.Hour),
		func(cs *casework.Case) error { return cs.Assign(sd.by, sd.by, now.Add(-60*time.Hour)) },
		func(cs *casework.Case) error {
			return cs.BookMeeting(casework.Meeting{At: meetingAt, Mode: "office", Place: "Servicetorget, Rådhusplassen 3"}, sd.by, now.Add(-48*time.Hour))
		},
		func(cs *casework.Case) error {
			return cs.RequestDocuments(casework.DocRequest{Documents: "Legeerklæring", Reason: "For å vurdere arbeidsevnen", Deadline: sd.day(14)}, sd.by, now.Add(-47*time.Hour))
		},
		func(cs *casework.Case) error {
			return cs.SendInterimReply(casework.Interim{Reason: "Vi venter på legeerklæringen.", ExpectedBy: sd.day(40)}, sd.by, now.Add(-24*time.Hour))
		})
	s.open("/saker/"+busy.ID, 200)
	s.assertText("main", "Servicetorget, Rådhusplassen 3", "Legeerklæring", "Vi venter på legeerklæringen.", p.f.Date(sd.day(40)))
	p.page("case with a meeting, a request and an interim reply", p.T("case.heading"))

	// A granted application: the decision letter with the benefit.
	granted := sd.application(owner, now.Add(-96*time.Hour), sd.decide(casework.OutcomeGranted, me.Age, now.Add(-time.Hour)))
	s.open("/saker/"+granted.ID, 200)
	s.assertText("main section.letter", p.T("decision.heading", "Outcome", p.T("outcome.granted")), p.T("decision.benefit"), "Programmet er egnet.")
	p.page("case with a decision letter", p.T("case.heading"))

	// A rejection, appealed through the forms.
	rejected := sd.application(owner, now.Add(-120*time.Hour), sd.decide(casework.OutcomeRejected, me.Age, now.Add(-2*time.Hour)))
	caseURL := "/saker/" + rejected.ID
	s.open(caseURL+"/klage", 200)
	p.page("appeal form", p.T("appeal.heading"))
	appealSubmit := fmt.Sprintf(`main form[action="%s/klage"] button[type=submit]`, caseURL)
	s.clickAndWait(appealSubmit, "send the empty appeal form")
	if !s.exists(`main .error-summary a[href="#change"]`) {
		t.Fatalf("%s: no error summary linking to #change after an empty appeal: %q", lang, s.text("main"))
	}
	p.swapped("appeal form with errors", p.T("appeal.heading"))
	s.fill("#change", "Jeg vil at søknaden blir innvilget.")
	s.fill("#reasons", "Kontoret har ikke sett på helsen min.")
	s.clickAndWait(appealSubmit, "continue to the appeal check page")
	s.assertPath(caseURL + "/klage/oppsummering")
	p.reopen()
	s.assertText("main dl.summary", "Jeg vil at søknaden blir innvilget.", p.T("outcome.rejected"))
	p.page("appeal check", p.T("appeal.check.heading"))
	s.clickAndWait(fmt.Sprintf(`main form[action="%s/klage/send"] button[type=submit]`, caseURL), "send the appeal")
	appealID := strings.TrimSpace(s.text("main .notice.success strong"))
	if !refPattern.MatchString(appealID) {
		t.Fatalf("%s: appeal receipt reference %q does not match %s: %q", lang, appealID, refPattern, s.text("main"))
	}
	appealURL := caseURL + "/klage/" + appealID
	s.assertPath(appealURL + "/kvittering")
	p.reopen()
	p.page("appeal receipt", p.T("appeal.receipt.heading"))
	s.open(appealURL, 200)
	s.assertText("main .tag", p.T("appeal.status.received"))
	p.page("appeal, received", p.T("appeal.page.heading"))
	commentBy := sd.day(10)
	sd.change(rejected.ID, func(cs *casework.Case) error {
		if err := cs.StartReassessment(appealID, sd.by, now); err != nil {
			return err
		}
		return cs.UpholdDecision(appealID, casework.AppealSummary{Facts: "Søkeren er i jobb 80 prosent.",
			Assessment: "Vilkårene er ikke oppfylt.", Arguments: "Søkeren mener helsen ikke er vurdert.", CommentDeadline: commentBy}, sd.by, now)
	})
	s.open(appealURL, 200)
	s.assertText("main section.letter", "Vilkårene er ikke oppfylt.")
	if !s.exists("main #comment") {
		t.Errorf("%s: the appeal page has no comment field for the summary", lang)
	}
	p.page("appeal, summary to comment on", p.T("appeal.page.heading"))

	// A conversation request, logged in: the name comes from the login.
	s.open("/samtale", 200)
	if s.exists("#name") {
		t.Errorf("%s: the logged-in conversation form asks for the name", lang)
	}
	s.assertText("main dl.summary", me.Name)
	p.page("conversation form, logged in", p.T("conv.heading"))
	s.fill("#phone", "912 34 567")
	s.fill("#municipality", "3401")
	s.click("#times")
	s.click("#modes-phone")
	s.clickAndWait(`form[action="/samtale"] button[type="submit"]`, "send the conversation request")
	convRef := strings.TrimSpace(s.text("main .notice.success strong"))
	if !refPattern.MatchString(convRef) {
		t.Fatalf("%s: conversation receipt reference %q does not match %s: %q", lang, convRef, refPattern, s.text("main"))
	}
	p.reopen()
	s.assertText("main", p.T("conv.receipt.next.loggedin"))
	p.page("conversation receipt", p.T("conv.receipt.heading"))
	s.open("/saker/"+convRef, 200)
	s.assertText("main .tag", p.T("status.requested"))
	p.page("conversation, requested", p.T("conv.case.heading"))

	// The office books it; «Mine saker» and the case page show when and
	// where.
	convAt := sd.day(5).Add(13 * time.Hour)
	sd.change(convRef, func(cs *casework.Case) error {
		return cs.BookConversation(casework.Meeting{At: convAt, Mode: "office", Place: "Servicetorget"}, sd.by, time.Now())
	})
	when := p.T("event.meeting.when", "Weekday", p.f.Weekday(convAt), "Date", p.f.DateTime(convAt))
	s.open("/mine-saker", 200)
	card := fmt.Sprintf(`main ul.cards li:has(a[href="/saker/%s"])`, convRef)
	s.assertText(card, p.T("mycases.conv.title", "Ref", convRef), p.T("status.booked"),
		p.T("mycases.meeting.when", "When", when), p.T("mycases.meeting.where", "Mode", p.T("meeting.mode.office"), "Place", "Servicetorget"))
	for _, r := range []string{ref, busy.ID, granted.ID, rejected.ID} {
		s.assertText(fmt.Sprintf(`main ul.cards li:has(a[href="/saker/%s"])`, r), p.T("mycases.case.title", "Ref", r))
	}
	p.page("my cases with every kind of case", p.T("mycases.heading"))
	s.open("/saker/"+convRef, 200)
	s.assertText("main", when, "Servicetorget")
	s.assertText("main .tag", p.T("status.booked"))
	p.page("conversation, booked", p.T("conv.case.heading"))

	s.open("/finnes-ikke", 404)
	p.page("not found, logged in", p.T("error.notfound.title"))

	s.clickAndWait(`header form[action="/logg-ut"] button[type=submit]`, "log out")
	s.assertPath("/logget-ut")
	p.reopen()
	p.page("logged out", p.T("loggedout.heading"))
}

// staffPagesIn visits every staff page in lang: the login (also with a
// wrong password), the inbox in each of its views, the case page of a new
// case (also with the decision form sent empty), of a decided case, of an
// appeal and of a conversation request (each also with every action form
// open), the not-found page, the audit log (as the office lead), and the
// office and rate administration (as an administrator).
func staffPagesIn(t *testing.T, lang string) {
	worker := newSessionTimeout(t, true, 150*time.Second)
	st := worker.st
	testkit.Staff(t, st, caseworkerEmail, caseworkerName, "caseworker", "3401")
	testkit.Staff(t, st, leadEmail, leadName, "lead", "3401")
	testkit.Staff(t, st, adminEmail, adminName, "admin", "3401")
	p := newLangPages(worker, lang)
	sd := newSeeder(worker)
	people, err := auth.TestPersons(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	person := func(i int) casework.Person {
		return casework.Person{NationalID: people[i].NationalID, Name: people[i].Name}
	}
	now := time.Now()
	fresh := sd.application(person(0), now.Add(-2*time.Hour))
	// Received six weeks ago with no interim reply: overdue, and the
	// caseworker's own.
	overdue := sd.application(person(1), now.Add(-42*24*time.Hour),
		func(cs *casework.Case) error { return cs.Assign(sd.by, sd.by, now.Add(-41*24*time.Hour)) })
	decided := sd.application(person(2), now.Add(-10*24*time.Hour),
		func(cs *casework.Case) error { return cs.Assign(sd.by, sd.by, now.Add(-9*24*time.Hour)) },
		sd.decide(casework.OutcomeGranted, people[2].Age, now.Add(-time.Hour)))
	appealID := newRef(t)
	appealed := sd.application(person(3), now.Add(-20*24*time.Hour),
		sd.decide(casework.OutcomeRejected, people[3].Age, now.Add(-15*24*time.Hour)),
		func(cs *casework.Case) error {
			return cs.FileAppeal(casework.Appeal{ID: appealID, Change: "Jeg vil at søknaden blir innvilget.",
				Reasons: "Kontoret har ikke sett på helsen min."}, sd.cal, now.Add(-24*time.Hour))
		})
	request := sd.conversation(casework.ConversationRequest{Name: "Ola Nordmann", Phone: "912 34 567",
		PreferredTimes: []string{"morning", "afternoon"}, Modes: []string{"office", "phone"}, Message: "Jeg vil vite mer om programmet."})
	if _, err := usecase.NewStaff(st, sd.cal, func() time.Time { return now }, nil).MarkDeadlines(context.Background()); err != nil {
		t.Fatal(err)
	}

	// The login, first with a wrong password.
	worker.open("/sprak/"+lang+"?tilbake=/saksbehandler/logg-inn", 200)
	worker.assertPath("/saksbehandler/logg-inn")
	p.page("staff login", p.T("staff.login.heading"))
	worker.fill("#email", caseworkerEmail)
	worker.fill("#password", "feil passord")
	worker.clickAndWait(`main form[action="/saksbehandler/logg-inn"] button[type=submit]`, "staff login, wrong password")
	if !worker.exists(`main .error-summary a[href="#email"]`) {
		t.Fatalf("%s: no error after a wrong password: %q", lang, worker.text("main"))
	}
	p.swapped("staff login, wrong password", p.T("staff.login.heading"))
	staffLogIn(worker, caseworkerEmail)
	worker.assertPath("/saksbehandler")
	p.reopen()
	p.page("inbox", p.T("staff.inbox.heading"))

	row := func(ref string) string {
		return fmt.Sprintf(`main table.inbox tbody tr:has(a[href="/saksbehandler/saker/%s"])`, ref)
	}
	views := []struct {
		query, label string
		lists        []string
	}{
		{"vis=new", p.T("staff.inbox.new"), []string{fresh.ID}},
		{"vis=mine", p.T("staff.inbox.mine"), []string{overdue.ID}},
		{"vis=deadlines", p.T("staff.inbox.deadlines"), []string{overdue.ID}},
		{"vis=appeals", p.T("staff.inbox.appeals"), []string{appealed.ID}},
		{"vis=requests", p.T("staff.inbox.requests"), []string{request.ID}},
		{"vis=status&status=decided", p.T("status.decided"), []string{decided.ID}},
	}
	for _, v := range views {
		worker.open("/saksbehandler?"+v.query, 200)
		worker.assertText(`main ul.tabs a[aria-current="page"]`, v.label)
		for _, ref := range v.lists {
			if !worker.exists(row(ref)) {
				t.Errorf("%s: the inbox at ?%s does not list %s: %q", lang, v.query, ref, worker.text("main"))
			}
		}
		p.page("inbox, "+v.query, p.T("staff.inbox.heading"))
	}
	worker.open("/saksbehandler?vis=deadlines", 200)
	worker.assertText(row(overdue.ID)+" .tag", p.T("staff.deadline.overdue"))

	staffCase := "/saksbehandler/saker/"
	worker.open(staffCase+fresh.ID, 200)
	p.page("staff case, new", p.T("staff.case.heading", "Ref", fresh.ID, "Name", fresh.Owner.Name))
	p.allOpen("staff case, new", p.T("staff.case.heading", "Ref", fresh.ID, "Name", fresh.Owner.Name))
	worker.open(staffCase+fresh.ID, 200)
	worker.openAction("vedtak", p.T("staff.action.decision"))
	worker.submitAction("vedtak", p.T("staff.action.decision.submit"))
	if !worker.exists(`main details.action[open] form[action$="/vedtak"]`) || !worker.exists("main .error-summary") {
		t.Fatalf("%s: the empty decision form is not shown open with its errors: %q", lang, worker.text("main"))
	}
	p.swapped("staff case, empty decision", p.T("staff.case.heading", "Ref", fresh.ID, "Name", fresh.Owner.Name))

	worker.open(staffCase+decided.ID, 200)
	worker.assertText("main .tag", p.T("status.decided"))
	worker.assertText("main section.letter", p.T("decision.benefit"))
	p.page("staff case, decided", p.T("staff.case.heading", "Ref", decided.ID, "Name", decided.Owner.Name))
	p.allOpen("staff case, decided", p.T("staff.case.heading", "Ref", decided.ID, "Name", decided.Owner.Name))

	worker.open(staffCase+appealed.ID, 200)
	worker.assertText("#appeal-"+appealID, "Kontoret har ikke sett på helsen min.")
	p.page("staff case, appeal", p.T("staff.case.heading", "Ref", appealed.ID, "Name", appealed.Owner.Name))
	p.allOpen("staff case, appeal", p.T("staff.case.heading", "Ref", appealed.ID, "Name", appealed.Owner.Name))

	worker.open(staffCase+request.ID, 200)
	worker.assertText("main", p.T("staff.conv.anon"), "912 34 567")
	p.page("staff conversation request", p.T("staff.conv.heading", "Ref", request.ID, "Name", "Ola Nordmann"))
	p.allOpen("staff conversation request", p.T("staff.conv.heading", "Ref", request.ID, "Name", "Ola Nordmann"))

	worker.open(staffCase+"2222-2222", 404)
	p.page("staff, case not found", p.T("error.notfound.title"))

	// The office lead reads the audit log of the case the caseworker saw.
	lead := worker.otherPerson()
	lead.open("/sprak/"+lang+"?tilbake="+staffCase+fresh.ID+"/logg", 200)
	lead.assertPath("/saksbehandler/logg-inn")
	staffLogIn(lead, leadEmail)
	lead.assertPath(staffCase + fresh.ID + "/logg")
	pl := newLangPages(lead, lang)
	pl.reopen()
	lead.assertText("main table tbody", caseworkerName, p.T("staff.audit.action.view"))
	pl.page("audit log", p.T("staff.audit.heading", "Ref", fresh.ID))

	// The administrator's pages.
	admin := worker.otherPerson()
	admin.open("/sprak/"+lang+"?tilbake=/saksbehandler/admin/kontorer", 200)
	admin.assertPath("/saksbehandler/logg-inn")
	staffLogIn(admin, adminEmail)
	admin.assertPath("/saksbehandler/admin/kontorer")
	pa := newLangPages(admin, lang)
	pa.reopen()
	pa.page("admin offices", p.T("admin.offices.heading"))
	admin.assertText(`main table.inbox tbody tr:has(a[href*="kontor=3401#"]) td:nth-child(3)`,
		p.T("admin.offices.col.payment.day", "Day", sd.office.PaymentDay))
	admin.open("/saksbehandler/admin/kontorer?kontor=3401", 200)
	pa.page("admin offices, change one", p.T("admin.offices.heading"))
	admin.assertText("main h2#skjema", p.T("admin.offices.edit"))
	admin.open("/saksbehandler/admin/satser", 200)
	pa.page("admin rates", p.T("admin.rates.heading"))
}

// langPages checks pages in one language.
type langPages struct {
	s    *session
	lang string
	L    *i18n.Localizer
	// f formats dates as the portal does in the language.
	f       *handlers.Page
	ids     *messageIDs
	missing *missingMessages
}

func newLangPages(s *session, lang string) *langPages {
	s.t.Helper()
	b := messageBundle(s.t)
	if !b.Supported(lang) {
		s.t.Fatalf("no messages for %q", lang)
	}
	L := b.For(lang)
	return &langPages{s: s, lang: lang, L: L, f: &handlers.Page{L: L}, ids: newMessageIDs(b), missing: captureMissingMessages(s.t)}
}

// T is the message id in the page's language; a missing one fails the
// test (through the missing-message log).
func (p *langPages) T(id string, args ...any) string { return p.L.T(id, args...) }

// switchLanguage opens path and switches the language with the header's
// link, which must lead back to path with <html lang> set.
func (p *langPages) switchLanguage(path string) {
	p.s.t.Helper()
	p.s.open(path, 200)
	link := fmt.Sprintf(`header nav.langs a[hreflang=%q]`, p.lang)
	p.s.clickAndWait(link, "switch to "+p.lang)
	p.s.assertPath(path)
	p.s.assertLang(p.lang)
	if !p.s.exists(link + `[aria-current="true"]`) {
		p.s.t.Errorf("the header does not mark %s as the current language", p.lang)
	}
}

// reopen loads the page the tab is at again, so that the checks of page
// start from a freshly loaded page (a click may have swapped it in place
// and moved focus).
func (p *langPages) reopen() {
	p.s.t.Helper()
	p.s.open(mustEval[string](p.s, "location.pathname + location.search"), 200)
}

// page checks a freshly loaded page: everything swapped checks, the skip
// link on the first Tab, and a walk with Tab through the whole page.
func (p *langPages) page(where, h1 string) {
	p.s.t.Helper()
	where = p.lang + " " + where
	p.content(where, h1)
	p.s.assertSkipLinkFirst(where)
	p.s.assertKeyboardWalk(where)
	p.reflow(where)
}

// swapped checks the page as a click left it: the language, one h1 that
// contains h1, no raw message ids, zero axe-core violations, and no
// horizontal scrolling at 360 px and at 200 % zoom.
func (p *langPages) swapped(where, h1 string) {
	p.s.t.Helper()
	where = p.lang + " " + where
	p.content(where, h1)
	p.reflow(where)
}

// allOpen opens every folded section of the page (the staff actions'
// forms) and checks the page as swapped does.
func (p *langPages) allOpen(where, h1 string) {
	p.s.t.Helper()
	if n := mustEval[int](p.s, `(() => { const ds = document.querySelectorAll("main details:not([open])"); ds.forEach(d => { d.open = true; }); return ds.length; })()`); n == 0 {
		p.s.t.Errorf("%s %s: no folded section to open", p.lang, where)
	}
	p.swapped(where+", every section open", h1)
}

func (p *langPages) content(where, h1 string) {
	p.s.t.Helper()
	p.s.assertLang(p.lang)
	p.s.assertOneH1(where)
	if got := strings.Join(strings.Fields(p.s.text("h1")), " "); !strings.Contains(got, h1) {
		p.s.t.Errorf("%s: h1 = %q, want it to contain %q", where, got, h1)
	}
	p.assertNoMessageIDs(where)
	p.s.checkPage(where)
}

func (p *langPages) reflow(where string) {
	p.s.t.Helper()
	for _, w := range []int64{phoneWidth, zoomWidth} {
		p.s.viewport(w, viewportHeight)
		p.s.assertNoHorizontalScroll(where)
	}
	p.s.resetViewport()
}

// pageTexts collects what the page says: the title, every text node
// outside scripts and styles (hidden ones too), and the attributes that
// are read out or shown.
const pageTexts = `(() => {
	const out = [document.title];
	const skip = "script, style, noscript, template";
	const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	while (w.nextNode()) {
		const n = w.currentNode, t = n.nodeValue.trim();
		if (t && !(n.parentElement && n.parentElement.closest(skip))) out.push(t);
	}
	const attrs = ["aria-label", "aria-description", "aria-roledescription", "title", "placeholder", "alt"];
	for (const e of document.body.querySelectorAll("*"))
		for (const a of attrs) { const v = e.getAttribute(a); if (v) out.push(v); }
	for (const e of document.querySelectorAll('input[type=submit], input[type=button], input[type=reset]'))
		if (e.value) out.push(e.value);
	return out;
})()`

// assertNoMessageIDs fails the test for every raw message id on the page,
// and for every message the portal logged as missing since the last check.
func (p *langPages) assertNoMessageIDs(where string) {
	p.s.t.Helper()
	for _, found := range p.ids.find(mustEval[[]string](p.s, pageTexts)) {
		p.s.t.Errorf("%s: a raw message id on the page: %s", where, found)
	}
	for _, m := range p.missing.take() {
		p.s.t.Errorf("%s: the portal has no message %s", where, m)
	}
}

// messageIDs recognises message ids in page text: a word is one when it
// looks like an id (lowercase first part, parts separated by dots, no
// slash or @, so never a URL or an e-mail address) and either is an id in
// a message file, or starts with a first part that ids have ("status.",
// "conv.") and does not end like a file or host name (a message built
// from a value the files lack shows as such an id).
type messageIDs struct {
	ids        map[string]bool
	namespaces map[string]bool
}

var (
	idLike = regexp.MustCompile(`^[a-z][a-z0-9]*(?:\.[a-zA-Z0-9-]+)+$`)
	// fileOrHost are endings of dotted words that are file or host names.
	fileOrHost = map[string]bool{"no": true, "com": true, "org": true, "net": true, "test": true, "pdf": true, "png": true, "jpg": true, "jpeg": true}
	// wordEdges are what may stand around a word in running text.
	wordEdges = `.,;:!?()[]{}"'«»“”‘’…–—`
)

func newMessageIDs(b *i18n.Bundle) *messageIDs {
	m := &messageIDs{ids: map[string]bool{}, namespaces: map[string]bool{}}
	for _, lang := range b.Languages() {
		for id := range b.Keys(lang) {
			m.ids[id] = true
			m.namespaces[strings.SplitN(id, ".", 2)[0]] = true
		}
	}
	return m
}

// find returns each message id in texts once, with the text it is in.
func (m *messageIDs) find(texts []string) []string {
	var found []string
	seen := map[string]bool{}
	for _, text := range texts {
		for _, word := range strings.Fields(text) {
			word = strings.Trim(word, wordEdges)
			if seen[word] || !idLike.MatchString(word) {
				continue
			}
			parts := strings.Split(word, ".")
			if m.ids[word] || m.namespaces[parts[0]] && !fileOrHost[parts[len(parts)-1]] {
				seen[word] = true
				if len(text) > 120 {
					text = text[:120] + "…"
				}
				found = append(found, fmt.Sprintf("%q in %q", word, text))
			}
		}
	}
	return found
}

var (
	bundleOnce sync.Once
	bundle     *i18n.Bundle
	bundleErr  error
)

// messageBundle is the portal's messages, loaded once.
func messageBundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	bundleOnce.Do(func() { bundle, bundleErr = i18n.Load() })
	if bundleErr != nil {
		t.Fatal(bundleErr)
	}
	return bundle
}

// missingMessages collects the warnings the portal's localizer logs
// (through the default slog logger) when a page asks for a message that
// the language lacks; the page then shows the id.
type missingMessages struct {
	mu  sync.Mutex
	ids []string
}

func (m *missingMessages) take() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := m.ids
	m.ids = nil
	return ids
}

var (
	missingMu   sync.Mutex
	missingRecs = map[*testing.T]*missingMessages{}
)

// captureMissingMessages records missing messages while t runs. One test
// may check pages in several tabs; they share the record.
func captureMissingMessages(t *testing.T) *missingMessages {
	t.Helper()
	missingMu.Lock()
	defer missingMu.Unlock()
	if m, ok := missingRecs[t]; ok {
		return m
	}
	m := &missingMessages{}
	missingRecs[t] = m
	prev, w, flags := slog.Default(), log.Writer(), log.Flags()
	// Other records go to stderr through a handler of their own: the
	// default handler writes through the log package, which SetDefault
	// points back at this handler.
	slog.SetDefault(slog.New(missingHandler{m: m, next: slog.NewTextHandler(os.Stderr, nil)}))
	t.Cleanup(func() {
		missingMu.Lock()
		defer missingMu.Unlock()
		delete(missingRecs, t)
		slog.SetDefault(prev)
		log.SetOutput(w)
		log.SetFlags(flags)
	})
	return m
}

type missingHandler struct {
	m    *missingMessages
	next slog.Handler
}

func (h missingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn || h.next.Enabled(ctx, l)
}

func (h missingHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "missing message" {
		var id, lang string
		r.Attrs(func(a slog.Attr) bool {
			switch a.Key {
			case "id":
				id = a.Value.String()
			case "lang":
				lang = a.Value.String()
			}
			return true
		})
		h.m.mu.Lock()
		h.m.ids = append(h.m.ids, fmt.Sprintf("%q in %s", id, lang))
		h.m.mu.Unlock()
	}
	if h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}

func (h missingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return missingHandler{m: h.m, next: h.next.WithAttrs(as)}
}

func (h missingHandler) WithGroup(name string) slog.Handler {
	return missingHandler{m: h.m, next: h.next.WithGroup(name)}
}

// seeder puts cases in the portal's store through the casework package,
// as the handlers do, for pages that would otherwise take many clicks.
type seeder struct {
	t      *testing.T
	s      *session
	ctx    context.Context
	cal    *casework.Calendar
	office casework.Office
	tables casework.RateTables
	// by is the caseworker who acts.
	by casework.Staff
}

func newSeeder(s *session) *seeder {
	s.t.Helper()
	ctx := context.Background()
	office, err := s.st.Office(ctx, "3401")
	if err != nil {
		s.t.Fatal(err)
	}
	tables, err := s.st.RateTables(ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	return &seeder{t: s.t, s: s, ctx: ctx, cal: casework.NorwegianCalendar(), office: *office, tables: tables,
		by: casework.Staff{Email: caseworkerEmail, Name: caseworkerName}}
}

// day is midnight in Oslo n days from today.
func (sd *seeder) day(n int) time.Time {
	today := time.Now().In(casework.Location())
	return time.Date(today.Year(), today.Month(), today.Day()+n, 0, 0, 0, 0, casework.Location())
}

// answers are answers to every step of the application, with two
// children and a rented home.
func answers() casework.Answers {
	return casework.Answers{
		Contact:   casework.Contact{Phone: "912 34 567", Email: "kari@example.no", Street: "Storgata 1", PostalCode: "2212", PostalTown: "Kongsvinger"},
		Residence: casework.Residence{Municipality: "3401"},
		Situation: casework.Situation{IncomeSources: []string{"sosialhjelp", "annet"}, IncomeOther: "Litt hjelp fra familien",
			WorkExperience: "Lagerarbeid i to år.", Education: "videregaende", TriedBefore: "Et kurs hos NAV."},
		Goals:    casework.Goals{Goal: "Fast jobb som lagermedarbeider.", Support: "Oppfølging"},
		Children: casework.Children{HasChildren: true, Ages: []int{4, 9}},
		Housing:  casework.Housing{Situation: "leier", MonthlyCost: 8500},
		Consent:  casework.Consent{ObtainInformation: true, Declaration: true},
	}
}

// draft gives the person a draft with every step answered.
func (sd *seeder) draft(nationalID string) {
	sd.t.Helper()
	now := time.Now()
	d := &casework.Draft{ID: randomID(sd.t), Answers: answers(), Done: append([]casework.Step{}, casework.Steps...), Files: []casework.FileRef{}, CreatedAt: now, UpdatedAt: now}
	if _, err := sd.s.st.StartDraft(sd.ctx, nationalID, d); err != nil {
		sd.t.Fatal(err)
	}
}

// application stores an application from owner to Kongsvinger, received
// at `at`, after applying changes to it in order (each an action on the
// case).
func (sd *seeder) application(owner casework.Person, at time.Time, changes ...func(*casework.Case) error) *casework.Case {
	sd.t.Helper()
	d := &casework.Draft{ID: randomID(sd.t), Answers: answers(), Done: casework.Steps, Files: []casework.FileRef{}}
	cs := casework.NewCase(newRef(sd.t), d, owner, sd.office, at, sd.cal)
	for _, change := range changes {
		if err := change(cs); err != nil {
			sd.t.Fatalf("set up case %s: %v", cs.ID, err)
		}
	}
	if _, _, err := sd.s.st.SubmitCase(sd.ctx, cs); err != nil {
		sd.t.Fatal(err)
	}
	return cs
}

// conversation stores a conversation request to Kongsvinger from someone
// not logged in.
func (sd *seeder) conversation(r casework.ConversationRequest) *casework.Case {
	sd.t.Helper()
	cs := casework.NewConversationCase(newRef(sd.t), r, casework.Person{}, sd.office, time.Now().Add(-time.Hour))
	if _, _, err := sd.s.st.SubmitCase(sd.ctx, cs); err != nil {
		sd.t.Fatal(err)
	}
	return cs
}

// decide is the caseworker's decision with outcome, made at `at`; a grant
// runs a year from 30 days ahead, for a person of age.
func (sd *seeder) decide(outcome casework.Outcome, age int, at time.Time) func(*casework.Case) error {
	return func(cs *casework.Case) error {
		start := sd.day(30)
		d := casework.Decision{Outcome: outcome, Rules: "Sosialtjenesteloven §§ 29–31",
			Facts: "Søkeren har sterkt nedsatt arbeidsevne.", Considerations: "Programmet er egnet.",
			Start: start, End: start.AddDate(1, 0, 0)}
		return cs.Decide(d, sd.tables, func(time.Time) int { return age }, false, sd.cal, sd.by, at)
	}
}

// change applies an action to a stored case and saves it.
func (sd *seeder) change(ref string, f func(*casework.Case) error) {
	sd.t.Helper()
	cs, err := sd.s.st.Case(sd.ctx, ref)
	if err != nil {
		sd.t.Fatal(err)
	}
	seen := cs.Version
	if err := f(cs); err != nil {
		sd.t.Fatalf("change case %s: %v", ref, err)
	}
	if err := sd.s.st.UpdateCase(sd.ctx, cs, seen); err != nil {
		sd.t.Fatal(err)
	}
}

func newRef(t *testing.T) string {
	t.Helper()
	ref, err := casework.NewReference()
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func randomID(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// firstTestPerson is the first person on the development login page.
func firstTestPerson(t *testing.T) auth.TestPerson {
	t.Helper()
	people, err := auth.TestPersons(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return people[0]
}

// kbCandidates marks every control on the page that Tab should reach
// (rendered, not disabled, not taken out of the order with tabindex=-1)
// and returns how many there are.
const kbCandidates = `(() => {
	let n = 0;
	for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')) {
		if (e.matches('[tabindex="-1"], :disabled') || !e.checkVisibility({visibilityProperty: true})) continue;
		e.dataset.e2eKb = String(n++);
	}
	const a = document.activeElement;
	if (a && a.dataset.e2eKb !== undefined) a.dataset.e2eKbSeen = "1";
	window.__e2eKbLast = a;
	return n;
})()`

// kbStep describes the element Tab has just focused and marks it seen.
const kbStep = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body || e === document.documentElement) return {done: true};
	// Date and time fields take a Tab for each of their parts.
	if (e === window.__e2eKbLast) return {same: true};
	window.__e2eKbLast = e;
	const known = e.dataset.e2eKb !== undefined;
	if (e.dataset.e2eKbSeen) return {done: true};
	e.dataset.e2eKbSeen = "1";
	const st = getComputedStyle(e), r = e.getBoundingClientRect();
	return {desc: e.outerHTML.replace(/>[\s\S]*$/, ">").slice(0, 140), known,
		outline: st.outlineStyle !== "none" && parseFloat(st.outlineWidth) > 0,
		visible: r.width >= 1 && r.height >= 1 && st.visibility === "visible" && st.opacity !== "0"};
})()`

// kbMissed lists the marked controls Tab did not reach (a radio button
// counts as reached when another in its group was: arrow keys move within
// the group).
const kbMissed = `(() => {
	const seen = e => !!e.dataset.e2eKbSeen;
	const out = [];
	for (const e of document.querySelectorAll("[data-e2e-kb]")) {
		if (seen(e)) continue;
		if (e.type === "radio" && e.name && [...document.getElementsByName(e.name)].some(seen)) continue;
		out.push(e.outerHTML.replace(/>[\s\S]*$/, ">").slice(0, 140));
	}
	for (const e of document.querySelectorAll("[data-e2e-kb]")) { delete e.dataset.e2eKb; delete e.dataset.e2eKbSeen; }
	delete window.__e2eKbLast;
	return out;
})()`

// assertKeyboardWalk presses Tab from where focus is until it leaves the
// page: every element it focuses must be visible with a focus outline,
// and every control on the page must be reached (nothing only works with
// a mouse).
func (s *session) assertKeyboardWalk(where string) {
	s.t.Helper()
	for _, p := range s.keyboardWalk(where) {
		s.t.Error(p)
	}
}

// keyboardWalk does the walk of assertKeyboardWalk and returns what it
// found wrong.
func (s *session) keyboardWalk(where string) []string {
	s.t.Helper()
	var problems []string
	n := mustEval[int](s, kbCandidates)
	type step struct {
		Done    bool   `json:"done"`
		Same    bool   `json:"same"`
		Desc    string `json:"desc"`
		Known   bool   `json:"known"`
		Outline bool   `json:"outline"`
		Visible bool   `json:"visible"`
	}
	// A date or time field takes up to three Tabs.
	limit := 3*n + 20
	for i := 0; ; i++ {
		if i == limit {
			problems = append(problems, fmt.Sprintf("%s: Tab did not leave the page after %d presses (%d controls); focus is on %s", where, limit, n, s.activeElement()))
			break
		}
		s.press(kb.Tab)
		st := mustEval[step](s, kbStep)
		if st.Done {
			break
		}
		if st.Same {
			continue
		}
		if !st.Outline || !st.Visible {
			problems = append(problems, fmt.Sprintf("%s: Tab press %d after the skip link focused %s, which shows no focus outline or is not visible", where, i+1, st.Desc))
		}
		if !st.Known {
			problems = append(problems, fmt.Sprintf("%s: Tab press %d after the skip link focused %s, which the check did not expect to be focusable", where, i+1, st.Desc))
		}
	}
	for _, missed := range mustEval[[]string](s, kbMissed) {
		problems = append(problems, fmt.Sprintf("%s: Tab never reached %s", where, missed))
	}
	return problems
}
