package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/i18n"
	"kvp/internal/testkit"
	"kvp/notify"
	"kvp/store"
)

func TestNoticesCarryNoCaseContent(t *testing.T) {
	e, sb := decidedUnsent(t) // a rejection, made available now
	ctx := context.Background()
	ns, err := e.st.NoticesForCase(ctx, e.ref)
	// The receipt of the application, and the notice about the decision.
	if err != nil || len(ns) != 2 {
		t.Fatalf("notices after the decision: %d %v", len(ns), err)
	}
	n := ofKind(ns, notify.KindDecision)
	cs, _ := e.st.Case(ctx, e.ref)
	if n.Channel != notify.ChannelEmail || n.To != cs.Answers.Contact.Email || !strings.Contains(n.Body, "/saker/"+e.ref) {
		t.Errorf("notice %+v", n)
	}
	for _, secret := range []string{cs.Owner.Name, "Sosialtjenesteloven", "Avslått", cs.Owner.NationalID} {
		if strings.Contains(n.Body+n.Subject, secret) {
			t.Errorf("notice carries %q", secret)
		}
	}
	// Staff see that it has not been sent (no mail server here).
	if !strings.Contains(sb.get("/saksbehandler/saker/"+e.ref).Doc.Find("main").Text(), "Ikke sendt ennå til "+n.To) {
		t.Error("staff do not see the notice's state")
	}
	// Not opened within a week: one second notice, then no more.
	msgs, _ := i18n.Load()
	if got, err := notify.SecondNotices(ctx, e.st, msgs, "http://portal.test", e.clock.Now().AddDate(0, 0, 6)); err != nil || got != 0 {
		t.Errorf("second notice before a week: %d %v", got, err)
	}
	week := e.clock.Now().AddDate(0, 0, 7).Add(time.Hour)
	if got, err := notify.SecondNotices(ctx, e.st, msgs, "http://portal.test", week); err != nil || got != 1 {
		t.Errorf("second notice after a week: %d %v", got, err)
	}
	if got, _ := notify.SecondNotices(ctx, e.st, msgs, "http://portal.test", week.Add(time.Hour)); got != 0 {
		t.Error("a second notice was sent twice")
	}
	ns, _ = e.st.NoticesForCase(ctx, e.ref)
	if len(ns) != 3 || !strings.Contains(ofKind(ns, notify.KindSecond).Subject, "Påminnelse") {
		t.Errorf("notices: %+v", ns)
	}
	// Sent through a dispatcher run (here with no sender: it stays).
	if _, err := notify.Dispatch(ctx, e.st, nil, casework.NorwegianCalendar(), week, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
}

func TestAnonymousRequestGetsTheBookingByItsContact(t *testing.T) {
	st := testkit.Store(t)
	app, _ := testkit.App(t, st, testkit.NewClock(now))
	testkit.Staff(t, st, "siri@nav.test", "Siri", "caseworker", "3401")
	anon := newClient(t, app)
	form := conversationForm(anon)
	form.Set("email", "kari@example.no")
	receipt := anon.post("/samtale", form).Header.Get("Location")
	ref := strings.TrimPrefix(strings.Split(receipt, "?")[0], "/samtale/kvittering/")
	sb := newClient(t, app)
	staffLogin(t, sb, "siri@nav.test")
	meeting := dayAt(3, 9, 30)
	expectRedirect(t, sb.post("/saksbehandler/saker/"+ref+"/samtale", url.Values{"version": {caseVersion(t, st, ref)}, "meetingDate": {iso(meeting)}, "meetingTime": {"09:30"}, "mode": {"phone"}, "place": {"Vi ringer deg"}}), "/saksbehandler/saker/"+ref)
	ns, _ := st.NoticesForCase(context.Background(), ref)
	n := ofKind(ns, notify.KindConversation)
	if len(ns) != 2 || n.To != "kari@example.no" || !strings.Contains(n.Body, receipt) {
		t.Fatalf("notice %+v (receipt %s)", ns, receipt)
	}
	if strings.Contains(n.Body, "Vi ringer deg") || strings.Contains(n.Body, "Kari") {
		t.Error("the notice carries the booking or the name itself")
	}
	// The link shows the booking.
	if !strings.Contains(anon.get(receipt).Doc.Find("main").Text(), meetingText(nb, meeting)) {
		t.Error("the receipt link does not show the booking")
	}
}

// ofKind returns the notice of kind among ns (the zero notice if none).
func ofKind(ns []store.Notice, kind string) store.Notice {
	for _, n := range ns {
		if n.Kind == kind {
			return n
		}
	}
	return store.Notice{}
}
