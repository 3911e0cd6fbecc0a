package forms

import (
	"regexp"
	"testing"

	"kvp/i18n"
)

// The rule messages written out in messages.go and the message files
// agree: every one listed exists, and every message shaped like a form's
// rule message ("err.<form>.<field>.<rule>" for a form of this package,
// or "err.<rule>") is listed, so RuleError can choose it.
func TestRuleMessagesAgreeWithTheMessageFiles(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	have := b.Keys(i18n.Default)
	forms := map[string]bool{}
	for id := range ruleMessages {
		if !have[id] {
			t.Errorf("%s is listed but has no message", id)
		}
		forms[regexp.MustCompile(`^err\.([a-z]+)\.`).FindStringSubmatch(id)[1]] = true
	}
	for id := range generalRuleMessages {
		if !have[id] {
			t.Errorf("%s is listed but has no message", id)
		}
	}
	own := regexp.MustCompile(`^err\.([a-z]+)\.[A-Za-z0-9]+\.[A-Za-z0-9]+$`)
	general := regexp.MustCompile(`^err\.[a-zA-Z]+$`)
	for id := range have {
		if m := own.FindStringSubmatch(id); m != nil && forms[m[1]] && !ruleMessages[id] {
			t.Errorf("%s has a message but is not in ruleMessages", id)
		}
		if general.MatchString(id) && !generalRuleMessages[id] {
			t.Errorf("%s has a message but is not in generalRuleMessages", id)
		}
	}
}
