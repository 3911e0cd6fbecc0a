package notify

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"kvp/casework"
	"kvp/store"
)

// MaxAttempts is how often a notice is tried before it is given up.
const MaxAttempts = 12

// Dispatch sends the notices that are due, each by the sender for its
// channel, and records the outcome. A notice whose channel has no sender
// stays in the outbox with that reason, visible to staff. It returns how
// many were sent.
//
// A sent notice about a decision is when the decision reached the person
// (eForvaltningsforskriften § 11), unless they opened it before: the
// appeal deadline starts then.
func Dispatch(ctx context.Context, st *store.Store, senders []Sender, cal *casework.Calendar, now time.Time, log *slog.Logger) (int, error) {
	byChannel := map[string]Sender{}
	for _, s := range senders {
		byChannel[s.Channel()] = s
	}
	due, err := st.DueNotices(ctx, now, 100)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, n := range due {
		s, ok := byChannel[n.Channel]
		var sendErr error
		switch ms, full := s.(MessageSender); {
		case !ok:
			sendErr = ErrNoSender
		case full:
			sendErr = ms.SendMessage(ctx, Message{ID: n.ID.Hex(), Lang: n.Lang, To: n.To, Subject: n.Subject, Body: n.Body, Date: now})
		default:
			sendErr = s.Send(ctx, n.To, n.Subject, n.Body)
		}
		if sendErr == nil {
			if err := st.NoticeSent(ctx, n.ID, now); err != nil {
				return sent, err
			}
			sent++
			if n.Kind == KindDecision || n.Kind == KindSecond {
				if err := decisionReached(ctx, st, cal, n.Case, n.CreatedAt, now); err != nil {
					log.Error("appeal deadline not started", "case", n.Case, "err", err)
				}
			}
			continue
		}
		if errors.Is(sendErr, context.Canceled) {
			return sent, sendErr
		}
		log.Warn("notice not sent", "case", n.Case, "channel", n.Channel, "attempt", n.Attempts+1, "err", sendErr)
		if err := st.NoticeFailed(ctx, n, sendErr.Error(), now.Add(backoff(n.Attempts)), MaxAttempts); err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// decisionReached starts the appeal deadline of the case's decision from a
// notice about it written at written and sent at at. If the case keeps
// changing under it, the deadline is left to start when the person opens
// the decision, which is never earlier.
func decisionReached(ctx context.Context, st *store.Store, cal *casework.Calendar, ref string, written, at time.Time) error {
	for range 3 {
		cs, err := st.Case(ctx, ref)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v := cs.Version
		if !cs.DecisionReached(cal, written, at) {
			return nil
		}
		if err := st.UpdateCase(ctx, cs, v); !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return nil
}

// backoff is the wait before the next attempt: one minute, doubling, at
// most six hours.
func backoff(attempts int) time.Duration {
	d := time.Minute << min(attempts, 9)
	return min(d, 6*time.Hour)
}
