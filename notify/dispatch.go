package notify

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"kvp/store"
)

// MaxAttempts is how often a notice is tried before it is given up.
const MaxAttempts = 12

// Dispatch sends the notices that are due, each by the sender for its
// channel, and records the outcome. A notice whose channel has no sender
// stays in the outbox with that reason, visible to staff. It returns how
// many were sent.
func Dispatch(ctx context.Context, st *store.Store, senders []Sender, now time.Time, log *slog.Logger) (int, error) {
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
		if !ok {
			sendErr = ErrNoSender
		} else {
			sendErr = s.Send(ctx, n.To, n.Subject, n.Body)
		}
		if sendErr == nil {
			if err := st.NoticeSent(ctx, n.ID, now); err != nil {
				return sent, err
			}
			sent++
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

// backoff is the wait before the next attempt: one minute, doubling, at
// most six hours.
func backoff(attempts int) time.Duration {
	d := time.Minute << min(attempts, 9)
	return min(d, 6*time.Hour)
}
