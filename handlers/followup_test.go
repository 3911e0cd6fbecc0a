package handlers_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"kvp/casework"
	"kvp/internal/testkit"
)

// namedFile is a file to post: its name as chosen, and its content.
type namedFile struct {
	name string
	data []byte
}

// postFiles posts a multipart form to path: the text fields, and the files
// in field (none, one or several).
func (c *client) postFiles(path string, form url.Values, field string, files ...namedFile) *page {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.csrfFor(path))
	for k, vs := range form {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := w.CreateFormFile(field, f.name)
		_, _ = fw.Write(f.data)
	}
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// staffAct posts a staff action on the case with its current version.
func staffAct(t *testing.T, e *staffEnv, sb *client, action string, form url.Values) *page {
	t.Helper()
	form.Set("version", caseVersion(t, e.st, e.ref))
	return sb.post("/saksbehandler/saker/"+e.ref+"/"+action, form)
}

func storedCase(t *testing.T, e *staffEnv) *casework.Case {
	t.Helper()
	cs, err := e.st.Case(context.Background(), e.ref)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// notAPDF is a text file, as a document saved in another format and
// renamed to .pdf often is.
var notAPDF = []byte("Dette er et vanlig tekstdokument, ikke en PDF.\n")

// TestFollowUpAtAnyTime: after submitting, the applicant can send a
// message and documents without being asked; each shows in their
// timeline and in the staff inbox as new until a caseworker opens the
// case. Mistakes are told next to the field with what was typed kept and
// nothing stored.
func TestFollowUpAtAnyTime(t *testing.T) {
	e := newStaffEnv(t)
	casePath := "/saker/" + e.ref
	send := casePath + "/ettersend"

	p := e.citizen.get(casePath)
	form := p.Doc.Find(`main form[action="` + send + `"][enctype="multipart/form-data"]`)
	if form.Find("textarea#followUpMessage").Length() != 1 || form.Find(`input[type=file]#followUpFile[name=followUpFile][multiple]`).Length() != 1 {
		t.Fatalf("no follow-up form on the case page: %q", p.Doc.Find("main").Text())
	}

	// Nothing at all is refused.
	p = e.citizen.postFiles(send, url.Values{"followUpMessage": {"  "}}, "followUpFile")
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find(`.error-summary a[href="#followUpMessage"]`).Length() != 1 || !strings.Contains(p.Doc.Find("#followUpMessage-error").Text(), "Skriv en melding eller velg minst én fil.") {
		t.Errorf("empty follow-up: %q", p.Doc.Find(".error-summary").Text())
	}

	// A file named .pdf that is not a PDF is told so, and the message stays.
	before := len(storedCase(t, e).Events)
	msg := "Jeg har fått jobb 20 prosent fra mars.\nKontrakten ligger ved."
	p = e.citizen.postFiles(send, url.Values{"followUpMessage": {msg}}, "followUpFile",
		namedFile{"arbeidskontrakt.pdf", readFixture(t, "valid.pdf")}, namedFile{"lønnsslipp.pdf", notAPDF})
	expectStatus(t, p, http.StatusOK)
	errText := p.Doc.Find("#followUpFile-error").Text()
	if !strings.Contains(errText, "«lønnsslipp.pdf»: Filen heter .pdf, men er ikke en PDF.") || strings.Contains(errText, "arbeidskontrakt") || !strings.Contains(errText, "Velg filene på nytt") {
		t.Errorf("refused file: %q", errText)
	}
	if v, _ := p.Doc.Find("#followUpFile").Attr("aria-invalid"); v != "true" {
		t.Error("the file field is not marked invalid")
	}
	if got := p.Doc.Find("#followUpMessage").Text(); got != msg {
		t.Errorf("typed message not kept: %q", got)
	}
	if cs := storedCase(t, e); len(cs.Events) != before || cs.NewFromApplicant != 0 {
		t.Fatalf("a refused post changed the case: %d events, new %d", len(cs.Events), cs.NewFromApplicant)
	}

	// A message alone, then a message with two documents.
	expectRedirect(t, e.citizen.postFiles(send, url.Values{"followUpMessage": {"Jeg flytter 1. mars."}}, "followUpFile"), casePath+"?sendt=ettersendt")
	expectRedirect(t, e.citizen.postFiles(send, url.Values{"followUpMessage": {msg}}, "followUpFile",
		namedFile{"arbeidskontrakt.pdf", readFixture(t, "valid.pdf")}, namedFile{"lønnsslipp.pdf", readFixture(t, "valid.pdf")}), casePath+"?sendt=ettersendt")
	p = e.citizen.get(casePath + "?sendt=ettersendt")
	if got := p.Doc.Find("main .notice.success").Text(); !strings.Contains(got, "Det du sendte, er kommet fram til NAV-kontoret.") {
		t.Errorf("no receipt: %q", got)
	}
	timeline := p.Doc.Find("main ol.timeline").Text()
	for _, want := range []string{"Du sendte dette til NAV-kontoret:", "Jeg flytter 1. mars.", "Kontrakten ligger ved.", "arbeidskontrakt.pdf, lønnsslipp.pdf"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q: %q", want, timeline)
		}
	}
	if !strings.Contains(p.Doc.Find("main ul.files").Text(), "lønnsslipp.pdf") {
		t.Error("the sent documents are not among the case's files")
	}
	if cs := storedCase(t, e); cs.NewFromApplicant != 2 {
		t.Errorf("new from applicant %d, want 2", cs.NewFromApplicant)
	}

	// The inbox marks the case and counts it; opening it clears the mark.
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	inbox := sb.get("/saksbehandler")
	row := inbox.Doc.Find(`table.inbox tr:has(a[href="/saksbehandler/saker/` + e.ref + `"])`)
	if got := row.Find(".tag-news").Text(); got != "Nytt fra søker: 2" {
		t.Errorf("inbox row mark %q", got)
	}
	if got := inbox.Doc.Find(`a[href*="vis=news"]`).Text(); got != "Nytt fra søker (1)" {
		t.Errorf("news tab %q", got)
	}
	news := sb.get("/saksbehandler?kontor=3401&vis=news")
	if news.Doc.Find(`table.inbox a[href="/saksbehandler/saker/`+e.ref+`"]`).Length() != 1 {
		t.Error("the case is not in the news view")
	}
	sp := sb.get("/saksbehandler/saker/" + e.ref)
	expectStatus(t, sp, http.StatusOK)
	if got := sp.Doc.Find("main ol.timeline").Text(); !strings.Contains(got, "Søkeren sendte dette på eget initiativ:") || !strings.Contains(got, "Jeg flytter 1. mars.") {
		t.Errorf("staff timeline: %q", got)
	}
	if cs := storedCase(t, e); cs.NewFromApplicant != 0 {
		t.Errorf("opening the case left the mark: %d", cs.NewFromApplicant)
	}
	inbox = sb.get("/saksbehandler")
	if inbox.Doc.Find(".tag-news").Length() != 0 || inbox.Doc.Find(`a[href*="vis=news"]`).Text() != "Nytt fra søker (0)" {
		t.Errorf("mark after opening: %q", inbox.Doc.Find(`a[href*="vis=news"]`).Text())
	}

	// Staff of another office neither see nor clear it.
	expectRedirect(t, e.citizen.postFiles(send, url.Values{"followUpMessage": {"En ting til."}}, "followUpFile"), casePath)
	other := e.newC()
	staffLogin(t, other, "dina@nav.test")
	expectStatus(t, other.get("/saksbehandler/saker/"+e.ref), http.StatusNotFound)
	if cs := storedCase(t, e); cs.NewFromApplicant != 1 {
		t.Errorf("another office's view cleared the mark: %d", cs.NewFromApplicant)
	}

	// A withdrawn application takes nothing more.
	expectRedirect(t, e.citizen.post(casePath+"/trekk", url.Values{"confirm": {"ja"}}), casePath)
	p = e.citizen.get(casePath)
	if p.Doc.Find(`form[action="`+send+`"]`).Length() != 0 {
		t.Error("a withdrawn case offers the follow-up form")
	}
	p = e.citizen.postFiles(send, url.Values{"followUpMessage": {"Hei"}}, "followUpFile")
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find(".error-summary").Text(), "Søknaden er trukket") {
		t.Errorf("follow-up on a withdrawn case: %q", p.Doc.Find(".error-summary").Text())
	}
}

// TestEachRequestedDocument: a request for two documents lists both and
// stays open after the first is sent, until the other is sent or the
// applicant says why it cannot be.
func TestEachRequestedDocument(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	casePath := "/saker/" + e.ref
	deadline := day(14)
	expectRedirect(t, staffAct(t, e, sb, "dokumentasjon", url.Values{"documents": {"- Legeerklæring\n- Kontoutskrift for de siste tre månedene"}, "docReason": {"For å vurdere arbeidsevnen og økonomien"}, "deadline": {iso(deadline)}}), "/saksbehandler/saker/"+e.ref)

	p := e.citizen.get(casePath)
	section := p.Doc.Find("main section#dokumentasjon")
	if got := section.Find("h2").First().Text(); got != "NAV-kontoret trenger dokumentasjon fra deg innen "+nb.Date(deadline) {
		t.Errorf("request heading %q", got)
	}
	items := section.Find("ul.docitems li")
	if items.Length() != 2 || !strings.Contains(items.Eq(0).Text(), "Legeerklæring") || !strings.Contains(items.Eq(1).Text(), "Kontoutskrift for de siste tre månedene") || !strings.Contains(items.Eq(1).Text(), "Ikke sendt ennå") {
		t.Fatalf("documents: %q", items.Text())
	}
	upload := section.Find(`form[action="` + casePath + `/dokumentasjon"]`)
	if upload.Find(`input[type=radio][name=item]`).Length() != 2 || upload.Find(`input#file[type=file][multiple]`).Length() != 1 {
		t.Fatalf("upload form: %q", upload.Text())
	}

	// No file chosen.
	p = e.citizen.postFiles(casePath+"/dokumentasjon", url.Values{"item": {"1-1"}}, "file")
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#file-error").Text(), "Velg en fil å laste opp.") {
		t.Errorf("no file: %q", p.Doc.Find("#file-error").Text())
	}
	if _, checked := p.Doc.Find("#item-1-1").Attr("checked"); !checked || p.Doc.Find(`input[name=item][checked]`).Length() != 1 {
		t.Error("the chosen document is not kept")
	}
	// A document not in the request.
	p = e.citizen.postFiles(casePath+"/dokumentasjon", url.Values{"item": {"1-7"}}, "file", namedFile{"x.pdf", readFixture(t, "valid.pdf")})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find(".error-summary").Text(), "Velg et av dokumentene i listen.") {
		t.Errorf("unknown document: %q", p.Doc.Find(".error-summary").Text())
	}
	// The second document, in two files.
	expectRedirect(t, e.citizen.postFiles(casePath+"/dokumentasjon", url.Values{"item": {"1-1"}}, "file",
		namedFile{"januar.pdf", readFixture(t, "valid.pdf")}, namedFile{"februar.pdf", readFixture(t, "valid.pdf")}), casePath+"?sendt=dokument")
	p = e.citizen.get(casePath)
	section = p.Doc.Find("main section#dokumentasjon")
	items = section.Find("ul.docitems li")
	if !strings.Contains(items.Eq(1).Text(), "Sendt "+nb.Date(e.clock.Now())) || !strings.Contains(items.Eq(0).Text(), "Ikke sendt ennå") {
		t.Errorf("after the first document: %q", items.Text())
	}
	if v, _ := section.Find(`form[action$="/dokumentasjon"] input[type=hidden][name=item]`).Attr("value"); v != "1-0" {
		t.Errorf("the one open document is not chosen for the upload: %q", v)
	}
	if got := p.Doc.Find("main ol.timeline").Text(); !strings.Contains(got, "Du sendte dokumentasjon: januar.pdf, februar.pdf") || !strings.Contains(got, "Gjelder: Kontoutskrift for de siste tre månedene") {
		t.Errorf("timeline: %q", got)
	}

	// The other one cannot be sent: a reason is needed.
	p = e.citizen.post(casePath+"/dokumentasjon/kan-ikke", url.Values{"cannotItem": {"1-0"}, "reason": {""}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#reason-error").Text(), "Skriv hvorfor du ikke kan sende dokumentet.") || p.Doc.Find("details.cannot[open]").Length() != 1 {
		t.Errorf("no reason: %q", p.Doc.Find(".error-summary").Text())
	}
	p = e.citizen.post(casePath+"/dokumentasjon/kan-ikke", url.Values{"cannotItem": {"1-1"}, "reason": {"Har sendt den"}})
	if !strings.Contains(p.Doc.Find(".error-summary").Text(), "Det dokumentet har du allerede sendt.") {
		t.Errorf("explaining a sent document: %q", p.Doc.Find(".error-summary").Text())
	}
	reason := "Fastlegen min har sluttet, og jeg har ikke fått ny ennå."
	expectRedirect(t, e.citizen.post(casePath+"/dokumentasjon/kan-ikke", url.Values{"cannotItem": {"1-0"}, "reason": {reason}}), casePath+"?sendt=forklart")
	p = e.citizen.get(casePath + "?sendt=forklart")
	if p.Doc.Find("main section#dokumentasjon").Length() != 0 || p.Doc.Find(`main form[action$="/dokumentasjon"]`).Length() != 0 {
		t.Error("the request is still open with both documents answered")
	}
	if got := p.Doc.Find("main .notice.success").Text(); !strings.Contains(got, "NAV-kontoret har fått forklaringen din.") {
		t.Errorf("receipt: %q", got)
	}
	if got := p.Doc.Find("main ol.timeline").Text(); !strings.Contains(got, "Du forklarte hvorfor du ikke kan sende «Legeerklæring»:") || !strings.Contains(got, reason) {
		t.Errorf("timeline: %q", got)
	}

	// Staff see both as new, and the reason.
	inbox := sb.get("/saksbehandler")
	if got := inbox.Doc.Find(`tr:has(a[href="/saksbehandler/saker/` + e.ref + `"]) .tag-news`).Text(); got != "Nytt fra søker: 2" {
		t.Errorf("inbox mark %q", got)
	}
	sp := sb.get("/saksbehandler/saker/" + e.ref)
	if got := sp.Doc.Find("main ol.timeline").Text(); !strings.Contains(got, "Søkeren kan ikke sende «Legeerklæring»:") || !strings.Contains(got, reason) || !strings.Contains(got, "Søkeren sendte dokumentasjon: januar.pdf, februar.pdf") {
		t.Errorf("staff timeline: %q", got)
	}
}

// TestNextConversationPanel: a booked conversation is at the top of the
// case page and of «Mine saker»: when, where, whom, what to bring, how to
// move it, and the calendar file; not once it has begun.
func TestNextConversationPanel(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	casePath := "/saker/" + e.ref
	expectRedirect(t, staffAct(t, e, sb, "ta", url.Values{}), "/saksbehandler/saker/"+e.ref)
	expectRedirect(t, staffAct(t, e, sb, "dokumentasjon", url.Values{"documents": {"Legeerklæring"}, "docReason": {"Arbeidsevnen"}, "deadline": {iso(day(14))}}), "/saksbehandler/saker/"+e.ref)
	meeting := dayAt(7, 10, 0)
	expectRedirect(t, staffAct(t, e, sb, "samtale", url.Values{"meetingDate": {iso(meeting)}, "meetingTime": {"10:00"}, "mode": {"office"}, "place": {"Servicetorget, Rådhusplassen 3"}}), "/saksbehandler/saker/"+e.ref)

	when := meetingText(nb, meeting)
	p := e.citizen.get(casePath)
	panel := p.Doc.Find("main section#samtale")
	if panel.Length() != 1 {
		t.Fatalf("no conversation panel: %q", p.Doc.Find("main").Text())
	}
	if first := p.Doc.Find("main section, main h2").First(); first.AttrOr("id", "") != "samtale" {
		t.Errorf("the panel is not the first section on the page: %q", first.Text())
	}
	text := panel.Text()
	for _, want := range []string{"Din neste samtale", when, "Oppmøte på NAV-kontoret: Servicetorget, Rådhusplassen 3", "Du snakker med", "Siri Saksbehandler", "legitimasjon med bilde", "Legeerklæring", "Passer ikke tidspunktet for samtalen?"} {
		if !strings.Contains(text, want) {
			t.Errorf("panel lacks %q: %q", want, text)
		}
	}
	if panel.Find(`a[href="`+casePath+`/samtale.ics"]`).Length() != 1 || panel.Find(`form[action="`+casePath+`/flytt-samtale"] textarea#message`).Length() != 1 {
		t.Error("the panel lacks the calendar file or the form to move it")
	}

	mine := e.citizen.get("/mine-saker")
	panel = mine.Doc.Find("main section#samtale")
	if !strings.Contains(panel.Text(), when) || panel.Find(`a[href="`+casePath+`"]`).Length() != 1 || panel.Find(`a[href="`+casePath+`#flytt"]`).Length() != 1 || panel.Find(`a[href="`+casePath+`/samtale.ics"]`).Length() != 1 {
		t.Errorf("«Mine saker» panel: %q", panel.Text())
	}

	// Asked to move: the panel says so.
	expectRedirect(t, e.citizen.post(casePath+"/flytt-samtale", url.Values{"message": {"Tirsdag passer bedre"}}), casePath+"?sendt=flytt")
	if got := e.citizen.get(casePath).Doc.Find("main section#samtale").Text(); !strings.Contains(got, "Du har bedt om å flytte samtalen.") {
		t.Errorf("after asking to move: %q", got)
	}
	// A move request without a message keeps the panel's form with the error.
	p = e.citizen.post(casePath+"/flytt-samtale", url.Values{"message": {""}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("main section#samtale #message-error").Length() != 1 {
		t.Errorf("move error not in the panel: %q", p.Doc.Find(".error-summary").Text())
	}

	// By phone: the office calls the number in the application.
	later := dayAt(9, 13, 30)
	expectRedirect(t, staffAct(t, e, sb, "samtale", url.Values{"meetingDate": {iso(later)}, "meetingTime": {"13:30"}, "mode": {"phone"}, "place": {"Vi ringer deg"}}), "/saksbehandler/saker/"+e.ref)
	text = e.citizen.get(casePath).Doc.Find("main section#samtale").Text()
	if !strings.Contains(text, "Telefon: Vi ringer deg") || !strings.Contains(text, "Kontoret ringer deg på 912 34 567.") || strings.Contains(text, "legitimasjon") || strings.Contains(text, "Du har bedt om å flytte") {
		t.Errorf("phone conversation: %q", text)
	}

	// Once it has begun, it is no longer the next one.
	e.clock.Advance(later.Sub(e.clock.Now()) + 1)
	e.citizen.login(persons(t)[1].NationalID)
	if e.citizen.get(casePath).Doc.Find("main section#samtale").Length() != 0 || e.citizen.get("/mine-saker").Doc.Find("main section#samtale").Length() != 0 {
		t.Error("a conversation that has begun is still shown as the next one")
	}
}

// TestOutcomesInWords: «Mine saker» and the case page say how a case
// ended: granted, refused, sent back by Statsforvalteren.
func TestOutcomesInWords(t *testing.T) {
	e := newStaffEnv(t)
	ctx := context.Background()
	cal := casework.NorwegianCalendar()
	tables, _ := casework.DefaultRateTables()
	by := casework.Staff{Email: "siri@nav.test", Name: "Siri Saksbehandler"}
	me := persons(t)[1]
	office, err := e.st.Office(ctx, "3401")
	if err != nil {
		t.Fatal(err)
	}
	now := e.clock.Now()
	add := func(ref string, change func(c *casework.Case) error) {
		t.Helper()
		c := casework.NewCase(ref, &casework.Draft{ID: "draft-" + ref}, casework.Person{NationalID: me.NationalID, Name: me.Name}, *office, now.AddDate(0, 0, -30), cal)
		if _, _, err := e.st.SubmitCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		v := c.Version
		if err := change(c); err != nil {
			t.Fatal(err)
		}
		if err := e.st.UpdateCase(ctx, c, v); err != nil {
			t.Fatal(err)
		}
	}
	reject := casework.Decision{Outcome: casework.OutcomeRejected, Rules: "r", Facts: "f", Considerations: "c"}
	add("AAAA-2223", func(c *casework.Case) error {
		return c.Decide(casework.Decision{Outcome: casework.OutcomeGranted, Rules: "r", Facts: "f", Considerations: "c", Start: day(10), End: day(300)}, tables, func(time.Time) int { return 30 }, false, cal, by, now)
	})
	add("AAAA-2224", func(c *casework.Case) error { return c.Decide(reject, tables, nil, false, cal, by, now) })
	add("AAAA-2225", func(c *casework.Case) error {
		if err := c.Decide(reject, tables, nil, false, cal, by, now.AddDate(0, 0, -20)); err != nil {
			return err
		}
		c.DecisionReached(cal, now.AddDate(0, 0, -20), now.AddDate(0, 0, -20))
		if err := c.FileAppeal(casework.Appeal{ID: "KKKK-2222", Change: "c", Reasons: "r"}, cal, now.AddDate(0, 0, -19)); err != nil {
			return err
		}
		if err := c.UpholdDecision("KKKK-2222", casework.AppealSummary{CommentDeadline: now.AddDate(0, 0, -10)}, by, now.AddDate(0, 0, -18)); err != nil {
			return err
		}
		if err := c.ForwardAppeal("KKKK-2222", by, now.AddDate(0, 0, -9)); err != nil {
			return err
		}
		return c.RecordBodyResult("KKKK-2222", casework.BodyResult{Outcome: casework.BodyOverturned}, cal, by, now.AddDate(0, 0, -1))
	})
	mine := e.citizen.get("/mine-saker")
	for ref, want := range map[string]string{e.ref: "Mottatt", "AAAA-2223": "Innvilget", "AAAA-2224": "Avslått", "AAAA-2225": "Sendt tilbake for ny behandling"} {
		card := mine.Doc.Find(`main ul.cards li:has(a[href="/saker/` + ref + `"])`)
		if got := card.Find(".tag").First().Text(); got != want {
			t.Errorf("«Mine saker», %s: %q, want %q", ref, got, want)
		}
		if got := e.citizen.get("/saker/" + ref).Doc.Find("main .tag").First().Text(); got != want {
			t.Errorf("case page %s: %q, want %q", ref, got, want)
		}
	}
}

// TestRefusalIsNoDeadEnd: a refusal says who decided, what the person can
// do now and how to reach the office; every case page has the office's
// phone and opening hours.
func TestRefusalIsNoDeadEnd(t *testing.T) {
	e := newStaffEnv(t)
	casePath := "/saker/" + e.ref
	p := e.citizen.get(casePath)
	office := p.Doc.Find("main section:has(h2#kontoret)")
	if office.Find(`a[href="tel:+4755553333"]`).Text() != "55 55 33 33" || !strings.Contains(office.Text(), "Si at du vil snakke med NAV Kongsvinger.") ||
		!strings.Contains(office.Text(), "Åpningstider på kontoret") || !strings.Contains(office.Text(), "Mandag–tirsdag: 08:00–15:30") {
		t.Errorf("office help: %q", office.Text())
	}
	if p.Doc.Find(`main a[href="#kontoret"]`).Length() == 0 {
		t.Error("no link to the office help near the top")
	}
	if p.Doc.Find("#refusal-heading").Length() != 0 {
		t.Error("an open case has the refusal help")
	}

	lead := e.newC()
	staffLogin(t, lead, "lars@nav.test")
	expectRedirect(t, staffAct(t, e, lead, "vedtak", url.Values{"outcome": {"rejected"}, "rules": {"Sosialtjenesteloven § 29"}, "facts": {"Søkeren er i jobb."}, "considerations": {"Vilkårene er ikke oppfylt."}}), "/saksbehandler/saker/"+e.ref)
	p = e.citizen.get(casePath)
	main := p.Doc.Find("main").Text()
	for _, want := range []string{"Vedtaket er fattet av Lars Leder, leder ved NAV Kongsvinger.", "Hva kan du gjøre nå?", "økonomisk sosialhjelp", "be om å få snakke med NAV Kongsvinger", "kan du klage", "søke på nytt"} {
		if !strings.Contains(main, want) {
			t.Errorf("refused case page lacks %q", want)
		}
	}
	if p.Doc.Find(`section:has(#refusal-heading) a[href="#kontoret"]`).Length() != 1 {
		t.Error("the refusal help does not link to the office's contact")
	}
}

// TestHelpOnEveryStep: every step of the application, and its start page,
// say how to get help from the office; the start page lists what to have
// ready and how long it takes.
func TestHelpOnEveryStep(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	start := c.get("/soknad")
	text := start.Doc.Find("main").Text()
	for _, want := range []string{"Har du papirene klare, tar den 8–12 minutter.", "Dette er lurt å ha klart", "kontoutskrift", "55 55 33 33"} {
		if !strings.Contains(text, want) {
			t.Errorf("start page lacks %q", want)
		}
	}
	if strings.Contains(text, "15–20") {
		t.Error("the start page still says 15–20 minutes")
	}
	fillApplication(t, c)
	for _, s := range casework.Steps {
		p := c.get("/soknad/steg/" + string(s))
		help := p.Doc.Find("main details.help")
		if help.Length() != 1 || help.Find(`a[href="tel:+4755553333"]`).Length() != 1 || !strings.Contains(help.Text(), "hverdager kl. 09.00–15.00") {
			t.Errorf("step %s: help %q", s, help.Text())
		}
		// The municipality is known from the second step on.
		if href, _ := help.Find(`a[href^="/kontakt"]`).Attr("href"); href != "/kontakt#office-3401" {
			t.Errorf("step %s: office link %q", s, href)
		}
	}
}

// TestInfoWording: the heading on the programme page says what its text
// says, and the calculator's note says one thing.
func TestInfoWording(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	p := c.get("/om-programmet")
	h := p.Doc.Find("main h2").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.Contains(s.Text(), "plan") })
	if h.Length() != 1 || h.Text() != "Full tid, med en plan laget for deg" || !strings.Contains(h.Next().Text(), "37,5 timer") || !strings.Contains(h.Next().Text(), "individuell plan") {
		t.Errorf("plan heading %q over %q", h.Text(), h.Next().Text())
	}
	p = c.get("/kalkulator?alder=22&barn=0&kommune=&egen-bolig=ja")
	note := p.Doc.Find("#result").Text()
	if !strings.Contains(note, "Bare noen kommuner gir full stønad") || strings.Contains(note, ", eller du har ikke valgt kommune") {
		t.Errorf("calculator note: %q", note)
	}
}
