package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/casework"
	"kvp/identity"
	"kvp/internal/testkit"
)

// The applicant of newStaffEnv is 23 today, so they turn 25 inside a
// programme granted from grantStart for two years: the decision letter
// shows the benefit at the under-25 share until the birthday and at the
// full rate from it, each with its yearly and monthly amount, and an
// extension continues the periods.
func TestDecisionLetterShowsEachBenefitPeriod(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	form := url.Values{"version": {caseVersion(t, e.st, e.ref)}}
	for k, v := range longReasons {
		form[k] = v
	}
	if sb.get(base).Doc.Find("#birthDate").Length() != 0 {
		t.Error("the birth date is asked for although the number gives it")
	}
	expectRedirect(t, sb.post(base+"/vedtak", form), base+"?utfort=vedtak")

	nid, err := identity.ParseNationalID(persons(t)[1].NationalID)
	if err != nil {
		t.Fatal(err)
	}
	tables, _ := casework.DefaultRateTables()
	want, err := tables.BenefitPeriods(casework.PeriodInput{Start: grantStart, End: grantEnd, BirthDate: nid.BirthDate(), Children: 2})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := e.st.Case(context.Background(), e.ref)
	d := cs.LatestDecision()
	if len(want) < 2 || len(d.Periods) != len(want) || !want[0].Reduced || want[len(want)-1].Reduced || !want[len(want)-1].Turns25 {
		t.Fatalf("periods %+v, want %+v", d.Periods, want)
	}
	for i, p := range d.Periods {
		if !p.From.Equal(want[i].From) || !p.To.Equal(want[i].To) || p.Yearly != want[i].Yearly || p.Monthly != want[i].Monthly || p.ChildYearly != want[i].ChildYearly {
			t.Errorf("stored period %d: %+v, want %+v", i, p, want[i])
		}
	}

	check := func(who, text string, lang string, periods []casework.BenefitPeriod) {
		t.Helper()
		pg, span, year, month, turns := nb, "Fra %s til %s", " kr i året", " kr i måneden", "Du fyller 25 år"
		if lang == "en" {
			pg, span, year, month, turns = en, "From %s to %s", " a year", " a month", "You turn 25"
		}
		for _, p := range periods {
			for _, s := range []string{
				strings.Replace(strings.Replace(span, "%s", pg.Date(p.From), 1), "%s", pg.Date(p.To), 1),
				pg.Amount(p.Yearly) + year, pg.Amount(p.Monthly) + month, pg.Amount(p.ChildYearly),
			} {
				if !strings.Contains(text, s) {
					t.Errorf("%s (%s): the letter lacks %q", who, lang, s)
				}
			}
		}
		if !strings.Contains(text, turns) {
			t.Errorf("%s (%s): the letter does not say when the full rate starts", who, lang)
		}
	}
	citizen := func(lang string) string {
		t.Helper()
		e.citizen.cookies["kvp_lang"] = lang
		p := e.citizen.get("/saker/" + e.ref)
		expectStatus(t, p, http.StatusOK)
		text := p.Doc.Find("section.letter").First().Text()
		if id := messageID.FindString(text); id != "" {
			t.Errorf("%s: a message id is shown: %s", lang, id)
		}
		return text
	}
	check("citizen", citizen("nb"), "nb", want)
	check("citizen", citizen("en"), "en", want)
	if text := citizen("nn"); !strings.Contains(text, "Frå ") || !strings.Contains(text, "Du fyller 25 år") || !strings.Contains(text, "følgjer grunnbeløpet") {
		t.Errorf("nn letter: %.300s", text)
	}
	delete(e.citizen.cookies, "kvp_lang")
	check("staff", sb.get(base).Doc.Find("section.letter").Text(), "nb", want)

	// The extension keeps the periods and continues the last one (the full
	// rate) to the new end.
	expectRedirect(t, sb.post(base+"/forleng", url.Values{"newEnd": {iso(extendedEnd)}, "extRules": {"Særlige grunner"}, "extFacts": {"f"}, "extConsiderations": {"c"}, "version": {caseVersion(t, e.st, e.ref)}}), base+"?utfort=forleng")
	cs, _ = e.st.Case(context.Background(), e.ref)
	ext := cs.LatestDecision()
	if !ext.Extension || len(ext.Periods) != len(want) || !ext.Periods[len(want)-1].To.Equal(extendedEnd) || !ext.Periods[0].To.Equal(want[0].To) {
		t.Fatalf("extension periods %+v", ext.Periods)
	}
	continued := append([]casework.BenefitPeriod{}, want...)
	continued[len(continued)-1].To = extendedEnd
	check("citizen, extension", citizen("nb"), "nb", continued)
	delete(e.citizen.cookies, "kvp_lang")
	p := sb.get(base)
	check("staff, extension", p.Doc.Find("section.letter").Text(), "nb", continued)
	// The grant, now in the timeline, keeps its own periods.
	earlier := p.Doc.Find("#hendelser").Next().Find("details").Text()
	if !strings.Contains(earlier, "til "+nb.Date(grantEnd)) || !strings.Contains(earlier, nb.Amount(want[0].Yearly)) {
		t.Errorf("the grant in the timeline: %q", earlier)
	}
}

// A national identity number issued by the rule from 2032 does not give
// the birth date: the decision form asks for it (and only then), checks
// it, and the benefit's periods follow from it.
func TestDecisionAsksTheBirthDateForANumberFrom2032(t *testing.T) {
	st := testkit.Store(t)
	clock := testkit.NewClock(now)
	app, _ := testkit.App(t, st, clock)
	testkit.Staff(t, st, "siri@nav.test", "Siri Saksbehandler", "caseworker", "3401")
	// The first six digits show a date 30 years back; the person is
	// really 22 (from the register).
	nid, err := identity.GenerateSyntheticNewRule(now.AddDate(-30, 0, 0), 200)
	if err != nil || nid.EncodesBirthDate() {
		t.Fatalf("%q, %v", nid, err)
	}
	citizen := newClient(t, app)
	expectRedirect(t, citizen.post("/logg-inn", url.Values{"nationalId": {string(nid)}, "name": {"Nora Ny"}}), "/")
	fillApplication(t, citizen)
	expectRedirect(t, citizen.upload("lege.pdf", readFixture(t, "valid.pdf"), url.Values{"fra": {"oppsummering"}}), "/soknad/oppsummering")
	id, _ := citizen.get("/soknad/oppsummering").Doc.Find(`input[name="draft"]`).Attr("value")
	loc := citizen.post("/soknad/send", url.Values{"draft": {id}}).Header.Get("Location")
	ref := strings.TrimSuffix(strings.TrimPrefix(loc, "/saker/"), "/kvittering")

	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + ref
	if sb.get(base).Doc.Find("#action-vedtak #birthDate").Length() != 1 {
		t.Fatal("the decision form does not ask for the birth date")
	}
	post := func(birth, lang string) *page {
		t.Helper()
		form := url.Values{"version": {caseVersion(t, st, ref)}}
		for k, v := range longReasons {
			form[k] = v
		}
		if birth != "" {
			form.Set("birthDate", birth)
		}
		if lang == "" {
			delete(sb.cookies, "kvp_lang")
		} else {
			sb.cookies["kvp_lang"] = lang
		}
		return sb.post(base+"/vedtak", form)
	}
	birth := cal.AddMonths(now, -22*12-3) // 22 today
	for _, tc := range []struct{ birth, lang, want string }{
		{"", "", "Skriv søkerens fødselsdato"},
		{"", "nn", "Skriv fødselsdatoen til søkjaren"},
		{"", "en", "Enter the applicant's date of birth"},
		{"31.02.2004", "", "dd.mm.åååå"},
		{iso(day(1)), "", "fram i tid"},
		{"01.01.1890", "", "for langt tilbake"},
	} {
		p := post(tc.birth, tc.lang)
		expectStatus(t, p, http.StatusOK)
		if got := p.Doc.Find("#birthDate-error").Text(); !strings.Contains(got, tc.want) {
			t.Errorf("birth date %q (%s): error %q, want %q", tc.birth, tc.lang, got, tc.want)
		}
		if v, _ := p.Doc.Find("#birthDate").Attr("value"); v != tc.birth {
			t.Errorf("the typed birth date %q is not kept: %q", tc.birth, v)
		}
	}
	expectRedirect(t, post(iso(birth), ""), base+"?utfort=vedtak")
	cs, _ := st.Case(context.Background(), ref)
	d := cs.LatestDecision()
	tables, _ := casework.DefaultRateTables()
	want, _ := tables.BenefitPeriods(casework.PeriodInput{Start: grantStart, End: grantEnd, BirthDate: birth, Children: 2})
	if !d.BirthDate.Equal(birth) || len(d.Periods) != len(want) || !d.Periods[0].Reduced || d.Periods[0].Yearly != want[0].Yearly {
		t.Fatalf("decision: birth %v, periods %+v; want %+v", d.BirthDate, d.Periods, want)
	}
	// The extension uses the birth date given in the grant.
	expectRedirect(t, sb.post(base+"/forleng", url.Values{"newEnd": {iso(extendedEnd)}, "extRules": {"r"}, "extFacts": {"f"}, "extConsiderations": {"c"}, "version": {caseVersion(t, st, ref)}}), base+"?utfort=forleng")
	cs, _ = st.Case(context.Background(), ref)
	// 25 after the grant's end, inside the extension: the full rate from
	// the birthday.
	if ext := cs.LatestDecision(); !ext.Extension || !ext.BirthDate.Equal(birth) || len(ext.Periods) < 2 || ext.Periods[len(ext.Periods)-1].Reduced || !ext.Periods[len(ext.Periods)-1].From.Equal(cal.AddMonths(birth, 25*12)) || !ext.Periods[len(ext.Periods)-1].To.Equal(extendedEnd) {
		t.Errorf("extension: %+v", ext)
	}
}
