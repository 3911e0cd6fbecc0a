package main

import (
	"strings"
	"testing"

	"kvp/notify"
)

func TestSMTPSettings(t *testing.T) {
	load := func(env map[string]string) (config, error) {
		return loadConfig(func(k string) string { return env[k] })
	}
	c, err := load(nil)
	if err != nil || c.SMTPTLS != notify.TLSStartTLS || c.SMTPFrom != "ikke-svar@nav.no" {
		t.Errorf("defaults: tls %q from %q: %v", c.SMTPTLS, c.SMTPFrom, err)
	}
	for _, mode := range []string{"starttls", "tls", "none", "TLS"} {
		if c, err := load(map[string]string{"KVP_SMTP_ADDR": "smtp.example.no:587", "KVP_SMTP_TLS": mode}); err != nil || c.SMTPTLS != strings.ToLower(mode) {
			t.Errorf("KVP_SMTP_TLS=%s: %q %v", mode, c.SMTPTLS, err)
		}
	}
	for msg, env := range map[string]map[string]string{
		"KVP_SMTP_TLS must be one of":                {"KVP_SMTP_TLS": "opportunistic"},
		"KVP_SMTP_ADDR must be host:port":            {"KVP_SMTP_ADDR": "smtp.example.no"},
		"KVP_SMTP_TLS=none is refused in production": {"KVP_ENV": "production", "KVP_SMTP_TLS": "none"},
	} {
		if _, err := load(env); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%v: %v, want %q", env, err, msg)
		}
	}
}
