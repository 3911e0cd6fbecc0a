package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kvp/internal/testkit"
)

// icsLines unfolds a calendar file (RFC 5545 § 3.1) into its content
// lines, checking that every physical line ends with CRLF and is at most 75
// octets long.
func icsLines(t *testing.T, body string) map[string]string {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Error("the file does not end with CRLF")
	}
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
		if strings.Contains(l, "\n") {
			t.Errorf("bare newline in %q", l)
		}
	}
	unfolded := strings.ReplaceAll(body, "\r\n ", "")
	out := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		name, value, _ := strings.Cut(l, ":")
		if name == "BEGIN" || name == "END" {
			out[name+":"+value] = "yes"
			continue
		}
		out[name] = value
	}
	return out
}

// The booked conversation is a calendar file on the citizen's case page,
// with the same access as the page: the owner only, while it stands.
func TestMeetingCalendarFile(t *testing.T) {
	e := newStaffEnv(t)
	sb := e.newC()
	staffLogin(t, sb, "siri@nav.test")
	ics := "/saker/" + e.ref + "/samtale.ics"
	expectStatus(t, e.citizen.get(ics), http.StatusNotFound) // nothing booked yet

	staffCase := "/saksbehandler/saker/" + e.ref
	meeting := dayAt(5, 9, 30)
	expectRedirect(t, sb.post(staffCase+"/samtale", url.Values{"version": {caseVersion(t, e.st, e.ref)}, "meetingDate": {iso(meeting)}, "meetingTime": {"09:30"}, "mode": {"office"}, "place": {"Rom 2, andre etasje; ta heisen"}}), staffCase)
	page := e.citizen.get("/saker/" + e.ref)
	if page.Doc.Find(`main a[href="`+ics+`"]`).Length() != 1 {
		t.Fatal("no calendar link on the case page")
	}
	p := e.citizen.get(ics)
	expectStatus(t, p, http.StatusOK)
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") || !strings.Contains(ct, "utf-8") {
		t.Errorf("content type %q", ct)
	}
	if cd := p.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".ics") {
		t.Errorf("content disposition %q", cd)
	}
	if cc := p.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("cache control %q", cc)
	}
	f := icsLines(t, p.Body)
	for _, k := range []string{"BEGIN:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR"} {
		if f[k] != "yes" {
			t.Errorf("no %s", k)
		}
	}
	start, err := time.Parse("20060102T150405Z", f["DTSTART"])
	if err != nil || !start.Equal(meeting) {
		t.Errorf("DTSTART %q (%v), want %s in UTC", f["DTSTART"], err, meeting.UTC().Format("20060102T150405Z"))
	}
	stamp, err := time.Parse("20060102T150405Z", f["DTSTAMP"])
	if err != nil || !stamp.Equal(now.Truncate(time.Second)) {
		t.Errorf("DTSTAMP %q, want the booking's time", f["DTSTAMP"])
	}
	uid := f["UID"]
	if f["VERSION"] != "2.0" || f["PRODID"] == "" || !strings.Contains(uid, e.ref) || !strings.Contains(uid, "@") || f["SEQUENCE"] != "0" {
		t.Errorf("calendar: %v", f)
	}
	if f["SUMMARY"] != `Samtale med NAV Kongsvinger` {
		t.Errorf("SUMMARY %q", f["SUMMARY"])
	}
	if f["LOCATION"] != `Oppmøte på NAV-kontoret: Rom 2\, andre etasje\; ta heisen` {
		t.Errorf("LOCATION %q", f["LOCATION"])
	}
	if !strings.Contains(f["DESCRIPTION"], "/saker/"+e.ref) {
		t.Errorf("DESCRIPTION %q", f["DESCRIPTION"])
	}

	// Someone else, or no one logged in, gets what the case page gives.
	other := e.newC()
	other.login(persons(t)[2].NationalID)
	expectStatus(t, other.get(ics), http.StatusNotFound)
	expectRedirect(t, e.newC().get(ics), "/logg-inn")
	expectStatus(t, e.citizen.get("/saker/AAAA-2222/samtale.ics"), http.StatusNotFound)

	// Booked again for another time: the same event, changed.
	moved := dayAt(8, 13, 0)
	expectRedirect(t, sb.post(staffCase+"/samtale", url.Values{"version": {caseVersion(t, e.st, e.ref)}, "meetingDate": {iso(moved)}, "meetingTime": {"13:00"}, "mode": {"phone"}, "place": {"Vi ringer deg"}}), staffCase)
	f = icsLines(t, e.citizen.get(ics).Body)
	if start, _ := time.Parse("20060102T150405Z", f["DTSTART"]); !start.Equal(moved) || f["UID"] != uid || f["SEQUENCE"] != "1" || f["LOCATION"] != "Telefon: Vi ringer deg" {
		t.Errorf("after moving: %v", f)
	}

	// In English, the texts are English.
	e.citizen.get("/sprak/en")
	if f = icsLines(t, e.citizen.get(ics).Body); !strings.HasPrefix(f["SUMMARY"], "Conversation with ") {
		t.Errorf("English SUMMARY %q", f["SUMMARY"])
	}

	// A withdrawn application has no conversation.
	expectRedirect(t, e.citizen.post("/saker/"+e.ref+"/trekk", url.Values{"confirm": {"ja"}}), "/saker/"+e.ref)
	expectStatus(t, e.citizen.get(ics), http.StatusNotFound)
}

// A booked conversation request has the file too; a closed one does not.
func TestConversationRequestCalendarFile(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	c := newClient(t, app)
	c.login(persons(t)[1].NationalID)
	loc := c.post("/samtale", conversationForm(c)).Header.Get("Location")
	ref := strings.TrimPrefix(strings.Split(loc, "?")[0], "/samtale/kvittering/")
	ics := "/saker/" + ref + "/samtale.ics"
	expectStatus(t, c.get(ics), http.StatusNotFound)
	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	meeting := dayAt(3, 10, 0)
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/samtale", url.Values{"version": {caseVersion(t, st, ref)}, "meetingDate": {iso(meeting)}, "meetingTime": {"10:00"}, "mode": {"video"}, "place": {"Lenke på SMS"}}), "/saksbehandler/saker/"+ref)
	if c.get("/saker/"+ref).Doc.Find(`main a[href="`+ics+`"]`).Length() != 1 {
		t.Error("no calendar link on the request's page")
	}
	f := icsLines(t, c.get(ics).Body)
	if start, _ := time.Parse("20060102T150405Z", f["DTSTART"]); !start.Equal(meeting) || f["LOCATION"] != "Video: Lenke på SMS" {
		t.Errorf("calendar: %v", f)
	}
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/avslutt", url.Values{"version": {caseVersion(t, st, ref)}, "note": {"Avlyst"}}), "/saksbehandler/saker/"+ref)
	expectStatus(t, c.get(ics), http.StatusNotFound)
}
