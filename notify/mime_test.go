package notify

import "testing"

func TestMIMEHeader(t *testing.T) {
	if got := mimeHeader("Svar på forespørselen"); got != "=?utf-8?q?Svar_p=C3=A5_foresp=C3=B8rselen?=" {
		t.Errorf("encoded %q", got)
	}
	if got := mimeHeader("Plain"); got != "Plain" {
		t.Errorf("plain %q", got)
	}
}
