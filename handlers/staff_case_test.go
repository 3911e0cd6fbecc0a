package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kvp/casework"
)

func TestStaffDeadlinesShowDaysLeft(t *testing.T) {
	e := newStaffEnv(t) // applied now
	due := cal.InterimReplyDue(now)
	docsBy := day(14)
	limit := latestStart(now)
	sb := e.newC()
	base := "/saksbehandler/saker/" + e.ref
	// The staff session ends after 30 idle minutes: log in again after
	// the clock moves.
	loggedIn := time.Time{}
	view := func(lang string) *page {
		t.Helper()
		if !loggedIn.Equal(e.clock.Now()) {
			staffLogin(t, sb, "siri@nav.test")
			loggedIn = e.clock.Now()
		}
		if lang == "" {
			delete(sb.cookies, "kvp_lang")
		} else {
			sb.cookies["kvp_lang"] = lang
		}
		p := sb.get(base)
		expectStatus(t, p, http.StatusOK)
		if id := messageID.FindString(p.Doc.Find("main").Text()); id != "" {
			t.Errorf("%s: a message id is shown: %s", lang, id)
		}
		return p
	}
	expectLine := func(p *page, part string, wants ...string) {
		t.Helper()
		line := deadlineLine(p, part)
		if line == "" {
			t.Errorf("no deadline line with %q in %q", part, p.Doc.Find("#deadlines").Parent().Text())
			return
		}
		for _, w := range wants {
			if !strings.Contains(line, w) {
				t.Errorf("deadline line %q lacks %q", line, w)
			}
		}
		if negative.MatchString(line) {
			t.Errorf("negative days in %q", line)
		}
	}

	staffLogin(t, sb, "siri@nav.test")
	loggedIn = e.clock.Now()
	expectRedirect(t, sb.post(base+"/dokumentasjon", url.Values{"documents": {"Legeerklæring"}, "docReason": {"Arbeidsevnen"}, "deadline": {iso(docsBy)}, "version": {caseVersion(t, e.st, e.ref)}}), base+"?utfort=dokumentasjon")
	p := view("")
	expectLine(p, "Foreløpig svar", nb.Date(due), staffDays(now, due))
	expectLine(p, "dokumentene", nb.Date(docsBy), "14 dager igjen.")
	expectLine(p, "starte senest", nb.Date(limit), staffDays(now, limit))
	if strings.Contains(deadlineLine(p, "Foreløpig svar"), "Frist") {
		t.Error("a deadline a month away is marked")
	}

	// The day before the interim reply is due: one day left, and it is
	// due soon; the documents are overdue.
	e.clock.Advance(days(casework.DaysUntil(now, due) - 1))
	p = view("")
	expectLine(p, "Foreløpig svar", "Frist snart", "1 dag igjen.")
	expectLine(p, "dokumentene", "Frist passert", staffDays(e.clock.Now(), docsBy))
	if strings.Contains(deadlineLine(p, "Foreløpig svar"), "1 dager") {
		t.Error("no singular for one day")
	}
	expectLine(view("en"), "interim reply", "1 day left.")
	expectLine(view("nn"), "Førebels svar", "1 dag att.")

	// The due date.
	e.clock.Advance(days(1))
	expectLine(view(""), "Foreløpig svar", "Fristen er i dag.")

	// Three days later: three days overdue, in words and with a text label.
	e.clock.Advance(days(3))
	p = view("")
	expectLine(p, "Foreløpig svar", "Frist passert", "3 dager over fristen.")
	if p.Doc.Find("#deadlines").Parent().Find(".tag-overdue").Length() == 0 {
		t.Error("no overdue tag")
	}
	expectLine(view("en"), "interim reply", "Deadline passed", "3 days overdue.")

	// Two days later: a decision. The appeal deadline (three weeks) and
	// the second notice (a week, if not opened) are counted down.
	e.clock.Advance(days(2))
	decided := e.clock.Now()
	appealBy := cal.AppealDeadline(decided)
	staffLogin(t, sb, "siri@nav.test")
	loggedIn = e.clock.Now()
	form := url.Values{"version": {caseVersion(t, e.st, e.ref)}}
	for k, v := range longReasons {
		form[k] = v
	}
	expectRedirect(t, sb.post(base+"/vedtak", form), base+"?utfort=vedtak")
	sendNotices(t, e) // the appeal deadline runs from the notice
	p = view("")
	expectLine(p, "Klagefrist", nb.Date(appealBy), staffDays(decided, appealBy))
	expectLine(p, "Nytt varsel", nb.Date(decided.AddDate(0, 0, 7)), "7 dager igjen.")
	if deadlineLine(p, "Foreløpig svar") != "" || deadlineLine(p, "dokumentene") != "" || deadlineLine(p, "starte senest") != "" {
		t.Error("deadlines of an open case shown after the decision")
	}
	// Eight days later: the second notice is one day overdue.
	e.clock.Advance(days(8))
	p = view("")
	expectLine(p, "Nytt varsel", "Frist passert", "1 dag over fristen.")
	expectLine(p, "Klagefrist", staffDays(e.clock.Now(), appealBy))
	expectLine(view("en"), "new notice", "1 day overdue.")
	view("nn")
}

func TestStaffSeeTheDecisionLetter(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	base := "/saksbehandler/saker/" + e.ref
	form := url.Values{"version": {caseVersion(t, e.st, e.ref)}}
	for k, v := range longReasons {
		form[k] = v
	}
	expectRedirect(t, sb.post(base+"/vedtak", form), base+"?utfort=vedtak")
	sendNotices(t, e)
	cs, _ := e.st.Case(context.Background(), e.ref)
	d := cs.LatestDecision()
	if d.Benefit == nil || d.Benefit.Yearly == 0 || d.Benefit.Children != 2 || d.Benefit.ChildYearly == 0 {
		t.Fatalf("benefit: %+v", d.Benefit)
	}
	amount := func(n int) string {
		s := strconv.Itoa(n)
		var b strings.Builder
		for i, r := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteString("\u00a0")
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	p := sb.get(base)
	letter := p.Doc.Find("section.letter")
	if letter.Length() != 1 {
		t.Fatalf("%d decision letters on the staff page", letter.Length())
	}
	text := letter.Text()
	for _, want := range []string{
		"Vedtak: Innvilget",
		amount(d.Benefit.Yearly) + " kr i året",
		amount(d.Benefit.ChildYearly) + " kr i året for 2 barn",
		nb.Date(grantStart), nb.Date(grantEnd),
		longReasons.Get("rules"), longReasons.Get("considerations"), "Arbeidsevnevurderingen viser sterkt nedsatt arbeidsevne.",
		nb.Date(cal.AppealDeadline(now)), "Statsforvalteren", "se dokumentene",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the staff page's decision letter lacks %q", want)
		}
	}

	// After an extension the letter is the extension; the grant is still
	// there to read in the timeline.
	expectRedirect(t, sb.post(base+"/forleng", url.Values{"newEnd": {iso(extendedEnd)}, "extRules": {"Særlige grunner"}, "extFacts": {"Trenger mer tid"}, "extConsiderations": {"Forlengelse er riktig"}, "version": {caseVersion(t, e.st, e.ref)}}), base+"?utfort=forleng")
	p = sb.get(base)
	if got := p.Doc.Find("section.letter").Text(); !strings.Contains(got, "forlenget") || !strings.Contains(got, "Særlige grunner") {
		t.Errorf("the extension letter: %.200s", got)
	}
	earlier := p.Doc.Find("#hendelser").Next().Find("details")
	if earlier.Length() != 1 || !strings.Contains(earlier.Text(), longReasons.Get("considerations")) || !strings.Contains(earlier.Text(), amount(d.Benefit.Yearly)) {
		t.Errorf("the first decision is not in the timeline: %q", earlier.Text())
	}
}
