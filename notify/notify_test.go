package notify_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"kvp/casework"
	"kvp/internal/testkit"
	"kvp/notify"
	"kvp/store"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testkit.Shutdown()
	os.Exit(code)
}

// fakeSMTP is a minimal SMTP server that records the messages it gets.
type fakeSMTP struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string
	fail bool
}

func newFakeSMTP(t *testing.T) *fakeSMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln}
	go f.serve()
	t.Cleanup(func() { ln.Close() })
	return f
}

func (f *fakeSMTP) serve() {
	for {
		conn, err := f.ln.Accept()
		if err != nil {
			return
		}
		go f.handle(conn)
	}
}

func (f *fakeSMTP) handle(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(s string) { _, _ = io.WriteString(conn, s+"\r\n") }
	say("220 fake")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 fake")
		case strings.HasPrefix(cmd, "MAIL"):
			f.mu.Lock()
			fail := f.fail
			f.mu.Unlock()
			if fail {
				say("451 try later")
				continue
			}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT"):
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			f.mu.Lock()
			f.msgs = append(f.msgs, b.String())
			f.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (f *fakeSMTP) messages() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.msgs...)
}

func TestDispatchSendsRetriesAndKeepsUnsendable(t *testing.T) {
	st := testkit.Store(t)
	ctx := context.Background()
	srv := newFakeSMTP(t)
	mail := &notify.SMTP{Addr: srv.ln.Addr().String(), From: "ikke-svar@nav.test"}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	now := testkit.Now()
	for _, n := range []store.Notice{
		{Channel: notify.ChannelEmail, To: "kari@example.no", Subject: "Nytt i saken din", Body: "Logg inn for å lese det.", Case: "C1", CreatedAt: now},
		{Channel: notify.ChannelSMS, To: "91234567", Subject: "x", Body: "y", Case: "C1", CreatedAt: now},
	} {
		n := n
		if err := st.Enqueue(ctx, &n); err != nil {
			t.Fatal(err)
		}
	}
	// The mail server is down at first: retried later, nothing lost.
	srv.mu.Lock()
	srv.fail = true
	srv.mu.Unlock()
	if sent, err := notify.Dispatch(ctx, st, []notify.Sender{mail}, casework.NorwegianCalendar(), now, log); err != nil || sent != 0 {
		t.Fatalf("sent %d: %v", sent, err)
	}
	if due, _ := st.DueNotices(ctx, now.Add(30*time.Second), 10); len(due) != 0 {
		t.Errorf("retried before the backoff: %d", len(due))
	}
	srv.mu.Lock()
	srv.fail = false
	srv.mu.Unlock()
	if sent, err := notify.Dispatch(ctx, st, []notify.Sender{mail}, casework.NorwegianCalendar(), now.Add(2*time.Minute), log); err != nil || sent != 1 {
		t.Fatalf("second round sent %d: %v", sent, err)
	}
	msgs := srv.messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0], "To: kari@example.no") || !strings.Contains(msgs[0], "Subject: Nytt i saken din") || !strings.Contains(msgs[0], "Logg inn for å lese det.") {
		t.Errorf("mail: %q", msgs)
	}
	// The SMS has no sender: it stays, with the reason, for staff to see.
	ns, _ := st.NoticesForCase(ctx, "C1")
	var sms store.Notice
	for _, n := range ns {
		if n.Channel == notify.ChannelSMS {
			sms = n
		}
	}
	if !sms.SentAt.IsZero() || !strings.Contains(sms.LastError, "no sender") {
		t.Errorf("sms notice %+v", sms)
	}
	// Sending again sends nothing twice.
	if sent, _ := notify.Dispatch(ctx, st, []notify.Sender{mail}, casework.NorwegianCalendar(), now.Add(24*time.Hour), log); sent != 0 || len(srv.messages()) != 1 {
		t.Errorf("a sent notice was sent again")
	}
}

func TestSMTPRefusesHeaderInjection(t *testing.T) {
	m := &notify.SMTP{Addr: "127.0.0.1:1", From: "a@b"}
	if err := m.Send(context.Background(), "x@y\r\nBcc: z@w", "s", "b"); err == nil || !strings.Contains(err.Error(), "injection") {
		t.Errorf("injection: %v", err)
	}
}
