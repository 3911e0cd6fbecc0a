package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"kvp/casework"
	"kvp/internal/testkit"
)

func TestAdministratorsMaintainOfficesAndRates(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(time.Date(2027, 4, 30, 10, 0, 0, 0, casework.Location()))
	app, _ := testkit.App(t, st, clock)
	testkit.Staff(t, st, "admin@nav.test", "Anne Admin", "admin", "3401")
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")

	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	for _, u := range []string{"/saksbehandler/admin/kontorer", "/saksbehandler/admin/satser"} {
		expectStatus(t, sb.get(u), http.StatusNotFound)
		expectStatus(t, sb.post(u, url.Values{}), http.StatusNotFound)
	}

	a := newClient(t, app)
	staffLogin(t, a, "admin@nav.test")
	expectStatus(t, a.get("/saksbehandler/admin/kontorer"), http.StatusOK)
	office := url.Values{
		"municipality": {"3403"}, "municipalityName": {"Hamar"}, "officeName": {"NAV Hamar"},
		"visitLine1": {"Torggata 1"}, "visitPostalCode": {"2317"}, "visitTown": {"Hamar"},
		"postLine1": {"Postboks 4"}, "postPostalCode": {"2301"}, "postTown": {"Hamar"},
		"paymentDay": {"12"}, "digitalApply": {"ja"},
		"opens1": {"09:00"}, "closes1": {"15:00"}, "opens2": {"09:00"}, "closes2": {"15:00"}, "opens3": {"10:00"}, "closes3": {"15:00"},
	}
	bad := url.Values{}
	for k, v := range office {
		bad[k] = v
	}
	bad.Set("visitPostalCode", "23")
	bad.Set("closes1", "08:00")
	p := a.post("/saksbehandler/admin/kontorer", bad)
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#visitPostalCode-error").Length() != 1 || p.Doc.Find("#closes1-error").Length() != 1 {
		t.Errorf("invalid office accepted: %s", p.Doc.Find("main .error-summary").Text())
	}
	if v, _ := p.Doc.Find("#officeName").Attr("value"); v != "NAV Hamar" {
		t.Error("typed values lost")
	}
	expectRedirect(t, a.post("/saksbehandler/admin/kontorer", office), "/saksbehandler/admin/kontorer?lagret=3403")
	o, err := st.Office(context.Background(), "3403")
	if err != nil || o.PaymentDay != 12 || len(o.OpeningHours) != 2 || o.OpeningHours[0].ToDay != 2 {
		t.Fatalf("stored office %+v %v", o, err)
	}
	// The new office is at once on the public pages.
	anon := newClient(t, app)
	if !strings.Contains(anon.get("/utbetaling").Doc.Find("main").Text(), "Hamar: den 12. i hver måned") {
		t.Error("new office not on the payment page")
	}

	// Next year's G, added before its date, shows from that day.
	expectRedirect(t, a.post("/saksbehandler/admin/satser", url.Values{"table": {"g"}, "from": {"2027-05-01"}, "value": {"140000"}}), "/saksbehandler/admin/satser?lagret=1")
	p = a.post("/saksbehandler/admin/satser", url.Values{"table": {"g"}, "from": {"2027-05-01"}, "value": {"1"}})
	if !strings.Contains(p.Doc.Find("#from-error").Text(), "allerede en rad") {
		t.Error("a second row on one date accepted")
	}
	if !strings.Contains(anon.get("/hva-du-kan-fa").Doc.Find("main").Text(), "278\u00a0697") {
		t.Error("new G used before its date")
	}
	clock.Advance(24 * time.Hour)
	if !strings.Contains(anon.get("/hva-du-kan-fa").Doc.Find("main").Text(), "285\u00a0740") {
		t.Error("new G not used from its date")
	}
}

// officeForm is a complete office form for municipality m.
func officeForm(m string) url.Values {
	return url.Values{
		"municipality": {m}, "municipalityName": {"Hamar"}, "officeName": {"NAV Hamar"},
		"visitLine1": {"Torggata 1"}, "visitPostalCode": {"2317"}, "visitTown": {"Hamar"},
		"postLine1": {"Postboks 4"}, "postPostalCode": {"2301"}, "postTown": {"Hamar"},
		"paymentDay": {"12"}, "digitalApply": {"ja"},
		"opens1": {"09:00"}, "closes1": {"15:00"},
	}
}

func TestAddingAnOfficeNeverReplacesOne(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "admin@nav.test", "Anne Admin", "admin", "3401")
	a := newClient(t, app)
	staffLogin(t, a, "admin@nav.test")
	ctx := context.Background()
	before, _ := st.Office(ctx, "3401")

	// «Add» with a number that is taken: refused next to the field, with
	// what was typed kept.
	p := a.post("/saksbehandler/admin/kontorer", officeForm("3401"))
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#municipality-error").Text(), "finnes allerede") {
		t.Errorf("taken number not refused: %q", p.Doc.Find("main .error-summary").Text())
	}
	if v, _ := p.Doc.Find("#officeName").Attr("value"); v != "NAV Hamar" {
		t.Error("typed values lost")
	}
	if after, _ := st.Office(ctx, "3401"); after.Name != before.Name || after.PaymentDay != before.PaymentDay {
		t.Errorf("3401 was replaced: %+v", after)
	}

	// The change form cannot change the number: it is read-only, and a
	// post that changes it anyway is refused without creating an office.
	edit := a.get("/saksbehandler/admin/kontorer?kontor=3401")
	if _, ro := edit.Doc.Find("#municipality").Attr("readonly"); !ro {
		t.Error("the municipality number can be edited on the change form")
	}
	if v, _ := edit.Doc.Find(`input[name="editing"]`).Attr("value"); v != "3401" {
		t.Errorf("change form does not say which office it changes: %q", v)
	}
	moved := officeForm("3403")
	moved.Set("editing", "3401")
	p = a.post("/saksbehandler/admin/kontorer", moved)
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#municipality-error").Length() != 1 {
		t.Error("changing the number was not refused")
	}
	if v, _ := p.Doc.Find("#municipality").Attr("value"); v != "3401" {
		t.Errorf("the form no longer shows the office's own number: %q", v)
	}
	if _, err := st.Office(ctx, "3403"); err == nil {
		t.Error("changing the number created a second office")
	}

	// Changing an office that is no longer there is refused, and the form
	// comes back as a new office with what was typed.
	gone := officeForm("3404")
	gone.Set("editing", "3404")
	p = a.post("/saksbehandler/admin/kontorer", gone)
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#municipality-error").Length() != 1 || p.Doc.Find(`input[name="editing"]`).Length() != 0 {
		t.Error("changing a missing office not refused, or the form still changes it")
	}
	if _, err := st.Office(ctx, "3404"); err == nil {
		t.Error("changing a missing office created it")
	}
	expectRedirect(t, a.post("/saksbehandler/admin/kontorer", officeForm("3404")), "/saksbehandler/admin/kontorer?lagret=3404")
	if o, err := st.Office(ctx, "3404"); err != nil || o.Source != "administrator" || o.Demo {
		t.Errorf("new office: %+v %v", o, err)
	}
	// A tampered «change» of an unknown kind of number never gives a 500.
	odd := officeForm("3405")
	odd.Set("editing", "../3401")
	expectStatus(t, a.post("/saksbehandler/admin/kontorer", odd), http.StatusOK)
}

func TestChangingAnOfficeKeepsWhatTheFormDoesNotShow(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "admin@nav.test", "Anne Admin", "admin", "3401")
	ctx := context.Background()
	k, _ := st.Office(ctx, "3401")
	k.Notes = []string{"Sjekket mot kommunens nettside."}
	k.OpeningHours = append(k.OpeningHours, casework.Hours{FromDay: 6, ToDay: 6, Opens: "10:00", Closes: "14:00"})
	if err := st.UpsertOffices(ctx, []casework.Office{*k}); err != nil {
		t.Fatal(err)
	}
	a := newClient(t, app)
	staffLogin(t, a, "admin@nav.test")

	// The change form shows every weekday, Saturday's hours filled in.
	form := a.get("/saksbehandler/admin/kontorer?kontor=3401")
	if v, _ := form.Doc.Find("#opens6").Attr("value"); v != "10:00" {
		t.Errorf("Saturday's hours not in the form: %q", v)
	}
	if form.Doc.Find("#opens7").Length() != 1 || !strings.Contains(form.Doc.Find("form").Text(), "Søndag") {
		t.Error("no Sunday in the form")
	}
	// Post it back as a browser would, with the payment day changed and
	// Sunday opening hours added.
	v := url.Values{}
	form.Doc.Find("form input").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		val, _ := s.Attr("value")
		if typ, _ := s.Attr("type"); typ == "checkbox" {
			if _, checked := s.Attr("checked"); !checked {
				return
			}
		}
		if name != "" && name != "_csrf" {
			v.Set(name, val)
		}
	})
	v.Set("paymentDay", "19")
	v.Set("opens7", "12:00")
	v.Set("closes7", "13:00")
	expectRedirect(t, a.post("/saksbehandler/admin/kontorer", v), "/saksbehandler/admin/kontorer?lagret=3401")
	o, err := st.Office(ctx, "3401")
	if err != nil {
		t.Fatal(err)
	}
	if o.PaymentDay != 19 || o.Source != k.Source || len(o.Notes) != 1 || o.Demo || !o.DigitalApply {
		t.Errorf("changed office lost what the form does not show: %+v", o)
	}
	h := func(from, to int, opens, closes string) casework.Hours {
		return casework.Hours{FromDay: from, ToDay: to, Opens: opens, Closes: closes}
	}
	want := []casework.Hours{h(1, 2, "08:00", "15:30"), h(3, 3, "09:00", "15:30"), h(4, 5, "08:00", "15:30"), h(6, 6, "10:00", "14:00"), h(7, 7, "12:00", "13:00")}
	if len(o.OpeningHours) != len(want) {
		t.Fatalf("hours %+v", o.OpeningHours)
	}
	for i := range want {
		if o.OpeningHours[i] != want[i] {
			t.Errorf("hours %d: %+v, want %+v", i, o.OpeningHours[i], want[i])
		}
	}
	anon := newClient(t, app)
	contact := anon.get("/kontakt").Doc.Find("main").Text()
	if !strings.Contains(contact, "Lørdag: 10:00–14:00") || !strings.Contains(contact, "Søndag: 12:00–13:00") {
		t.Error("weekend hours not on the contact page")
	}
	bad := url.Values{}
	for k, vals := range v {
		bad[k] = vals
	}
	bad.Set("opens6", "25:00")
	bad.Set("closes7", "11:00")
	p := a.post("/saksbehandler/admin/kontorer", bad)
	if p.Doc.Find("#opens6-error").Length() != 1 || p.Doc.Find("#closes7-error").Length() != 1 {
		t.Error("bad weekend hours accepted")
	}

	// A demo office stays demo data (so a production start removes it) and
	// keeps its «(demo)» mark, even if the administrator takes it out.
	demoForm := a.get("/saksbehandler/admin/kontorer?kontor=9991")
	if demoForm.Doc.Find("main .notice").Length() == 0 {
		t.Error("the form does not say the office is demo data")
	}
	d := officeForm("9991")
	d.Set("editing", "9991")
	d.Set("officeName", "NAV Demoby")
	d.Set("municipalityName", "Demoby")
	expectRedirect(t, a.post("/saksbehandler/admin/kontorer", d), "/saksbehandler/admin/kontorer?lagret=9991")
	demo, err := st.Office(ctx, "9991")
	if err != nil || !demo.Demo || demo.Name != "NAV Demoby (demo)" || demo.MunicipalityName != "Demoby (demo)" || demo.Source != "development demo data" {
		t.Errorf("edited demo office: %+v %v", demo, err)
	}
	if err := st.RemoveDemoOffices(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Office(ctx, "9991"); err == nil {
		t.Error("the edited demo office is not removed with the demo data")
	}
}

func TestRatesPageShowsTheCurrencyPerLanguage(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "admin@nav.test", "Anne Admin", "admin", "3401")
	a := newClient(t, app)
	staffLogin(t, a, "admin@nav.test")
	nb := a.get("/saksbehandler/admin/satser").Doc.Find("main").Text()
	if !strings.Contains(nb, "136\u00a0549 kr") || !strings.Contains(nb, "38 kr") || strings.Contains(nb, "NOK") {
		t.Errorf("Bokmål amounts: %s", nb)
	}
	a.get("/sprak/en")
	en := a.get("/saksbehandler/admin/satser").Doc.Find("main").Text()
	if !strings.Contains(en, "NOK 136,549") || !strings.Contains(en, "NOK 38") || regexp.MustCompile(`\d kr`).MatchString(en) {
		t.Errorf("English amounts: %s", en)
	}
}
