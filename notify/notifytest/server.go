// Package notifytest runs a real SMTP server (github.com/emersion/go-smtp)
// inside a test, recording every message it accepts, so that tests see the
// e-mail as a mail system gets it.
package notifytest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"kvp/notify"
)

// Options choose how the server is reached.
type Options struct {
	// TLS is notify.TLSStartTLS (offered, as a submission server does),
	// notify.TLSImplicit (TLS from the first byte) or notify.TLSNone (no
	// TLS offered; also when empty).
	TLS string
	// User and Password, when set, are required (AUTH PLAIN, over TLS).
	User, Password string
}

// Mail is one message the server accepted.
type Mail struct {
	From string
	To   []string
	// Data is the message as sent (headers and body).
	Data []byte
	// TLS reports whether the connection was encrypted when it was sent;
	// User is who logged in ("" when no one did).
	TLS  bool
	User string
}

// Server is an SMTP server on a loopback port, stopped when the test ends.
type Server struct {
	// Addr is host:port.
	Addr string
	// ClientTLS trusts the server's certificate (made for this server);
	// nil when the server offers no TLS.
	ClientTLS *tls.Config
	opts      Options

	mu   sync.Mutex
	msgs []Mail
	fail bool
}

// Start runs a server until the test ends.
func Start(tb testing.TB, o Options) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), opts: o}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, conn: c}, nil
	}))
	srv.Domain = "mail.test"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.MaxMessageBytes = 1 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0)
	switch o.TLS {
	case notify.TLSStartTLS, notify.TLSImplicit:
		cert, pool, err := selfSigned()
		if err != nil {
			tb.Fatal(err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		s.ClientTLS = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		if o.TLS == notify.TLSImplicit {
			ln = tls.NewListener(ln, srv.TLSConfig)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	tb.Cleanup(func() {
		_ = srv.Close()
		<-done
	})
	return s
}

// Sender returns the portal's mail sender set up for this server.
func (s *Server) Sender(from string) *notify.SMTP {
	mode := s.opts.TLS
	if mode == "" {
		mode = notify.TLSNone
	}
	return &notify.SMTP{Addr: s.Addr, From: from, Username: s.opts.User, Password: s.opts.Password, TLS: mode, TLSConfig: s.ClientTLS, Timeout: 10 * time.Second}
}

// Messages returns what the server has accepted so far, in order.
func (s *Server) Messages() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.msgs...)
}

// Fail makes the server refuse every message (a temporary error) until
// called with false.
func (s *Server) Fail(fail bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = fail
}

type session struct {
	srv  *Server
	conn *smtp.Conn
	user string
	from string
	to   []string
}

func (s *session) AuthMechanisms() []string {
	if s.srv.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		if user != s.srv.opts.User || password != s.srv.opts.Password {
			return smtp.ErrAuthFailed
		}
		s.user = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.opts.User != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.srv.mu.Lock()
	fail := s.srv.fail
	s.srv.mu.Unlock()
	if fail {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	s.srv.msgs = append(s.srv.msgs, Mail{From: s.from, To: s.to, Data: b, TLS: isTLS, User: s.user})
	return nil
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "mail.test"},
		// Valid around any clock a test may run on: the certificate is
		// checked against the machine's clock, not the portal's.
		NotBefore:             time.Unix(0, 0),
		NotAfter:              time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool, nil
}

// errNoPart is returned by Parse for a message without a text part.
var errNoPart = errors.New("no such part")
