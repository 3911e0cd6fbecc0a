package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"kvp/auth"
	"kvp/handlers"
	"kvp/internal/testidp"
	"kvp/internal/testkit"
	"kvp/register"
	"kvp/store"
)

// The protected person's address in these tests: none of it may appear
// on a page, in a letter or in a bundle for anyone but the person and
// staff with the permission.
var secretAddress = []string{"Skjulestien 13", "2218", "Lundersæter"}

// protectedApp is the portal in development (the synthetic register
// unless reg is given) with the designated office for strictly
// confidential addresses, and staff at Kongsvinger (3401) and Demoby
// (9991), some with the permission for protected addresses.
func protectedApp(t *testing.T, designated string, reg register.Register) (*fiber.App, *store.Store, *testkit.Clock) {
	t.Helper()
	st := testkit.Store(t)
	clock := testkit.NewClock(testkit.Now())
	app, _, err := handlers.New(handlers.Config{
		Development:     true,
		SessionKey:      []byte("0123456789abcdef0123456789abcdef"),
		Logger:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:             clock.Now,
		Register:        reg,
		ProtectedOffice: designated,
	}, st)
	if err != nil {
		t.Fatal(err)
	}
	testkit.Staff(t, st, "siri@nav.test", "Siri Saksbehandler", "caseworker", "3401")
	testkit.Staff(t, st, "lars@nav.test", "Lars Leder", "lead", "3401")
	testkit.Staff(t, st, "vera@nav.test", "Vera Varsom", "caseworker", "3401")
	testkit.Staff(t, st, "leif@nav.test", "Leif Leder", "lead", "3401")
	testkit.Staff(t, st, "dina@nav.test", "Dina Demoby", "caseworker", "9991")
	testkit.Staff(t, st, "dag@nav.test", "Dag Demoby", "caseworker", "9991")
	for _, email := range []string{"vera@nav.test", "leif@nav.test", "dag@nav.test"} {
		grantProtected(t, st, email)
	}
	return app, st, clock
}

func grantProtected(t *testing.T, st *store.Store, email string) {
	t.Helper()
	rec, err := st.Staff(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	rec.MayHandleProtected = true
	if err := st.SaveStaff(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
}

// offered returns the development login's test person with the
// description.
func offered(t *testing.T, description string) auth.TestPerson {
	t.Helper()
	for _, p := range persons(t) {
		if p.Description == description {
			return p
		}
	}
	t.Fatalf("the development login offers no %s", description)
	return auth.TestPerson{}
}

// applyFrom sends an application with the secret address from the
// municipality, with a PDF attached, and returns its reference. The
// address step must say how a protected address is handled when want is
// set.
func applyFrom(t *testing.T, c *client, muni string, noteWanted string) string {
	t.Helper()
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	if noteWanted != "" {
		if text := c.get("/soknad/steg/om-deg").Doc.Find("main").Text(); !strings.Contains(text, noteWanted) {
			t.Errorf("the address step does not say %q: %s", noteWanted, text)
		}
	}
	for i, s := range validSteps {
		form := s.form
		switch s.step {
		case "om-deg":
			form = url.Values{"phone": {"912 34 567"}, "email": {"vern@example.no"}, "street": {secretAddress[0]}, "postalCode": {secretAddress[1]}, "postalTown": {secretAddress[2]}}
		case "bosted":
			form = url.Values{"municipality": {muni}}
		}
		next := "/soknad/oppsummering"
		if i+1 < len(validSteps) {
			next = "/soknad/steg/" + validSteps[i+1].step
		}
		expectRedirect(t, c.post("/soknad/steg/"+s.step, form), next)
	}
	expectRedirect(t, c.upload("lege.pdf", readFixture(t, "valid.pdf"), url.Values{"fra": {"oppsummering"}}), "/soknad/oppsummering")
	check := c.get("/soknad/oppsummering")
	if noteWanted != "" && !strings.Contains(check.Doc.Find("main").Text(), noteWanted) {
		t.Errorf("the check page does not say %q", noteWanted)
	}
	id, _ := check.Doc.Find(`input[name="draft"]`).Attr("value")
	loc := c.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location")
	return strings.TrimSuffix(strings.TrimPrefix(loc, "/saker/"), "/kvittering")
}

// pdfTextOf reads a PDF's text with pdftotext; without it the test is
// skipped, unless CI or E2E_REQUIRED is set.
func pdfTextOf(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("E2E_REQUIRED") != "" {
			t.Fatal("pdftotext is not installed (Debian: apt-get install poppler-utils)")
		}
		t.Skip("pdftotext is not installed")
	}
	in := filepath.Join(t.TempDir(), "brev.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// expectNoAddress fails when text shows any part of the secret address.
func expectNoAddress(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range secretAddress {
		if strings.Contains(text, s) {
			t.Errorf("%s shows %q", what, s)
		}
	}
}

var tabCount = regexp.MustCompile(`\((\d+)\)`)

// inboxCounts reads the inbox's tabs: the count of every view by its label.
func inboxCounts(p *page) map[string]string {
	out := map[string]string{}
	p.Doc.Find("ul.tabs a").Each(func(_ int, a *goquery.Selection) {
		text := strings.TrimSpace(a.Text())
		if m := tabCount.FindStringSubmatch(text); m != nil {
			out[strings.TrimSpace(strings.TrimSuffix(text, m[0]))] = m[1]
		}
	})
	return out
}

// A person with a confidential address applies like anyone else, and is
// told how the address is handled. Staff at the office without the
// permission never learn of the case: no row and no count in any inbox
// view, and 404 on the case, its files, its letters, its audit log, its
// appeal and the appeal bundle, exactly as another office's case; each
// attempt is in the audit log. Staff with the permission see the case
// and the address, every access is logged, and no letter, notice or
// bundle contains the address.
func TestProtectedAddressIsHiddenFromStaffWithoutThePermission(t *testing.T) {
	app, st, clock := protectedApp(t, "", nil)
	ctx := context.Background()
	tor := offered(t, "testperson.fortrolig")
	citizen := newClient(t, app)
	login := citizen.get("/logg-inn").Doc.Find("main").Text()
	if !strings.Contains(login, tor.Name) || !strings.Contains(login, "fortrolig adresse (kode 7)") || !strings.Contains(login, "strengt fortrolig adresse (kode 6)") {
		t.Error("the development login does not offer the persons with a protected address")
	}
	citizen.login(tor.NationalID)
	ref := applyFrom(t, citizen, "3401", "Adressen din er skjermet. Bare saksbehandlere med særskilt tilgang kan se den.")
	cs, err := st.Case(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Protected != "fortrolig" || cs.Office.Municipality != "3401" {
		t.Fatalf("case protection %q at office %s, want fortrolig at the local office", cs.Protected, cs.Office.Municipality)
	}
	mine := citizen.get("/saker/" + ref).Doc.Find("main").Text()
	for _, want := range []string{"Adressen din er skjermet.", secretAddress[0]} {
		if !strings.Contains(mine, want) {
			t.Errorf("the person's case page lacks %q", want)
		}
	}
	// Someone else applies at the same office.
	other := newClient(t, app)
	other.login(persons(t)[0].NationalID)
	fillApplication(t, other)
	id, _ := other.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	otherRef := strings.TrimSuffix(strings.TrimPrefix(other.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location"), "/saker/"), "/kvittering")

	// The receipt notice says nothing of the address.
	notices, err := st.NoticesForCase(ctx, ref)
	if err != nil || len(notices) == 0 {
		t.Fatalf("no receipt notice: %v", err)
	}
	for _, n := range notices {
		expectNoAddress(t, "a notice", n.Subject+" "+n.Body)
	}

	// With the permission: the row, the counts, the page with the address
	// and the warning, the file, and letters without the address.
	vera := newClient(t, app)
	staffLogin(t, vera, "vera@nav.test")
	inbox := vera.get("/saksbehandler?kontor=3401")
	row := inbox.Doc.Find(`a[href="/saksbehandler/saker/` + ref + `"]`).Closest("tr").Text()
	if !strings.Contains(row, "Skjermet adresse") {
		t.Errorf("the inbox row of a protected case is not marked: %q", row)
	}
	if c := inboxCounts(inbox); c["Alle"] != "2" || c["Nye"] != "2" || c["Mottatt"] != "2" {
		t.Errorf("counts with the permission: %v", c)
	}
	casePage := vera.get("/saksbehandler/saker/" + ref)
	expectStatus(t, casePage, http.StatusOK)
	text := casePage.Doc.Find("main").Text()
	for _, want := range append([]string{"Fortrolig adresse (kode 7).", "Ikke gi adressen videre."}, secretAddress...) {
		if !strings.Contains(text, want) {
			t.Errorf("the case page for staff with the permission lacks %q", want)
		}
	}
	if colleagues := casePage.Doc.Find("#assignee").Text(); strings.Contains(colleagues, "Siri") || !strings.Contains(colleagues, "Vera") {
		t.Errorf("the case can be given to %q", colleagues)
	}
	// A colleague without the permission cannot be given the case.
	p := vera.post("/saksbehandler/saker/"+ref+"/ta", url.Values{"version": {caseVersion(t, st, ref)}, "assignee": {"siri@nav.test"}})
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#assignee-error").Length() == 0 {
		t.Error("the case was given to a caseworker without the permission")
	}
	fileURL := "/saksbehandler/saker/" + ref + "/filer/" + cs.Files[0].FileID
	expectStatus(t, vera.get(fileURL), http.StatusOK)
	for _, letter := range []string{"soknad.pdf", "kvittering.pdf"} {
		l := vera.get("/saksbehandler/saker/" + ref + "/brev/" + letter)
		expectStatus(t, l, http.StatusOK)
		pdf := pdfTextOf(t, []byte(l.Body))
		expectNoAddress(t, "the staff's "+letter, pdf)
		if !strings.Contains(pdf, "Adressen er skjermet") {
			t.Errorf("the staff's %s does not say the address is protected: %s", letter, pdf)
		}
	}
	for _, letter := range []string{"soknad.pdf", "kvittering.pdf"} {
		l := citizen.get("/saker/" + ref + "/brev/" + letter)
		expectStatus(t, l, http.StatusOK)
		pdf := pdfTextOf(t, []byte(l.Body))
		expectNoAddress(t, "the person's "+letter, pdf)
		if !strings.Contains(pdf, "Adressen er skjermet") {
			t.Errorf("the person's %s does not say the address is protected", letter)
		}
	}

	// A decision, an appeal, and the office upholding it with a summary.
	expectRedirect(t, vera.post("/saksbehandler/saker/"+ref+"/vedtak", url.Values{"version": {caseVersion(t, st, ref)}, "outcome": {"rejected"}, "rules": {"Sosialtjenesteloven § 29"}, "facts": {"f"}, "considerations": {"c"}}), "/saksbehandler/saker/"+ref)
	e := &staffEnv{st: st, clock: clock, citizen: citizen, ref: ref, newC: func() *client { return newClient(t, app) }}
	sendNotices(t, e)
	appealID := sendSimpleAppeal(t, e)
	appealBase := "/saksbehandler/saker/" + ref + "/klage/" + appealID
	expectRedirect(t, vera.post(appealBase+"/vurder", url.Values{"version": {caseVersion(t, st, ref)}}), "/saksbehandler/saker/"+ref)
	expectRedirect(t, vera.post(appealBase+"/oppretthold", url.Values{"version": {caseVersion(t, st, ref)}, "sumFacts": {"Søkeren fikk avslag."}, "sumAssessment": {"Vilkårene er ikke oppfylt."}, "sumArguments": {"Søkeren er uenig."}, "commentDeadline": {iso(day(14))}}), "/saksbehandler/saker/"+ref)
	for _, n := range mustNotices(t, st, ref) {
		expectNoAddress(t, "a notice", n.Subject+" "+n.Body)
	}

	// Without the permission, at the same office: nothing at all.
	siri, lars := newClient(t, app), newClient(t, app)
	staffLogin(t, siri, "siri@nav.test")
	staffLogin(t, lars, "lars@nav.test")
	for _, view := range []string{"", "&vis=new", "&vis=mine", "&vis=news", "&vis=appeals", "&vis=requests", "&vis=deadlines", "&vis=status&status=received", "&vis=status&status=decided", "&sorter=deadline"} {
		p := siri.get("/saksbehandler?kontor=3401" + view)
		expectStatus(t, p, http.StatusOK)
		if strings.Contains(p.Body, ref) || strings.Contains(p.Body, tor.Name) {
			t.Errorf("inbox %q shows the protected case", view)
		}
		if c := inboxCounts(p); c["Alle"] != "1" || c["Mottatt"] != "1" || c["Ferdig behandlet"] != "0" || c["Klager"] != "0" {
			t.Errorf("inbox %q counts the protected case: %v", view, c)
		}
	}
	if !strings.Contains(siri.get("/saksbehandler?kontor=3401").Body, otherRef) {
		t.Error("the other case is missing from the inbox")
	}
	staffBase := "/saksbehandler/saker/" + ref
	before := caseVersion(t, st, ref)
	for _, c := range []*client{siri, lars} {
		for _, u := range []string{staffBase, fileURL, staffBase + "/logg", staffBase + "/brev/soknad.pdf", staffBase + "/brev/kvittering.pdf", staffBase + "/brev/vedtak/1.pdf", appealBase + "/pakke"} {
			expectStatus(t, c.get(u), http.StatusNotFound)
		}
		for _, u := range []string{staffBase + "/notat", staffBase + "/ta", appealBase + "/oversend"} {
			expectStatus(t, c.post(u, url.Values{"text": {"x"}, "version": {before}}), http.StatusNotFound)
		}
	}
	if caseVersion(t, st, ref) != before {
		t.Error("staff without the permission changed the case")
	}
	// Exactly as another office's case.
	dina := newClient(t, app)
	staffLogin(t, dina, "dina@nav.test")
	notFound := dina.get(staffBase)
	if refused := siri.get(staffBase); refused.StatusCode != notFound.StatusCode || mainText(refused) != mainText(notFound) {
		t.Errorf("the refusal differs from another office's case:\n%s\n%s", mainText(refused), mainText(notFound))
	}

	// The bundle, with the permission: no address in any of its letters.
	bundle := vera.get(appealBase + "/pakke")
	expectStatus(t, bundle, http.StatusOK)
	zr, err := zip.NewReader(bytes.NewReader([]byte(bundle.Body)), int64(len(bundle.Body)))
	if err != nil {
		t.Fatal(err)
	}
	letters := 0
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		_, _ = b.ReadFrom(rc)
		rc.Close()
		expectNoAddress(t, "the bundle's "+f.Name, b.String())
		if strings.HasSuffix(f.Name, ".pdf") && !strings.HasPrefix(f.Name, "dokumenter/") {
			letters++
			expectNoAddress(t, "the bundle's "+f.Name, pdfTextOf(t, b.Bytes()))
		}
	}
	if letters == 0 {
		t.Error("no letters in the bundle")
	}

	// The audit log: every access with the permission, marked, and every
	// refused attempt; a lead with the permission reads it.
	entries, err := st.AuditForCase(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range entries {
		if a.Protected != "fortrolig" {
			t.Errorf("audit entry %s by %s not marked as a protected case", a.Action, a.Staff)
		}
		seen[a.Staff+" "+a.Action] = true
	}
	for _, want := range []string{"vera@nav.test view", "vera@nav.test download", "vera@nav.test brev", "vera@nav.test vedtak", "vera@nav.test klage-pakke", "siri@nav.test nektet-skjermet", "lars@nav.test nektet-skjermet"} {
		if !seen[want] {
			t.Errorf("no audit entry %q", want)
		}
	}
	for a := range seen {
		if strings.HasPrefix(a, "siri@") && a != "siri@nav.test nektet-skjermet" || strings.HasPrefix(a, "dina@") {
			t.Errorf("audit entry %q for staff who may not see the case", a)
		}
	}
	leif := newClient(t, app)
	staffLogin(t, leif, "leif@nav.test")
	log := leif.get(staffBase + "/logg")
	expectStatus(t, log, http.StatusOK)
	if !strings.Contains(log.Doc.Find("main").Text(), "Forsøkte å åpne saken uten tilgang til skjermede adresser") {
		t.Error("the audit log page does not show the refused attempts")
	}

	// The permission follows the account at once.
	grantProtected(t, st, "siri@nav.test")
	expectStatus(t, siri.get(staffBase), http.StatusOK)
}

func mustNotices(t *testing.T, st *store.Store, ref string) []store.Notice {
	t.Helper()
	n, err := st.NoticesForCase(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The case of a person with a strictly confidential address goes to the
// designated office, whatever the municipality (even one whose office
// does not take applications in the portal), and only its staff with the
// permission see it. Neither the address nor the municipality is in a
// letter. A conversation request goes there too.
func TestStrictlyConfidentialGoesToTheDesignatedOffice(t *testing.T) {
	app, st, _ := protectedApp(t, "9991", nil)
	ctx := context.Background()
	sara := offered(t, "testperson.strengtfortrolig")
	citizen := newClient(t, app)
	citizen.login(sara.NationalID)
	ref := applyFrom(t, citizen, "9992", "eget NAV-kontor")
	cs, err := st.Case(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Protected != "strengt_fortrolig" || cs.Office.Municipality != "9991" {
		t.Fatalf("case protection %q at office %s, want strengt_fortrolig at the designated office 9991", cs.Protected, cs.Office.Municipality)
	}
	dina, dag := newClient(t, app), newClient(t, app)
	staffLogin(t, dina, "dina@nav.test")
	staffLogin(t, dag, "dag@nav.test")
	if p := dina.get("/saksbehandler?kontor=9991"); strings.Contains(p.Body, ref) || inboxCounts(p)["Alle"] != "0" {
		t.Error("the designated office's staff without the permission see the case")
	}
	expectStatus(t, dina.get("/saksbehandler/saker/"+ref), http.StatusNotFound)
	if p := dag.get("/saksbehandler?kontor=9991"); !strings.Contains(p.Body, ref) || inboxCounts(p)["Alle"] != "1" {
		t.Error("the designated office's staff with the permission do not see the case")
	}
	page := dag.get("/saksbehandler/saker/" + ref)
	expectStatus(t, page, http.StatusOK)
	if text := page.Doc.Find("main").Text(); !strings.Contains(text, "Strengt fortrolig adresse (kode 6).") || !strings.Contains(text, secretAddress[0]) || !strings.Contains(text, "9992") {
		t.Error("the case page does not show the protection, the address and the municipality to staff with the permission")
	}
	pdf := pdfTextOf(t, []byte(dag.get("/saksbehandler/saker/"+ref+"/brev/soknad.pdf").Body))
	expectNoAddress(t, "the application letter", pdf)
	if strings.Contains(pdf, "9992") || strings.Contains(pdf, "Papirvik") {
		t.Errorf("the application letter shows the municipality: %s", pdf)
	}
	// Vera at Kongsvinger has the permission but not the office.
	vera := newClient(t, app)
	staffLogin(t, vera, "vera@nav.test")
	expectStatus(t, vera.get("/saksbehandler/saker/"+ref), http.StatusNotFound)

	// A conversation request goes to the designated office as well.
	form := conversationForm(citizen)
	form.Set("municipality", "3401")
	loc := citizen.post("/samtale", form).Header.Get("Location")
	convRef := strings.TrimPrefix(strings.Split(loc, "?")[0], "/samtale/kvittering/")
	conv, err := st.Case(ctx, convRef)
	if err != nil {
		t.Fatalf("conversation request %q: %v", loc, err)
	}
	if conv.Protected != "strengt_fortrolig" || conv.Office.Municipality != "9991" {
		t.Errorf("conversation request protection %q at office %s", conv.Protected, conv.Office.Municipality)
	}
	siri := newClient(t, app)
	staffLogin(t, siri, "siri@nav.test")
	if strings.Contains(siri.get("/saksbehandler?kontor=3401&vis=requests").Body, convRef) {
		t.Error("the local office sees the conversation request")
	}
}

// fakeRegister answers from a map that a test changes, or fails.
type fakeRegister struct {
	mu   sync.Mutex
	p    map[string]register.Protection
	fail bool
}

func (f *fakeRegister) set(nid string, p register.Protection, fail bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.p[nid], f.fail = p, fail
}

func (f *fakeRegister) Lookup(_ context.Context, nid string) (register.Person, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return register.Person{}, errors.New("the register did not answer")
	}
	p, ok := f.p[nid]
	if !ok {
		return register.Person{}, register.ErrNotFound
	}
	return register.Person{NationalID: nid, Name: "Kari Fra Registeret", Protection: p}, nil
}

// A register that does not answer fails the login rather than guess; a
// person who gets a protected address after applying has their cases
// hidden from their next login on.
func TestRegisterAtLogin(t *testing.T) {
	reg := &fakeRegister{p: map[string]register.Protection{}}
	app, st, _ := protectedApp(t, "", reg)
	me := persons(t)[0]
	citizen := newClient(t, app)
	reg.set(me.NationalID, register.None, true)
	p := citizen.post("/logg-inn", url.Values{"person": {me.NationalID}})
	expectStatus(t, p, http.StatusServiceUnavailable)
	if !strings.Contains(p.Doc.Find("main").Text(), "folkeregisteret") {
		t.Errorf("the failed login does not say why: %s", p.Doc.Find("main").Text())
	}
	expectRedirect(t, citizen.get("/mine-saker"), "/logg-inn")

	reg.set(me.NationalID, register.None, false)
	citizen.login(me.NationalID)
	if strings.Contains(citizen.get("/soknad").Body, "skjermet") {
		t.Error("an unprotected person is told their address is protected")
	}
	ref := applyFrom(t, citizen, "3401", "")
	siri := newClient(t, app)
	staffLogin(t, siri, "siri@nav.test")
	expectStatus(t, siri.get("/saksbehandler/saker/"+ref), http.StatusOK)

	reg.set(me.NationalID, register.StrengtFortrolig, false)
	citizen.login(me.NationalID)
	cs, err := st.Case(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Protected != "strengt_fortrolig" {
		t.Fatalf("the case was not marked at the login: %q", cs.Protected)
	}
	expectStatus(t, siri.get("/saksbehandler/saker/"+ref), http.StatusNotFound)
	if strings.Contains(siri.get("/saksbehandler?kontor=3401").Body, ref) {
		t.Error("the case is still in the inbox")
	}
	if !strings.Contains(citizen.get("/saker/"+ref).Doc.Find("main").Text(), "Adressen din er skjermet.") {
		t.Error("the person's case page does not say the address is protected")
	}
	// A protection is not lowered by a later login.
	reg.set(me.NationalID, register.Fortrolig, false)
	citizen.login(me.NationalID)
	if cs, _ := st.Case(context.Background(), ref); cs.Protected != "strengt_fortrolig" {
		t.Errorf("the protection was lowered to %q", cs.Protected)
	}
}

// Through the production logins: the ID-porten callback asks the register
// (which also gives the name ID-porten does not), a failing register fails
// the login, and the staff single sign-on gives the permission only to
// members of a group that grants it.
func TestProtectedThroughTheLogins(t *testing.T) {
	reg := &fakeRegister{p: map[string]register.Protection{}}
	e := newOIDCEnv(t, func(e *oidcEnv, cfg *handlers.Config) {
		g, err := auth.ParseStaffGroups([]byte(`{"groups": {
			"grp-kvp-kongsvinger": {"role": "caseworker", "offices": ["3401"]},
			"grp-skjermet": {"role": "caseworker", "offices": ["3401"], "protected": true}
		}}`))
		if err != nil {
			t.Fatal(err)
		}
		cfg.StaffGroups, cfg.Register = g, reg
	})
	reg.set(e.pid, register.StrengtFortrolig, true)
	b := e.browser()
	p := b.get(b.loginTo("/logg-inn/idporten", "kari"))
	expectStatus(t, p, http.StatusServiceUnavailable)
	if h1 := p.Doc.Find("h1").Text(); h1 != "Vi fikk ikke hentet opplysningene dine" || p.Doc.Find(`main a.button[href^="/logg-inn"]`).Length() != 1 {
		t.Errorf("a failing register: %q without a way to log in again", h1)
	}
	expectRedirect(t, b.get("/mine-saker"), "/logg-inn")

	reg.set(e.pid, register.StrengtFortrolig, false)
	b = e.browser()
	b.login()
	if !strings.Contains(b.get("/mine-saker").Body, "Kari Fra Registeret") {
		t.Error("the name is not taken from the register when ID-porten gives none")
	}
	expectRedirect(t, b.post("/soknad", nil), "/soknad")
	if text := b.get("/soknad/steg/om-deg").Doc.Find("main").Text(); !strings.Contains(text, "Adressen din er skjermet.") || !strings.Contains(text, "eget NAV-kontor") {
		t.Errorf("the address step after an ID-porten login does not say how the address is handled: %s", text)
	}

	e.idp.AddUser(testidp.User{Username: "vera", Subject: "vera-oid", Claims: map[string]any{"email": "vera@nav.test", "name": "Vera Varsom", "groups": []string{"grp-kvp-kongsvinger", "grp-skjermet"}}})
	e.idp.AddUser(testidp.User{Username: "siri", Subject: "siri-oid", Claims: map[string]any{"email": "siri@nav.test", "name": "Siri Saksbehandler", "groups": []string{"grp-kvp-kongsvinger"}}})
	for user, want := range map[string]bool{"vera": true, "siri": false} {
		s := e.browser()
		expectRedirect(t, s.get(s.signIn(s.toProvider(s.get("/saksbehandler/logg-inn/sso")), user)), "/saksbehandler")
		rec, err := e.st.Staff(context.Background(), user+"@nav.test")
		if err != nil || rec.MayHandleProtected != want {
			t.Errorf("%s from the groups: %+v, %v", user, rec, err)
		}
	}
}
