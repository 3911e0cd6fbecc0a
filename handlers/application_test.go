package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kvp/auth"
	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/store"
)

// now is where the tests' clocks start (see clock_test.go).
var now = testkit.Now()

func persons(t *testing.T) []auth.TestPerson {
	t.Helper()
	ps, err := auth.TestPersons(now)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// validSteps are answers that pass every step.
var validSteps = []struct {
	step string
	form url.Values
}{
	{"om-deg", url.Values{"phone": {"912 34 567"}, "email": {"kari@example.no"}, "street": {"Storgata 1"}, "postalCode": {"2212"}, "postalTown": {"Kongsvinger"}}},
	{"bosted", url.Values{"municipality": {"3401"}}},
	{"situasjon", url.Values{"incomeSources": {"sosialhjelp", "annet"}, "incomeOther": {"Litt hjelp fra familien"}, "workExperience": {"Butikk i to år."}, "education": {"videregaende"}}},
	{"mal", url.Values{"goal": {"Fast jobb i butikk."}, "support": {"Oppfølging"}}},
	{"barn", url.Values{"hasChildren": {"ja"}, "ages": {"4, 9"}}},
	{"bolig", url.Values{"housing": {"leier"}, "monthlyCost": {"8 500"}}},
	{"vedlegg", url.Values{}},
	{"samtykke", url.Values{"obtainInformation": {"ja"}, "declaration": {"ja"}}},
}

// fillApplication logs in nothing; it starts a draft and saves every step.
func fillApplication(t *testing.T, c *client) {
	t.Helper()
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	for i, s := range validSteps {
		p := c.post("/soknad/steg/"+s.step, s.form)
		next := "/soknad/oppsummering"
		if i+1 < len(validSteps) {
			next = "/soknad/steg/" + validSteps[i+1].step
		}
		expectRedirect(t, p, next)
	}
}

var refPattern = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$`)

func TestApplicationJourney(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	me := persons(t)[0]

	// Logged out, the application sends you to login and back.
	p := c.get("/soknad")
	expectRedirect(t, p, "/logg-inn?neste=%2Fsoknad")
	c.login(me.NationalID)

	p = c.get("/soknad")
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find(`form[action="/soknad"] button`).Length() != 1 {
		t.Fatal("start page has no start button")
	}
	fillApplication(t, c)

	// The about-you step shows name and national id from the login.
	p = c.get("/soknad/steg/om-deg")
	if !strings.Contains(p.Body, me.Name) || !strings.Contains(p.Body, me.NationalID) {
		t.Error("about-you step does not show name and national id from the login")
	}
	if v, _ := p.Doc.Find("#phone").Attr("value"); v != "912 34 567" {
		t.Errorf("saved phone not shown: %q", v)
	}

	// Attach a PDF from the check page.
	p = c.upload("søknad vedlegg.pdf", readFixture(t, "valid.pdf"), url.Values{"fra": {"oppsummering"}})
	expectRedirect(t, p, "/soknad/oppsummering?lagt-til=")
	p = c.follow(p)
	if !strings.Contains(p.Body, "«søknad vedlegg.pdf» er lagt ved") {
		t.Errorf("no notice of the added file")
	}

	// The check page shows the answers with change links back to the steps.
	p = c.get("/soknad/oppsummering")
	expectStatus(t, p, http.StatusOK)
	for _, want := range []string{"912 34 567", "Kongsvinger (3401)", "NAV Kongsvinger", "Økonomisk sosialhjelp", "Litt hjelp fra familien", "2 barn, alder: 4, 9", "8\u00a0500 kr i måneden", "søknad vedlegg.pdf"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("check page lacks %q", want)
		}
	}
	link, ok := p.Doc.Find(`a[href^="/soknad/steg/om-deg?fra=oppsummering"]`).First().Attr("href")
	if !ok {
		t.Fatal("no change link for the about-you step")
	}
	// A change returns to the check page.
	form := url.Values{}
	for k, v := range validSteps[0].form {
		form[k] = v
	}
	form.Set("phone", "+47 400 00 000")
	u, _ := url.Parse(link)
	expectRedirect(t, c.post(u.Path+"?"+u.RawQuery, form), "/soknad/oppsummering")
	p = c.get("/soknad/oppsummering")
	if !strings.Contains(p.Doc.Find("main").Text(), "+47 400 00 000") {
		t.Error("changed phone not on the check page")
	}
	draftID, _ := p.Doc.Find(`form[action="/soknad/send"] input[name="draft"]`).Attr("value")
	if draftID == "" {
		t.Fatal("check page has no submit form")
	}

	// Submit.
	p = c.post("/soknad/send", url.Values{"draft": {draftID}})
	expectRedirect(t, p, "/saker/")
	receiptURL := p.Header.Get("Location")
	ref := strings.TrimSuffix(strings.TrimPrefix(receiptURL, "/saker/"), "/kvittering")
	if !refPattern.MatchString(ref) {
		t.Fatalf("reference %q is not in the expected form", ref)
	}
	p = c.get(receiptURL)
	expectStatus(t, p, http.StatusOK)
	for _, want := range []string{ref, "NAV Kongsvinger", nb.DateTime(now), nb.Date(cal.InterimReplyDue(now)), "Skriv ut kvitteringen"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("receipt lacks %q", want)
		}
	}

	// Stored: answers, files, office, the event log and the interim date.
	cs, err := st.Case(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Owner.NationalID != me.NationalID || cs.Office.Municipality != "3401" || cs.Status != casework.StatusReceived {
		t.Errorf("stored case: %+v", cs)
	}
	if cs.Answers.Contact.Phone != "+47 400 00 000" || cs.Answers.Housing.MonthlyCost != 8500 || len(cs.Answers.Children.Ages) != 2 {
		t.Errorf("stored answers: %+v", cs.Answers)
	}
	if len(cs.Files) != 1 || cs.Files[0].Kind != "application/pdf" {
		t.Errorf("stored files: %+v", cs.Files)
	}
	if len(cs.Events) != 1 || cs.Events[0].Type != casework.EventSubmitted || !cs.Events[0].At.Equal(now) {
		t.Errorf("events: %+v", cs.Events)
	}
	if got, want := iso(cs.InterimReplyDue), iso(cal.InterimReplyDue(now)); got != want {
		t.Errorf("interim reply due %s, want %s", got, want)
	}

	// The draft is gone; "Mine saker" lists the case; the case page shows
	// answers, files and timeline; the file downloads.
	rec, _ := st.Person(context.Background(), me.NationalID)
	if rec.Draft != nil {
		t.Error("draft kept after submit")
	}
	p = c.get("/mine-saker")
	if p.Doc.Find(`a[href="/saker/`+ref+`"]`).Length() != 1 {
		t.Error("case not listed on Mine saker")
	}
	p = c.get("/saker/" + ref)
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find(".timeline li").Length() != 1 || !strings.Contains(p.Body, "Du sendte søknaden.") {
		t.Error("timeline missing")
	}
	fileURL, _ := p.Doc.Find(`a[href^="/saker/` + ref + `/filer/"]`).Attr("href")
	f := c.get(fileURL)
	expectStatus(t, f, http.StatusOK)
	if f.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(f.Body, "%PDF-") {
		t.Errorf("file download: %s", f.Header.Get("Content-Type"))
	}

	// A person with an open application is shown it instead of a new one.
	p = c.get("/soknad")
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Body, ref) || p.Doc.Find(`form[action="/soknad"]`).Length() != 0 {
		t.Error("open application not shown instead of a new start")
	}
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	rec, _ = st.Person(context.Background(), me.NationalID)
	if rec.Draft != nil {
		t.Error("a second application was started while one is open")
	}
}

func TestInterimReplyDateOnReceipt(t *testing.T) {
	// Submitted Friday 17 April 2026: one month is Sunday 17 May (a
	// holiday and a Sunday), so the reply is due Monday 18 May.
	st := testkit.Store(t)
	clock := testkit.NewClock(time.Date(2026, 4, 17, 9, 0, 0, 0, casework.Location()))
	app, _ := testkit.App(t, st, clock)
	c := newClient(t, app)
	expectRedirect(t, c.post("/logg-inn", url.Values{"nationalId": {"01819012365"}}), "/mine-saker")
	fillApplication(t, c)
	p := c.get("/soknad/oppsummering")
	id, _ := p.Doc.Find(`input[name="draft"]`).Attr("value")
	p = c.follow(c.post("/soknad/send", url.Values{"draft": {id}}))
	if !strings.Contains(p.Body, "18. mai 2026") {
		t.Errorf("receipt does not give 18. mai 2026 as the interim reply date")
	}
}

func TestResumeDraft(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	me := persons(t)[2]

	c := newClient(t, app)
	c.login(me.NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	expectRedirect(t, c.post("/soknad/steg/om-deg", validSteps[0].form), "/soknad/steg/bosted")
	expectRedirect(t, c.post("/soknad/steg/bosted", validSteps[1].form), "/soknad/steg/situasjon")
	expectRedirect(t, c.post("/logg-ut", nil), "/logget-ut")

	// Later, in another browser: the draft is kept for DraftLifetime after
	// it was last saved.
	clock.Advance(days(3))
	c2 := newClient(t, app)
	c2.login(me.NationalID)
	p := c2.get("/mine-saker")
	if !strings.Contains(p.Body, "Fortsett søknaden") || !strings.Contains(p.Body, nb.Date(now.Add(casework.DraftLifetime))) {
		t.Errorf("Mine saker does not offer the draft with its expiry date: %.2000s", p.Doc.Find("main").Text())
	}
	expectRedirect(t, c2.get("/soknad"), "/soknad/steg/situasjon")
	p = c2.get("/soknad/steg/om-deg")
	if v, _ := p.Doc.Find("#street").Attr("value"); v != "Storgata 1" {
		t.Errorf("resumed draft lost the street: %q", v)
	}
	// Starting again continues the same draft.
	expectRedirect(t, c2.post("/soknad", nil), "/soknad")
	rec, _ := st.Person(context.Background(), me.NationalID)
	if rec.Draft == nil || len(rec.Draft.Done) != 2 {
		t.Fatalf("draft after resume: %+v", rec.Draft)
	}
}

func TestDoubleSubmitSubmitsOnce(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	me := persons(t)[3]
	c := newClient(t, app)
	c.login(me.NationalID)
	fillApplication(t, c)
	id, _ := c.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")

	// Several tabs at once, then a retry afterwards.
	var wg sync.WaitGroup
	locs := make([]string, 4)
	for i := range locs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p := c.post("/soknad/send", url.Values{"draft": {id}})
			locs[i] = p.Header.Get("Location")
			if locs[i] == "" {
				t.Logf("submission %d: status %s: %.500s", i, p.Status, p.Body)
			}
		}(i)
	}
	wg.Wait()
	again := c.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location")
	for _, l := range append(locs, again) {
		if l != locs[0] || !strings.HasSuffix(l, "/kvittering") {
			t.Fatalf("submissions ended on different pages: %v, %s", locs, again)
		}
	}
	rec, _ := st.Person(context.Background(), me.NationalID)
	if len(rec.CaseRefs) != 1 {
		t.Fatalf("case refs %v, want exactly one", rec.CaseRefs)
	}
}

func TestSubmitIncompleteDraftGoesToCheckPage(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	expectRedirect(t, c.post("/soknad/steg/om-deg", validSteps[0].form), "/soknad/steg/bosted")
	p := c.get("/soknad/oppsummering")
	if p.Doc.Find(`form[action="/soknad/send"]`).Length() != 0 {
		t.Error("an incomplete application can be sent")
	}
	if p.Doc.Find(`.notice a[href="/soknad/steg/bosted"]`).Length() != 1 {
		t.Error("missing steps are not linked")
	}
	rec, _ := st.Person(context.Background(), persons(t)[0].NationalID)
	expectRedirect(t, c.post("/soknad/send", url.Values{"draft": {rec.Draft.ID}}), "/soknad/oppsummering")
}

func TestMunicipalityWithoutDigitalApplication(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	for muni, want := range map[string]string{"9992": "NAV Papirvik (demo)", "annen": "55 55 33 33"} {
		p := c.post("/soknad/steg/bosted", url.Values{"municipality": {muni}})
		expectRedirect(t, p, "/kommune/"+muni)
		p = c.follow(p)
		expectStatus(t, p, http.StatusOK)
		if !strings.Contains(p.Body, want) || p.Doc.Find(`a[href="/soknad/steg/bosted"]`).Length() != 1 {
			t.Errorf("%s: the how-to-apply page lacks %q or a way back", muni, want)
		}
	}
	p := c.post("/soknad/steg/bosted", url.Values{"municipality": {"0301"}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#municipality-error").Text(), "Velg en kommune fra listen") {
		t.Error("unknown municipality accepted")
	}
}

func TestDeleteDraft(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	me := persons(t)[0]
	c.login(me.NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	expectRedirect(t, c.upload("a.png", pngBytes(t), nil), "/soknad/steg/vedlegg")
	rec, _ := st.Person(context.Background(), me.NationalID)
	fileID := rec.Draft.Files[0].FileID
	expectRedirect(t, c.post("/soknad/slett", url.Values{"draft": {rec.Draft.ID}}), "/mine-saker?slettet=1")
	rec, _ = st.Person(context.Background(), me.NationalID)
	if rec.Draft != nil {
		t.Fatal("draft not deleted")
	}
	if _, _, err := st.OpenFile(context.Background(), fileID); err != store.ErrNotFound {
		t.Errorf("draft file kept after delete: %v", err)
	}
}
