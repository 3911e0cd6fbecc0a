package notify_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"kvp/casework"
	"kvp/i18n"
	"kvp/internal/testkit"
	"kvp/notify"
	"kvp/notify/notifytest"
	"kvp/store"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testkit.Shutdown()
	os.Exit(code)
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// parse reads the only message the server has, failing the test when
// there is not exactly one.
func only(t *testing.T, srv *notifytest.Server) (notifytest.Mail, *notifytest.Parsed) {
	t.Helper()
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(msgs))
	}
	p, err := notifytest.Parse(msgs[0])
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, msgs[0].Data)
	}
	return msgs[0], p
}

// The e-mail as a mail system gets it over STARTTLS with a login: headers
// (Message-ID from the notice, Date from the portal's clock, the subject
// in the reader's language), a plain-text and an HTML part.
func TestMailOverStartTLS(t *testing.T) {
	srv := notifytest.Start(t, notifytest.Options{TLS: notify.TLSStartTLS, User: "portal", Password: "hemmelig"})
	clock := testkit.NewClock(testkit.Now())
	msgs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	l := msgs.For("nn")
	link := "https://kvp.example/saker/ABCD-EFGH"
	m := notify.Message{ID: "0123456789abcdef01234567", Lang: "nn", To: "kari@example.no",
		Subject: l.T("notice.reminder.meeting.subject"), Body: l.T("notice.reminder.meeting.body", "Link", link), Date: clock.Now()}
	if err := srv.Sender("ikke-svar@nav.test").SendMessage(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got, p := only(t, srv)
	if !got.TLS || got.User != "portal" || got.From != "ikke-svar@nav.test" || len(got.To) != 1 || got.To[0] != "kari@example.no" {
		t.Errorf("envelope: tls %v, user %q, from %q, to %v", got.TLS, got.User, got.From, got.To)
	}
	h := p.Header
	for name, want := range map[string]string{
		"Message-Id":       "<notice.0123456789abcdef01234567@nav.test>",
		"From":             "<ikke-svar@nav.test>",
		"To":               "<kari@example.no>",
		"Content-Language": "nn",
		"Auto-Submitted":   "auto-generated",
		"Mime-Version":     "1.0",
	} {
		if h.Get(name) != want {
			t.Errorf("%s: %q, want %q", name, h.Get(name), want)
		}
	}
	if date, err := h.Date(); err != nil || !date.Equal(clock.Now().Truncate(time.Second)) {
		t.Errorf("Date %q (%v), want the portal's clock %s", h.Get("Date"), err, clock.Now())
	}
	if p.Subject != "Påminning: samtale med NAV" || !strings.HasPrefix(h.Get("Subject"), "=?UTF-8?") {
		t.Errorf("subject %q, encoded %q", p.Subject, h.Get("Subject"))
	}
	if h.Get("User-Agent") != "" || h.Get("X-Mailer") != "" {
		t.Error("the message names the mail library")
	}
	if !strings.HasPrefix(h.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("content type %q", h.Get("Content-Type"))
	}
	if p.TextCharset != "utf-8" || !strings.Contains(p.Text, "Sjå tid og stad her:\n"+link) || !strings.Contains(p.Text, "ikkje svarast på") {
		t.Errorf("text part (%s): %q", p.TextCharset, p.Text)
	}
	if !strings.Contains(p.HTML, `<html lang="nn">`) || !strings.Contains(p.HTML, `<a href="`+link+`">`+link+`</a>`) || !strings.Contains(p.HTML, "Sjå tid og stad her:") {
		t.Errorf("html part: %s", p.HTML)
	}
}

func TestMailOverImplicitTLS(t *testing.T) {
	srv := notifytest.Start(t, notifytest.Options{TLS: notify.TLSImplicit})
	if err := srv.Sender("ikke-svar@nav.test").Send(context.Background(), "kari@example.no", "Nytt i saken din", "Logg inn."); err != nil {
		t.Fatal(err)
	}
	got, p := only(t, srv)
	if !got.TLS || p.Subject != "Nytt i saken din" || !strings.Contains(p.Text, "Logg inn.") {
		t.Errorf("tls %v, subject %q, text %q", got.TLS, p.Subject, p.Text)
	}
	if id := p.Header.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, ">") {
		t.Errorf("Message-ID %q", id)
	}
	if p.Header.Get("Date") == "" {
		t.Error("no Date")
	}
}

// STARTTLS is required unless the configuration says none: a server that
// does not offer it gets nothing, not even the login.
func TestStartTLSIsRequired(t *testing.T) {
	srv := notifytest.Start(t, notifytest.Options{})
	mail := srv.Sender("ikke-svar@nav.test")
	mail.TLS = notify.TLSStartTLS
	if err := mail.Send(context.Background(), "kari@example.no", "s", "b"); err == nil {
		t.Fatal("sent without TLS")
	}
	if len(srv.Messages()) != 0 {
		t.Error("a message arrived unencrypted")
	}
	// Configured without TLS (a mail server on the same host), it goes.
	mail.TLS = notify.TLSNone
	if err := mail.Send(context.Background(), "kari@example.no", "s", "b"); err != nil {
		t.Fatal(err)
	}
	if got, _ := only(t, srv); got.TLS {
		t.Error("encrypted without TLS configured")
	}
}

func TestSMTPRefusesHeaderInjection(t *testing.T) {
	m := &notify.SMTP{Addr: "127.0.0.1:1", From: "a@b"}
	if err := m.Send(context.Background(), "x@y\r\nBcc: z@w", "s", "b"); err == nil || !strings.Contains(err.Error(), "injection") {
		t.Errorf("injection: %v", err)
	}
}

func TestDispatchSendsRetriesAndKeepsUnsendable(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	srv := notifytest.Start(t, notifytest.Options{TLS: notify.TLSStartTLS})
	mail := srv.Sender("ikke-svar@nav.test")
	clock := testkit.NewClock(testkit.Now())
	now := clock.Now()
	for _, n := range []store.Notice{
		{Channel: notify.ChannelEmail, To: "kari@example.no", Subject: "Nytt i saken din", Body: "Logg inn for å lese det.", Case: "C1", CreatedAt: now},
		{Channel: notify.ChannelSMS, To: "91234567", Subject: "x", Body: "y", Case: "C1", CreatedAt: now},
	} {
		if err := st.Enqueue(ctx, &n); err != nil {
			t.Fatal(err)
		}
	}
	// The mail server is down at first: retried later, nothing lost.
	srv.Fail(true)
	if sent, err := notify.Dispatch(ctx, st, []notify.Sender{mail}, casework.NorwegianCalendar(), now, quiet); err != nil || sent != 0 {
		t.Fatalf("sent %d: %v", sent, err)
	}
	if due, _ := st.DueNotices(ctx, now.Add(30*time.Second), 10); len(due) != 0 {
		t.Errorf("retried before the backoff: %d", len(due))
	}
	srv.Fail(false)
	clock.Advance(2 * time.Minute)
	if sent, err := notify.Dispatch(ctx, st, []notify.Sender{mail}, casework.NorwegianCalendar(), clock.Now(), quiet); err != nil || sent != 1 {
		t.Fatalf("second round sent %d: %v", sent, err)
	}
	_, p := only(t, srv)
	if p.Header.Get("To") != "<kari@example.no>" || p.Subject != "Nytt i saken din" || !strings.Contains(p.Text, "Logg inn for å lese det.") {
		t.Errorf("mail: %+v", p)
	}
	// The Message-ID is the notice's, the same on every attempt.
	ns, _ := st.NoticesForCase(ctx, "C1")
	var sms, email store.Notice
	for _, n := range ns {
		if n.Channel == notify.ChannelSMS {
			sms = n
		} else {
			email = n
		}
	}
	if want := "<notice." + email.ID.Hex() + "@nav.test>"; p.Header.Get("Message-Id") != want {
		t.Errorf("Message-ID %q, want %q", p.Header.Get("Message-Id"), want)
	}
	if date, _ := p.Header.Date(); !date.Equal(clock.Now().Truncate(time.Second)) {
		t.Errorf("Date %s, want the clock's %s", date, clock.Now())
	}
	// The SMS has no sender: it stays, with the reason, for staff to see.
	if !sms.SentAt.IsZero() || !strings.Contains(sms.LastError, "no sender") {
		t.Errorf("sms notice %+v", sms)
	}
	// Sending again sends nothing twice.
	clock.Advance(24 * time.Hour)
	if sent, _ := notify.Dispatch(ctx, st, []notify.Sender{mail}, casework.NorwegianCalendar(), clock.Now(), quiet); sent != 0 || len(srv.Messages()) != 1 {
		t.Errorf("a sent notice was sent again")
	}
}

// Every notice kind has its texts in every language, with the link.
func TestEveryKindHasItsTexts(t *testing.T) {
	msgs, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range msgs.Languages() {
		l := msgs.For(lang)
		for _, kind := range notify.Kinds {
			s, b := notify.TextIDs(kind)
			if !l.Has(s) || !l.Has(b) {
				t.Errorf("%s: %s lacks %s or %s", lang, kind, s, b)
				continue
			}
			if body := l.T(b, "Link", "https://x.test/l"); !strings.Contains(body, "\nhttps://x.test/l\n") {
				t.Errorf("%s: %s has no link on a line of its own: %q", lang, kind, body)
			}
		}
	}
}
