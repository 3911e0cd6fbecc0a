package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// errPersonTaken: the synthetic person already has a draft or a case (from
// an earlier run against the same database), so the journey is skipped and
// another person is used. It is not an error.
var errPersonTaken = errors.New("person already has a draft or a case")

// steps are answers that pass every step of the application, the same as
// the handler tests use.
var steps = []struct {
	name string
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

const pdfName = "lasttest-vedlegg.pdf"

var refPattern = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$`)

// ack is a submission the portal acknowledged with a receipt.
type ack struct {
	Ref   string `json:"ref"`
	Owner string `json:"owner"`
}

// expectPath checks that the page shown is path (after redirects).
func expectPath(p *page, path string) error {
	if p.URL.Path != path || p.Status != http.StatusOK {
		return &loadError{Step: p.step, Status: p.Status, Kind: "ended on an unexpected page, want " + path, Snippet: p.URL.RequestURI()}
	}
	return nil
}

// login logs in as nid through the development login and lands on «Mine
// saker».
func login(b *browser, nid string) error {
	p, err := b.get("/logg-inn")
	if err != nil {
		return err
	}
	if p.Doc().Find(`form[action="/logg-inn"] input[name="nationalId"]`).Length() == 0 {
		return p.fail("no development login form (is the portal in development mode?)")
	}
	p, err = b.post("/logg-inn", url.Values{"nationalId": {nid}, "name": {"Kari Lasttest"}, "neste": {""}})
	if err != nil {
		return err
	}
	if err := expectRedirect(p, "/mine-saker"); err != nil {
		return err
	}
	if p, err = b.follow(p); err != nil {
		return err
	}
	return expectPath(p, "/mine-saker")
}

// caseLinks counts the links to each case on «Mine saker» (/saker/REF,
// not the links into a case such as an appeal).
func caseLinks(p *page) map[string]int {
	links := map[string]int{}
	p.Doc().Find(`a[href^="/saker/"]`).Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		ref := strings.TrimPrefix(href, "/saker/")
		if ref != "" && !strings.ContainsAny(ref, "/?#") {
			links[ref]++
		}
	})
	return links
}

// showsRef checks that a receipt or case page names ref as its reference.
func showsRef(p *page, ref string) bool {
	found := false
	p.Doc().Find("main strong").Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Text()) == ref {
			found = true
		}
	})
	return found
}

// journey is one person's whole application: log in, start, every step
// with valid answers, a PDF, the check page, submit, the receipt, «Mine
// saker» and the case page. onAck is called as soon as the receipt shows
// the reference.
func journey(b *browser, nid string, pdf []byte, onAck func(ack)) error {
	if err := login(b, nid); err != nil {
		return err
	}
	p, err := b.get("/soknad")
	if err != nil {
		return err
	}
	if p.URL.Path != "/soknad" {
		return errPersonTaken // a draft: /soknad continues it
	}
	if p.Doc().Find(`form[action="/soknad"]`).Length() == 0 {
		if len(caseLinks(p)) > 0 {
			return errPersonTaken // an application in processing
		}
		return p.fail("start page without the start button")
	}
	if p, err = b.post("/soknad", nil); err != nil {
		return err
	}
	if err := expectRedirect(p, "/soknad"); err != nil {
		return err
	}
	if p, err = b.follow(p); err != nil {
		return err
	}
	if err := expectPath(p, "/soknad/steg/"+steps[0].name); err != nil {
		return err
	}
	for i, s := range steps {
		if s.name == "vedlegg" {
			if p, err = b.upload("/soknad/vedlegg", pdfName, pdf, nil); err != nil {
				return err
			}
			if err := expectRedirect(p, "/soknad/steg/vedlegg?lagt-til="); err != nil {
				return err
			}
			if p, err = b.follow(p); err != nil {
				return err
			}
			if !strings.Contains(p.Doc().Find("main").Text(), pdfName) {
				return p.fail("the uploaded file is not listed")
			}
		}
		next := "/soknad/oppsummering"
		if i+1 < len(steps) {
			next = "/soknad/steg/" + steps[i+1].name
		}
		if p, err = b.post("/soknad/steg/"+s.name, s.form); err != nil {
			return err
		}
		if err := expectRedirect(p, next); err != nil {
			return err
		}
		if p, err = b.follow(p); err != nil {
			return err
		}
		if err := expectPath(p, next); err != nil {
			return err
		}
	}

	// The check page.
	draft, _ := p.Doc().Find(`form[action="/soknad/send"] input[name="draft"]`).Attr("value")
	if draft == "" {
		return p.fail("check page without the submit form")
	}
	if !strings.Contains(p.Doc().Find("main").Text(), pdfName) {
		return p.fail("check page does not list the uploaded file")
	}
	if p, err = b.post("/soknad/send", url.Values{"draft": {draft}}); err != nil {
		return err
	}
	if err := expectRedirect(p, "/saker/"); err != nil {
		return err
	}
	ref := strings.TrimSuffix(strings.TrimPrefix(p.Location, "/saker/"), "/kvittering")
	if !refPattern.MatchString(ref) || !strings.HasSuffix(p.Location, "/kvittering") {
		return &loadError{Step: p.step, Status: p.Status, Kind: "submit did not lead to a receipt", Snippet: p.Location}
	}
	if p, err = b.follow(p); err != nil {
		return err
	}
	if err := expectPath(p, "/saker/"+ref+"/kvittering"); err != nil {
		return err
	}
	if !showsRef(p, ref) {
		return p.fail("the receipt does not show the reference")
	}
	onAck(ack{Ref: ref, Owner: nid})

	if p, err = b.get("/mine-saker"); err != nil {
		return err
	}
	if n := caseLinks(p)[ref]; n != 1 {
		return p.fail(fmt.Sprintf("«Mine saker» lists the new case %d times, want once", n))
	}
	if p, err = b.get("/saker/" + ref); err != nil {
		return err
	}
	if err := expectPath(p, "/saker/"+ref); err != nil {
		return err
	}
	if !showsRef(p, ref) {
		return p.fail("the case page does not show the reference")
	}
	return nil
}

// statusPages is one round of -mode pages: «Mine saker» and the case page
// of every case listed; ref, when set, must be listed exactly once.
func statusPages(b *browser, ref string) error {
	p, err := b.get("/mine-saker")
	if err != nil {
		return err
	}
	if err := expectPath(p, "/mine-saker"); err != nil {
		return err
	}
	links := caseLinks(p)
	if ref != "" && links[ref] != 1 {
		return p.fail(fmt.Sprintf("«Mine saker» lists the case %d times, want once", links[ref]))
	}
	for r := range links {
		if p, err = b.get("/saker/" + r); err != nil {
			return err
		}
		if err := expectPath(p, "/saker/"+r); err != nil {
			return err
		}
		if !showsRef(p, r) {
			return p.fail("the case page does not show the reference")
		}
	}
	return nil
}
