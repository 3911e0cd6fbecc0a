package casework

import (
	"testing"
	"time"
)

// The buttons without a form follow the same rule as the forms: the
// reassessment starts on a received appeal, the summary is forwarded
// once made, and a conversation is marked held while it is booked.
func TestAllowsFollowsTheState(t *testing.T) {
	worker := Staff{Email: "a@nav.test", Name: "A"}
	c := decidedCase(t, day("2026-11-13").Add(10*time.Hour))
	at := day("2026-11-20").Add(9 * time.Hour)
	if err := c.FileAppeal(Appeal{ID: "K1", Change: "Innvilg", Reasons: "Fordi"}, NorwegianCalendar(), at); err != nil {
		t.Fatal(err)
	}
	want := func(step string, allowed map[string]bool) {
		t.Helper()
		for action, ok := range allowed {
			if got := c.Allows(action, "K1"); got != ok {
				t.Errorf("%s: Allows(%s) = %v, want %v", step, action, got, ok)
			}
		}
	}
	want("received", map[string]bool{"klage-vurder": true, "klage-oversend": false, "klage-forelopig-svar": true, "klage-omgjor": true, "klage-sf-resultat": false})
	if err := c.StartReassessment("K1", worker, at); err != nil {
		t.Fatal(err)
	}
	want("reassessing", map[string]bool{"klage-vurder": false, "klage-oversend": false, "klage-oppretthold": true})
	if err := c.UpholdDecision("K1", AppealSummary{Facts: "f", Assessment: "a", Arguments: "g", CommentDeadline: at.AddDate(0, 0, 14)}, worker, at); err != nil {
		t.Fatal(err)
	}
	want("summarised", map[string]bool{"klage-vurder": false, "klage-oversend": true, "klage-oppretthold": false, "klage-forelopig-svar": true})
	if err := c.ForwardAppeal("K1", worker, at.AddDate(0, 0, 15)); err != nil {
		t.Fatal(err)
	}
	want("forwarded", map[string]bool{"klage-oversend": false, "klage-forelopig-svar": false, "klage-sf-resultat": true})
	if c.Allows("klage-vurder", "no-such-appeal") {
		t.Error("an action on an appeal that does not exist is allowed")
	}

	conv := NewConversationCase("SAMT-0001", ConversationRequest{Name: "Kari"}, Person{}, Office{Municipality: "3401"}, at)
	if conv.Allows("gjennomfort", "") {
		t.Error("a requested conversation can be marked held")
	}
	if err := conv.BookConversation(Meeting{At: at.AddDate(0, 0, 3), Mode: "office", Place: "NAV"}, worker, at); err != nil {
		t.Fatal(err)
	}
	if !conv.Allows("gjennomfort", "") {
		t.Error("a booked conversation cannot be marked held")
	}
	if err := conv.MarkHeld(worker, at.AddDate(0, 0, 3)); err != nil {
		t.Fatal(err)
	}
	if conv.Allows("gjennomfort", "") || !conv.Allows("avslutt", "") {
		t.Errorf("held: gjennomfort %v, avslutt %v", conv.Allows("gjennomfort", ""), conv.Allows("avslutt", ""))
	}
}
