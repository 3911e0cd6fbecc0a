package main

import (
	"errors"
	"strings"
	"testing"
)

func TestSecretsCanComeFromFiles(t *testing.T) {
	env := map[string]string{
		"KVP_SESSION_KEY_FILE":   "/run/secrets/session",
		"KVP_SMTP_PASSWORD_FILE": "/run/secrets/smtp",
		"KVP_STAFF_GROUPS_CLAIM": "from-env",
	}
	files := map[string]string{
		"/run/secrets/session": strings.Repeat("ab", 32) + "\n",
		"/run/secrets/smtp":    "s3cret\r\n",
	}
	read := func(p string) ([]byte, error) {
		if v, ok := files[p]; ok {
			return []byte(v), nil
		}
		return nil, errors.New("no such file")
	}
	getenv, err := secretEnv(func(k string) string { return env[k] }, read)
	if err != nil {
		t.Fatal(err)
	}
	if got := getenv("KVP_SESSION_KEY"); got != strings.Repeat("ab", 32) {
		t.Errorf("session key %q", got)
	}
	if got := getenv("KVP_SMTP_PASSWORD"); got != "s3cret" {
		t.Errorf("smtp password %q", got)
	}
	if got := getenv("KVP_STAFF_GROUPS_CLAIM"); got != "from-env" {
		t.Errorf("a secret in the environment: %q", got)
	}
	c, err := loadConfig(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.SessionKey) != 32 || c.SMTPPassword != "s3cret" {
		t.Errorf("config from files: key %d bytes, smtp %q", len(c.SessionKey), c.SMTPPassword)
	}

	// Both set, a missing file, an empty file: refused, naming the
	// setting and never the secret.
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"KVP_SESSION_KEY": "x", "KVP_SESSION_KEY_FILE": "/run/secrets/session"}, "set KVP_SESSION_KEY or KVP_SESSION_KEY_FILE, not both"},
		{map[string]string{"MONGODB_URI_FILE": "/nowhere"}, "MONGODB_URI_FILE: cannot read /nowhere"},
		{map[string]string{"KVP_SMTP_PASSWORD_FILE": "/empty"}, "KVP_SMTP_PASSWORD_FILE: /empty is empty"},
	} {
		files["/empty"] = "\n"
		_, err := secretEnv(func(k string) string { return tc.env[k] }, read)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "abab") {
			t.Errorf("%v: error %v, want %q", tc.env, err, tc.want)
		}
	}
}
