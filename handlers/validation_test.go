package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kvp/internal/testkit"
)

func TestValidationErrorsPerStep(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")

	cases := []struct {
		step   string
		form   url.Values
		errors map[string]string // field -> part of the message
		kept   map[string]string // field id -> value shown again
	}{
		{"om-deg", url.Values{"phone": {"12"}, "email": {"ikke-epost"}, "street": {""}, "postalCode": {"22x2"}, "postalTown": {"Kongsvinger"}},
			map[string]string{"phone": "8 til 15 siffer", "email": "gyldig e-postadresse", "street": "gateadressen", "postalCode": "fire siffer"},
			map[string]string{"phone": "12", "email": "ikke-epost", "postalCode": "22x2", "postalTown": "Kongsvinger"}},
		{"bosted", url.Values{}, map[string]string{"municipality": "Velg kommunen"}, nil},
		{"situasjon", url.Values{"incomeSources": {"ingen", "arbeid"}, "workExperience": {strings.Repeat("x", 2001)}, "education": {"doktorgrad"}},
			map[string]string{"incomeSources": "ingen inntekt", "workExperience": "2000 tegn", "education": "Velg et av"}, nil},
		{"situasjon", url.Values{"incomeSources": {"annet"}, "workExperience": {"Noe"}, "education": {"annet"}},
			map[string]string{"incomeOther": "andre inntekten"}, nil},
		{"mal", url.Values{"goal": {"  "}}, map[string]string{"goal": "ønsker å oppnå"}, nil},
		{"barn", url.Values{"hasChildren": {"ja"}, "ages": {"4, tolv"}}, map[string]string{"ages": "tall fra 0 til 17"}, map[string]string{"ages": "4, tolv"}},
		{"barn", url.Values{}, map[string]string{"hasChildren": "ja eller nei"}, nil},
		{"bolig", url.Values{"housing": {"eier"}, "monthlyCost": {"mye"}}, map[string]string{"monthlyCost": "helt tall"}, map[string]string{"monthlyCost": "mye"}},
		{"bolig", url.Values{"housing": {"leier"}}, map[string]string{"monthlyCost": "hver måned"}, nil},
		{"samtykke", url.Values{"declaration": {"ja"}}, map[string]string{"obtainInformation": "samtykke"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.step, func(t *testing.T) {
			p := c.post("/soknad/steg/"+tc.step, tc.form)
			expectStatus(t, p, http.StatusOK)
			if !strings.HasPrefix(p.Doc.Find("title").Text(), "Feil:") {
				t.Error("title does not start with Feil:")
			}
			summary := p.Doc.Find(".error-summary")
			if summary.Length() != 1 {
				t.Fatal("no error summary")
			}
			if got := summary.Find("a").Length(); got != len(tc.errors) {
				t.Errorf("summary has %d links, want %d: %s", got, len(tc.errors), summary.Text())
			}
			for field, msg := range tc.errors {
				if summary.Find(`a[href="#`+field+`"]`).Length() != 1 {
					t.Errorf("summary does not link to #%s", field)
				}
				if p.Doc.Find("#"+field).Length() != 1 {
					t.Errorf("no element #%s to link to", field)
				}
				if got := p.Doc.Find("#" + field + "-error").Text(); !strings.Contains(got, msg) {
					t.Errorf("error next to %s = %q, want it to contain %q", field, got, msg)
				}
			}
			for id, v := range tc.kept {
				if got, _ := p.Doc.Find("#" + id).Attr("value"); got != v {
					t.Errorf("typed %s not kept: %q, want %q", id, got, v)
				}
			}
		})
	}
	// Nothing invalid was saved.
	rec, _ := st.Person(context.Background(), persons(t)[0].NationalID)
	if len(rec.Draft.Done) != 0 {
		t.Errorf("invalid steps were saved: %v", rec.Draft.Done)
	}
}

func TestValidationWithHTMXSwapsInPlace(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	c.login(persons(t)[0].NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")
	c.htmx = true
	p := c.post("/soknad/steg/om-deg", url.Values{"phone": {""}})
	// htmx only swaps 2xx responses: the form comes back with 200.
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("main#main .error-summary").Length() != 1 {
		t.Error("htmx response lacks the main element with the error summary")
	}
	if p.Doc.Find(`form[hx-post="/soknad/steg/om-deg"][hx-select="#main"]`).Length() != 1 {
		t.Error("step form is not enhanced with htmx")
	}
	// After a successful step the next page tells htmx its URL.
	expectRedirect(t, c.post("/soknad/steg/om-deg", validSteps[0].form), "/soknad/steg/bosted")
	p = c.get("/soknad/steg/bosted")
	if got := p.Header.Get("HX-Push-Url"); got != "/soknad/steg/bosted" {
		t.Errorf("HX-Push-Url = %q", got)
	}
	if !strings.Contains(p.Header.Get("Vary"), "HX-Request") {
		t.Error("no Vary: HX-Request")
	}
}

func TestHostileInputIsRejectedOrEscaped(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	me := persons(t)[0]
	c.login(me.NationalID)
	expectRedirect(t, c.post("/soknad", nil), "/soknad")

	// Operators and brackets in field names are ignored; a repeated
	// single-value field is refused.
	p := c.postRaw("/soknad/steg/om-deg", "phone[$ne]=x&street[$gt]=&phone=912345678&phone=99999999&street=Gate+1&postalCode=2212&postalTown=By")
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#phone-error").Length() != 1 {
		t.Error("repeated phone field accepted")
	}
	// Control characters are refused with a message, not stored.
	p = c.post("/soknad/steg/mal", url.Values{"goal": {"Jobb\x00\x1b[31m"}})
	expectStatus(t, p, http.StatusOK)
	if !strings.Contains(p.Doc.Find("#goal-error").Text(), "tegn vi ikke kan ta imot") {
		t.Error("control characters accepted")
	}
	// Very long text is refused and kept for the person to shorten.
	long := strings.Repeat("å", 5000)
	p = c.post("/soknad/steg/mal", url.Values{"goal": {long}})
	if p.Doc.Find("#goal").Text() != long {
		t.Error("long text not kept")
	}
	// HTML is stored as plain text and always shown escaped.
	script := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	expectRedirect(t, c.post("/soknad/steg/mal", url.Values{"goal": {script}}), "/soknad/steg/barn")
	rec, _ := st.Person(context.Background(), me.NationalID)
	if rec.Draft.Answers.Goals.Goal != script {
		t.Errorf("stored goal = %q", rec.Draft.Answers.Goals.Goal)
	}
	p = c.get("/soknad/oppsummering")
	if strings.Contains(p.Body, "<script>alert") || strings.Contains(p.Body, "<img src=x") {
		t.Error("HTML from an answer is rendered unescaped")
	}
	if !strings.Contains(p.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("escaped answer not shown")
	}
	// Invalid UTF-8 is refused.
	p = c.postRaw("/soknad/steg/mal", "goal=%ff%fe")
	expectStatus(t, p, http.StatusOK)
	if p.Doc.Find("#goal-error").Length() != 1 {
		t.Error("invalid UTF-8 accepted")
	}
}

func TestDevelopmentLoginValidatesNumbers(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	c := newClient(t, app)
	p := c.get("/logg-inn")
	// Four, and two with a protected address from the synthetic register.
	if got := p.Doc.Find(`input[name="person"]`).Length(); got != 6 {
		t.Fatalf("%d test persons offered, want 6", got)
	}
	for nid, msg := range map[string]string{
		"123":         "11 siffer",
		"01819012366": "ikke gyldig",   // wrong second check digit
		"01019010046": "syntetiske",    // a valid real-person number: refused here
		"":            "fødselsnummer", // required
	} {
		p := c.post("/logg-inn", url.Values{"nationalId": {nid}})
		expectStatus(t, p, http.StatusOK)
		if got := p.Doc.Find("#nationalId-error").Text(); !strings.Contains(got, msg) {
			t.Errorf("%q: error %q, want %q", nid, got, msg)
		}
		if v, _ := p.Doc.Find("#nationalId").Attr("value"); v != nid {
			t.Errorf("typed number not kept: %q", v)
		}
	}
	// A valid synthetic number logs in.
	expectRedirect(t, c.post("/logg-inn", url.Values{"nationalId": {"01819012365"}, "name": {"Test Testesen"}, "neste": {"/soknad"}}), "/soknad")
	if !strings.Contains(c.get("/mine-saker").Body, "Test Testesen") {
		t.Error("typed-in person not logged in")
	}
}
