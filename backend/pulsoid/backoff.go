package pulsoid

import "time"

// Reconnect timing. Pulsoid documents only that the socket "can be
// interrupted at any point in time" and asks for retry with backoff; these
// numbers start fast enough that a blip is barely seen and cap low enough
// that a streamer is never left waiting long after Pulsoid is back.
const (
	BackoffBase = time.Second
	BackoffMax  = 30 * time.Second
	// BackoffJitter spreads retries by ±20 % so that many clients cut off
	// at once do not all come back in the same second.
	BackoffJitter = 0.2
)

// Backoff is how long to wait before reconnect attempt n (1 for the first
// retry). r is a random number in [0, 1) that picks the jitter.
func Backoff(n int, r float64) time.Duration {
	d := BackoffBase
	for i := 1; i < n && d < BackoffMax; i++ {
		d *= 2
	}
	d = min(d, BackoffMax)
	return time.Duration(float64(d) * (1 - BackoffJitter + 2*BackoffJitter*r))
}
