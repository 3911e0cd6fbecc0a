package notify

import (
	"context"
	"time"

	"kvp/casework"
	"kvp/store"
)

// CaseNotices tells a person of a change a staff member made to their
// case (usecase.Notifier): a notice in the outbox, in the language they
// sent the case in. Someone who asked for a conversation without logging
// in gets the link to their receipt, which shows the answer.
type CaseNotices struct {
	Store *store.Store
	// Texts are the default language's messages, for a case sent in a
	// language the person's record does not name.
	Texts Texter
	// PublicURL is the portal's address, for links in notices.
	PublicURL string
	// ReceiptLink is the signed address of a conversation request's
	// receipt page.
	ReceiptLink func(ref string) string
	Now         func() time.Time
}

// CaseChanged writes the notice: decided says the change made a decision,
// whose notice starts the appeal deadline once sent.
func (n CaseNotices) CaseChanged(ctx context.Context, cs *casework.Case, decided bool) error {
	if cs.Owner.NationalID == "" {
		return EnqueueNews(ctx, n.Store, n.Texts, cs, KindConversation, n.ReceiptLink(cs.ID), n.Now())
	}
	kind := KindNews
	if decided {
		kind = KindDecision
	}
	return EnqueueNews(ctx, n.Store, n.Texts, cs, kind, n.PublicURL+"/saker/"+cs.ID, n.Now())
}
