package notify

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"kvp/casework"
	"kvp/i18n"
	"kvp/store"
)

// Texter gives a notice's texts. A notice is written in the language the
// person used when they sent the case (kept with store.SetNoticePrefs),
// or in Bokmål when that is not known; each text has a line in a second
// language (English, or Bokmål in the English texts).
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
	// Receipts: an application, an appeal or a conversation request was
	// received.
	KindReceivedApplication  = "received-application"
	KindReceivedAppeal       = "received-appeal"
	KindReceivedConversation = "received-conversation"
	// Reminders (see casework.Case.DueReminders).
	KindReminderDocuments = "reminder-documents"
	KindReminderMeeting   = "reminder-meeting"
)

// Kinds lists every notice kind.
var Kinds = []string{KindNews, KindDecision, KindConversation, KindSecond,
	KindReceivedApplication, KindReceivedAppeal, KindReceivedConversation,
	KindReminderDocuments, KindReminderMeeting}

// TextIDs returns the message ids of a notice kind's subject and body.
func TextIDs(kind string) (subject, body string) {
	switch kind {
	case KindConversation:
		return "notice.conversation.subject", "notice.conversation.body"
	case KindSecond:
		return "notice.second.subject", "notice.second.body"
	case KindReceivedApplication:
		return "notice.received.application.subject", "notice.received.application.body"
	case KindReceivedAppeal:
		return "notice.received.appeal.subject", "notice.received.appeal.body"
	case KindReceivedConversation:
		return "notice.received.conversation.subject", "notice.received.conversation.body"
	case KindReminderDocuments:
		return "notice.reminder.documents.subject", "notice.reminder.documents.body"
	case KindReminderMeeting:
		return "notice.reminder.meeting.subject", "notice.reminder.meeting.body"
	}
	return "notice.news.subject", "notice.news.body"
}

// reminderKinds maps the casework reminder kinds to notice kinds.
var reminderKinds = map[string]string{
	casework.ReminderDocuments: KindReminderDocuments,
	casework.ReminderMeeting:   KindReminderMeeting,
}

// Contacts returns where a case's person can be reached: the e-mail and
// phone from the application, or from the conversation request.
func Contacts(cs *casework.Case) (email, phone string) {
	if cs.Conversation != nil {
		return cs.Conversation.Email, cs.Conversation.Phone
	}
	return cs.Answers.Contact.Email, cs.Answers.Contact.Phone
}

// messages is the message bundle for notices written outside a request
// (staff actions and the background job), in the person's language.
var messages = sync.OnceValues(i18n.Load)

// newNotice writes a notice of kind for the case with the link, in l's
// language, by e-mail if the person gave one, otherwise by SMS; nil when
// the person gave neither.
func newNotice(l Texter, cs *casework.Case, kind, link string, now time.Time) *store.Notice {
	email, phone := Contacts(cs)
	n := &store.Notice{Case: cs.ID, Kind: kind, CreatedAt: now}
	if loc, ok := l.(*i18n.Localizer); ok {
		n.Lang = loc.Lang
	}
	subject, body := TextIDs(kind)
	n.Subject, n.Body = l.T(subject), l.T(body, "Link", link)
	switch {
	case email != "":
		n.Channel, n.To = ChannelEmail, email
	case phone != "":
		n.Channel, n.To = ChannelSMS, phone
	default:
		return nil // no way to reach the person; the case page is all there is
	}
	return n
}

// inPersonsLanguage returns the texter for the case's notices: the
// language kept for the case, or l.
func inPersonsLanguage(ctx context.Context, st *store.Store, l Texter, ref string) (Texter, store.NoticePrefs, error) {
	p, ok, err := st.NoticePrefsFor(ctx, ref)
	if err != nil || !ok || p.Lang == "" {
		return l, p, err
	}
	if loc, isLoc := l.(*i18n.Localizer); isLoc && loc.Lang == p.Lang {
		return l, p, nil
	}
	b, err := messages()
	if err != nil {
		return l, p, err
	}
	return b.For(p.Lang), p, nil
}

// EnqueueNews writes a notice that something new is waiting in the case,
// by e-mail if the person gave one, otherwise by SMS. link is where to
// read it (the login, or the receipt link of a request made without one).
// It is written in the language the person sent the case in, when known,
// and otherwise with l.
func EnqueueNews(ctx context.Context, st *store.Store, l Texter, cs *casework.Case, kind, link string, now time.Time) error {
	l, _, err := inPersonsLanguage(ctx, st, l, cs.ID)
	if err != nil {
		return err
	}
	n := newNotice(l, cs, kind, link, now)
	if n == nil {
		return nil
	}
	return st.Enqueue(ctx, n)
}

// Receipt is what was received, for Received.
type Receipt struct {
	// Kind is KindReceivedApplication, KindReceivedAppeal or
	// KindReceivedConversation.
	Kind string
	// Key names what was received (see ReceivedKey): a second call for it
	// queues nothing.
	Key string
	// Path is the page where it can be seen, under the public address.
	Path string
	// CasePath is the case's own page, linked from the case's later
	// notices (reminders); empty means Path.
	CasePath string
}

// Received queues the notice that an application, an appeal or a
// conversation request was received: only that, with the link to where
// it can be seen. l is the person's language as they sent it; it and the
// case's page are kept for the case's later notices.
func Received(ctx context.Context, st *store.Store, l *i18n.Localizer, cs *casework.Case, r Receipt, baseURL string, now time.Time) error {
	casePath := r.CasePath
	if casePath == "" {
		casePath = r.Path
	}
	if err := st.SetNoticePrefs(ctx, store.NoticePrefs{Ref: cs.ID, Lang: l.Lang, Path: casePath}); err != nil {
		return err
	}
	n := newNotice(l, cs, r.Kind, baseURL+r.Path, now)
	if n == nil {
		return nil
	}
	_, err := st.EnqueueOnce(ctx, n, r.Key)
	return err
}

// ReceivedKey names the receipt notice of a case (appeal "" for the
// application or the conversation request).
func ReceivedKey(ref, appeal string) string {
	if appeal != "" {
		return "received/" + ref + "/appeal/" + appeal
	}
	return "received/" + ref
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

// Reminders queues the reminders that are due at now (see
// casework.Case.DueReminders): before a documentation deadline and the
// day before a booked conversation. Each is queued once, under its key,
// however often this runs and on however many instances; it returns how
// many it queued. The link is the page kept with the case's receipt (the
// receipt of a conversation request made without logging in), or the case
// page.
func Reminders(ctx context.Context, st *store.Store, msgs *i18n.Bundle, baseURL string, now time.Time) (int, error) {
	refs, err := st.ReminderCandidates(ctx)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, ref := range refs {
		cs, err := st.Case(ctx, ref)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return queued, err
		}
		due := cs.DueReminders(now)
		if len(due) == 0 {
			continue
		}
		l, prefs, err := inPersonsLanguage(ctx, st, msgs.For(i18n.Default), cs.ID)
		if err != nil {
			return queued, err
		}
		path := prefs.Path
		if path == "" {
			path = "/saker/" + cs.ID
		}
		for _, r := range due {
			kind, ok := reminderKinds[r.Kind]
			if !ok {
				return queued, fmt.Errorf("reminder kind %q has no notice", r.Kind)
			}
			n := newNotice(l, cs, kind, baseURL+path, now)
			if n == nil {
				continue
			}
			added, err := st.EnqueueOnce(ctx, n, r.Key)
			if err != nil {
				return queued, err
			}
			if added {
				queued++
			}
		}
	}
	return queued, nil
}
