package pulsoid

import "time"

// Reconnect timing. Pulsoid documents only that the socket "can be
// interrupted at any point in time" and asks for retry with backoff.
// Streamers need the number back on screen within 5 s of Pulsoid answering
// again, after an outage of any length: the longest wait (the cap plus its
// jitter, 3 s) plus a validate, a handshake and the strap's next reading
// (about 1 s) stays under that. Pulsoid's own client caps at 10 s, which
// would leave up to 10 s of dashes on stream. The schedule starts again
// from its first step after the first good beat.
const (
	BackoffBase = 500 * time.Millisecond
	BackoffMax  = 2500 * time.Millisecond
	// BackoffJitter spreads retries by ±20 % so that many installs cut off
	// at once do not all come back in the same instant.
	BackoffJitter = 0.2
)

// PaidPlanWait is the wait between tries while Pulsoid answers 402 (the
// account lacks the paid plan). Like @pulsoid/socket, Beatcast keeps
// trying (its PulsoidBaseSocket.isRetriableTokenError counts
// 'payment_required' as retriable), so a streamer who buys the plan is
// streaming without a restart; it waits the most that client waits, 10 s,
// as the answer will not change soon.
const PaidPlanWait = 10 * time.Second

// RetryWait is the wait before attempt n after err: PaidPlanWait for a
// 402, else Backoff. r picks the jitter, as for Backoff.
func RetryWait(err error, n int, r float64) time.Duration {
	if Classify(err) == PremiumRequired {
		return time.Duration(float64(PaidPlanWait) * (1 - BackoffJitter + 2*BackoffJitter*r))
	}
	return Backoff(n, r)
}

// Backoff is how long to wait before reconnect attempt n (1 for the first
// retry): 0.5 s, 1 s, 2 s, then 2.5 s, each ±20 %. r is a random number in
// [0, 1) that picks the jitter.
func Backoff(n int, r float64) time.Duration {
	d := BackoffBase
	for i := 1; i < n && d < BackoffMax; i++ {
		d *= 2
	}
	d = min(d, BackoffMax)
	return time.Duration(float64(d) * (1 - BackoffJitter + 2*BackoffJitter*r))
}
