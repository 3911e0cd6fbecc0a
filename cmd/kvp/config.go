package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strings"

	"kvp/notify"
	"kvp/register"
)

// config is read once from the environment and validated here.
type config struct {
	Addr       string
	DataDir    string
	MongoURI   string
	DBName     string
	Env        string
	SessionKey []byte
	LogLevel   slog.Level
	DBLog      bool
	// MetricsAddr is where Prometheus metrics are served (KVP_METRICS_ADDR;
	// empty: not served). Never the portal's own address.
	MetricsAddr string
	// OfficesFile is an extra office directory file loaded at start.
	OfficesFile string
	// PublicURL is the portal's address for links in notices.
	PublicURL string
	// SMTP settings; notices by e-mail stay in the outbox without them.
	SMTPAddr, SMTPFrom, SMTPUser, SMTPPassword string
	// SMTPTLS is how the mail server connection is encrypted: starttls
	// (required; the default), tls (implicit) or none (not in production).
	SMTPTLS string
	// ProxyHeader and TrustedProxies: see proxySettings (main.go).
	ProxyHeader    string
	TrustedProxies []string
	// The logins: see loginSettings (oidc_config.go).
	logins
	// Register is KVP_REGISTER, RegisterFile KVP_REGISTER_FILE and
	// ProtectedOffice KVP_PROTECTED_OFFICE; register is the register they
	// give (see registerSettings, register_config.go).
	Register, RegisterFile, ProtectedOffice string
	register                                register.Register
}

func (c config) production() bool { return c.Env == "production" }

// loadConfig reads the settings documented in the README.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Addr:        or(getenv("KVP_ADDR"), "127.0.0.1:8080"),
		DataDir:     or(getenv("KVP_DATA_DIR"), "./data"),
		MongoURI:    getenv("MONGODB_URI"),
		DBName:      or(getenv("KVP_DB_NAME"), "kvp"),
		Env:         or(getenv("KVP_ENV"), "development"),
		DBLog:       getenv("KVP_DB_LOG") == "1",
		MetricsAddr: strings.TrimSpace(getenv("KVP_METRICS_ADDR")),

		OfficesFile:  getenv("KVP_OFFICES_FILE"),
		PublicURL:    strings.TrimSuffix(getenv("KVP_PUBLIC_URL"), "/"),
		SMTPAddr:     getenv("KVP_SMTP_ADDR"),
		SMTPFrom:     or(getenv("KVP_SMTP_FROM"), "ikke-svar@nav.no"),
		SMTPUser:     getenv("KVP_SMTP_USER"),
		SMTPPassword: getenv("KVP_SMTP_PASSWORD"),
		SMTPTLS:      strings.ToLower(or(getenv("KVP_SMTP_TLS"), notify.TLSStartTLS)),
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	}
	var problems []string
	if c.Env != "development" && c.Env != "production" {
		problems = append(problems, fmt.Sprintf("KVP_ENV must be development or production, not %q", c.Env))
	}
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("KVP_LOG_LEVEL"), "info"))); err != nil {
		problems = append(problems, "KVP_LOG_LEVEL must be debug, info, warn or error")
	}
	c.ProxyHeader, c.TrustedProxies, problems = proxySettings(getenv, problems)
	problems = c.checkSMTP(problems)
	if k := getenv("KVP_SESSION_KEY"); k != "" {
		key, err := decodeKey(k)
		if err != nil {
			problems = append(problems, "KVP_SESSION_KEY: "+err.Error())
		}
		c.SessionKey = key
	}
	if c.production() && c.SessionKey == nil {
		problems = append(problems, "KVP_SESSION_KEY is required in production (32 random bytes, hex or base64; `openssl rand -hex 32`)")
	}
	problems = c.loginSettings(getenv, problems)
	problems = c.registerSettings(getenv, problems)
	if len(problems) > 0 {
		return c, errors.New(strings.Join(problems, "; "))
	}
	return c, nil
}

// checkSMTP validates the mail server settings: an address with a port,
// a known TLS mode, and encryption in production (notices go to people's
// own addresses, and the login is sent too).
func (c config) checkSMTP(problems []string) []string {
	if c.SMTPAddr != "" {
		if host, port, err := net.SplitHostPort(c.SMTPAddr); err != nil || host == "" || port == "" {
			problems = append(problems, fmt.Sprintf("KVP_SMTP_ADDR must be host:port, not %q", c.SMTPAddr))
		}
	}
	if !slices.Contains(notify.TLSModes, c.SMTPTLS) {
		problems = append(problems, fmt.Sprintf("KVP_SMTP_TLS must be one of %s, not %q", strings.Join(notify.TLSModes, ", "), c.SMTPTLS))
	}
	if c.production() && c.SMTPTLS == notify.TLSNone {
		problems = append(problems, "KVP_SMTP_TLS=none is refused in production: use starttls or tls")
	}
	return problems
}

// decodeKey accepts a key of at least 32 bytes as hex or base64.
func decodeKey(s string) ([]byte, error) {
	if b, err := hex.DecodeString(s); err == nil {
		if len(b) < 32 {
			return nil, errors.New("must be at least 32 bytes")
		}
		return b, nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("must be hex or base64")
	}
	if len(b) < 32 {
		return nil, errors.New("must be at least 32 bytes")
	}
	return b, nil
}

func randomKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
