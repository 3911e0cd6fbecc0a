package main

import (
	"fmt"
	"os"
	"strings"
)

// secretSettings are the settings that hold secrets. Each can instead be
// read from a file named by the same name with _FILE added (as container
// platforms mount secrets), so that no secret need be in the environment.
var secretSettings = []string{
	"KVP_SESSION_KEY",
	"MONGODB_URI", // may carry a password
	"KVP_SMTP_PASSWORD",
	"KVP_OIDC_CLIENT_SECRET",
	"KVP_STAFF_OIDC_CLIENT_SECRET",
}

// secretEnv returns getenv with every secret setting that is unset but has
// a _FILE setting read from that file (without a trailing newline). Both
// set, or a file that cannot be read, is an error naming the setting, never
// the secret.
func secretEnv(getenv func(string) string, readFile func(string) ([]byte, error)) (func(string) string, error) {
	values := map[string]string{}
	var problems []string
	for _, name := range secretSettings {
		path := strings.TrimSpace(getenv(name + "_FILE"))
		if path == "" {
			continue
		}
		if getenv(name) != "" {
			problems = append(problems, fmt.Sprintf("set %s or %s_FILE, not both", name, name))
			continue
		}
		b, err := readFile(path)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s_FILE: cannot read %s: %v", name, path, err))
			continue
		}
		v := strings.TrimRight(string(b), "\r\n")
		if v == "" {
			problems = append(problems, fmt.Sprintf("%s_FILE: %s is empty", name, path))
			continue
		}
		values[name] = v
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("configuration: %s", strings.Join(problems, "; "))
	}
	return func(name string) string {
		if v, ok := values[name]; ok {
			return v
		}
		return getenv(name)
	}, nil
}

// osSecretEnv is secretEnv on the process's environment and files.
func osSecretEnv() (func(string) string, error) { return secretEnv(os.Getenv, os.ReadFile) }
