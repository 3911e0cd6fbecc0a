package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	var buf bytes.Buffer
	if err := run([]string{"version"}); err != nil {
		t.Fatal(err)
	}
	version = "1.2.3"
	defer func() { version = "" }()
	if err := versionCommand(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "kvp 1.2.3 (go") {
		t.Errorf("version: %q", buf.String())
	}
}
