package notify

import (
	"context"
	"errors"
	"time"

	"kvp/casework"
	"kvp/i18n"
	"kvp/store"
)

// Texter gives a notice's texts; notices are written in Bokmål with an
// English line, since the person's language is not known when sending.
type Texter interface {
	T(id string, args ...any) string
}

// Notice kinds.
const (
	KindNews = "news"
	// KindDecision is a notice about a new decision; sending it starts the
	// appeal deadline (see Dispatch).
	KindDecision     = "decision"
	KindConversation = "conversation"
	KindSecond       = "second"
)

// Contacts returns where a case's person can be reached: the e-mail and
// phone from the application, or from the conversation request.
func Contacts(cs *casework.Case) (email, phone string) {
	if cs.Conversation != nil {
		return cs.Conversation.Email, cs.Conversation.Phone
	}
	return cs.Answers.Contact.Email, cs.Answers.Contact.Phone
}

// EnqueueNews writes a notice that something new is waiting in the case,
// by e-mail if the person gave one, otherwise by SMS. link is where to
// read it (the login, or the receipt link of a request made without one).
func EnqueueNews(ctx context.Context, st *store.Store, l Texter, cs *casework.Case, kind, link string, now time.Time) error {
	email, phone := Contacts(cs)
	n := &store.Notice{Case: cs.ID, Kind: kind, CreatedAt: now}
	subject, body := "notice.news.subject", "notice.news.body"
	switch kind {
	case KindConversation:
		subject, body = "notice.conversation.subject", "notice.conversation.body"
	case KindSecond:
		subject, body = "notice.second.subject", "notice.second.body"
	}
	n.Subject, n.Body = l.T(subject), l.T(body, "Link", link)
	switch {
	case email != "":
		n.Channel, n.To = ChannelEmail, email
	case phone != "":
		n.Channel, n.To = ChannelSMS, phone
	default:
		return nil // no way to reach the person; the case page is all there is
	}
	return st.Enqueue(ctx, n)
}

// SecondNotices sends a second notice for every decision not opened within
// a week of being made available (eForvaltningsforskriften § 8), once.
func SecondNotices(ctx context.Context, st *store.Store, msgs *i18n.Bundle, baseURL string, now time.Time) (int, error) {
	refs, err := st.SecondNoticeCandidates(ctx, now)
	if err != nil {
		return 0, err
	}
	l := msgs.For(i18n.Default)
	n := 0
	for _, ref := range refs {
		cs, err := st.Case(ctx, ref)
		if err != nil {
			return n, err
		}
		due := cs.SecondNoticeDue()
		if due.IsZero() || due.After(now) {
			continue
		}
		seen := cs.Version
		cs.SecondNoticeSentAt = now
		if err := st.UpdateCase(ctx, cs, seen); errors.Is(err, store.ErrConflict) {
			continue // changed meanwhile; the next run looks again
		} else if err != nil {
			return n, err
		}
		if err := EnqueueNews(ctx, st, l, cs, KindSecond, baseURL+"/saker/"+cs.ID, now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
