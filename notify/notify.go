// Package notify sends notices by e-mail (SMTP) from the outbox. A notice
// says only that something new is waiting and where; never personal or
// case content.
package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
)

// Channels a notice can go by.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// Sender delivers a notice on one channel.
type Sender interface {
	Channel() string
	Send(ctx context.Context, to, subject, body string) error
}

// Message is a notice as it is sent.
type Message struct {
	// ID is the notice's id in the outbox, the same on every attempt: the
	// e-mail's Message-ID is made from it, so a mail system can tell a
	// repeated delivery of one notice.
	ID string
	// Lang is the language the notice is written in.
	Lang    string
	To      string
	Subject string
	Body    string
	// Date is when it is sent (the portal's clock).
	Date time.Time
}

// MessageSender is a Sender that also takes the notice's id, language
// and time. Dispatch uses it when a sender has it.
type MessageSender interface {
	Sender
	SendMessage(ctx context.Context, m Message) error
}

// ErrNoSender means no sender is configured for a notice's channel.
var ErrNoSender = errors.New("no sender configured for this channel")

// TLS modes of the mail server connection (KVP_SMTP_TLS).
const (
	// TLSStartTLS connects in plain text and requires STARTTLS: a server
	// that does not offer it is not sent to. The default.
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (SMTPS, usually port 465).
	TLSImplicit = "tls"
	// TLSNone sends unencrypted: only for a mail server on the same host
	// or a closed network, and refused in production.
	TLSNone = "none"
)

// TLSModes lists the valid values of SMTP.TLS.
var TLSModes = []string{TLSStartTLS, TLSImplicit, TLSNone}

// SMTP sends e-mail through a mail server (github.com/wneessen/go-mail):
// a plain-text and an HTML part, with Message-ID and Date, over STARTTLS
// or TLS as TLS says, and with authentication when a username is set.
type SMTP struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
	// TLS is TLSStartTLS (also when empty), TLSImplicit or TLSNone.
	TLS string
	// TLSConfig, when set, is used for the connection (tests set the
	// certificate authority of their server); ServerName defaults to the
	// host of Addr.
	TLSConfig *tls.Config
	Timeout   time.Duration
}

// Channel is "email".
func (s *SMTP) Channel() string { return ChannelEmail }

// Send delivers one e-mail, dated now, with a Message-ID of its own.
func (s *SMTP) Send(ctx context.Context, to, subject, body string) error {
	return s.SendMessage(ctx, Message{To: to, Subject: subject, Body: body})
}

// SendMessage delivers one notice by e-mail.
func (s *SMTP) SendMessage(ctx context.Context, m Message) error {
	if strings.ContainsAny(m.To, "\r\n") || strings.ContainsAny(m.Subject, "\r\n") {
		return errors.New("header injection refused")
	}
	c, err := s.client()
	if err != nil {
		return err
	}
	msg, err := s.message(m)
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	return nil
}

// client sets up the connection to the mail server as configured.
func (s *SMTP) client() (*mail.Client, error) {
	host, portText, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return nil, fmt.Errorf("mail server address %q: %w", s.Addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("mail server port %q: %w", portText, err)
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	tc := &tls.Config{}
	if s.TLSConfig != nil {
		tc = s.TLSConfig.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = host
	}
	tc.MinVersion = max(tc.MinVersion, tls.VersionTLS12)
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(timeout), mail.WithTLSConfig(tc)}
	switch s.TLS {
	case TLSStartTLS, "":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("mail server TLS mode %q (want %s)", s.TLS, strings.Join(TLSModes, ", "))
	}
	if s.Username != "" {
		// The strongest mechanism the server offers; PLAIN and LOGIN only
		// over an encrypted connection.
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.Username), mail.WithPassword(s.Password))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail client: %w", err)
	}
	return c, nil
}

// message builds the e-mail: headers, a plain-text part and the same text
// as HTML.
func (s *SMTP) message(m Message) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := msg.From(s.From); err != nil {
		return nil, fmt.Errorf("sender address: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("recipient address: %w", err)
	}
	msg.Subject(m.Subject)
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	msg.SetDateWithValue(date)
	if m.ID != "" {
		msg.SetMessageIDWithValue("notice." + m.ID + "@" + domainOf(s.From))
	} else {
		msg.SetMessageID()
	}
	if m.Lang != "" {
		msg.SetGenHeader(mail.HeaderContentLang, m.Lang)
	}
	// An automatic message (RFC 3834): no out-of-office replies to it.
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	msg.SetGenHeader(mail.HeaderXAutoResponseSuppress, "All")
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	html, err := htmlBody(m)
	if err != nil {
		return nil, err
	}
	msg.AddAlternativeString(mail.TypeTextHTML, html)
	return msg, nil
}

// domainOf is the domain of an e-mail address, for Message-IDs.
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.TrimRight(addr[i+1:], ">")
	}
	return "localhost"
}
