package feed

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid"
)

// RetryNow ends the current wait between attempts to reach Pulsoid (the
// live connection's, or the feed's own while starting), so the next
// attempt begins at once. It does nothing when nothing is waiting.
func (f *Feed) RetryNow() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// untilAnswered runs attempt until Pulsoid answers it. attempt returns nil
// once it has acted on an answer, good or bad, or the trouble that kept
// Pulsoid from answering. The first try happens now; retries happen in the
// background with Pulsoid's backoff, each announced on the stream and in
// the log in plain words ("Can't reach Pulsoid. … Retrying in 3 s."),
// until one gets an answer or ctx ends. waiting, if set, also hears each
// retry: the trouble in a sentence and when the next try comes.
func (f *Feed) untilAnswered(ctx context.Context, attempt func(context.Context) error, waiting func(msg string, retryAt time.Time)) {
	err := attempt(ctx)
	if err == nil || ctx.Err() != nil {
		return
	}
	// The first wait is announced before returning, so the caller's answer
	// already says that Beatcast is retrying.
	wait := f.announceRetry(err, 1, waiting)
	go func() {
		for n := 2; f.sleep(ctx, wait); n++ {
			if err = attempt(ctx); err == nil || ctx.Err() != nil {
				return
			}
			wait = f.announceRetry(err, n, waiting)
		}
	}()
}

// announceRetry says on the stream and in the log that attempt n failed
// with err and when the next comes; it returns the wait.
func (f *Feed) announceRetry(err error, n int, waiting func(string, time.Time)) time.Duration {
	wait := pulsoid.RetryWait(err, n, rand.Float64())
	msg, at := pulsoid.Trouble(err), time.Now().Add(wait)
	f.cfg.Log.Warn(pulsoid.Retrying(err, wait), "attempt", n, "err", err)
	f.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkRetrying, Attempt: n,
		RetryAt: at.UnixMilli(), Reason: pulsoid.Reason(err), Message: msg})
	if waiting != nil {
		waiting(msg, at)
	}
	return wait
}
