package pulsoid

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// Defaults for Realtime's timing knobs.
const (
	DefaultPingInterval = 15 * time.Second
	DefaultPongTimeout  = 10 * time.Second
	// DefaultHealthyAfter: a connection that lasted this long resets the
	// backoff, so one drop after an hour starts again at one second.
	DefaultHealthyAfter = 30 * time.Second
	// DefaultPollInterval paces the REST fallback: Pulsoid suggests no more
	// than every 500 ms and straps measure about once a second.
	DefaultPollInterval = time.Second
	dialTimeout         = 15 * time.Second
	// maxMessage bounds one frame; a heart-rate message is under 100 bytes.
	maxMessage = 4096
)

// Realtime is the Pulsoid heart-rate source: Pulsoid's real-time websocket,
// or, when the account's plan does not include it (402) but the REST
// endpoint answers, polling that. It never gives up on faults it can
// outlast (network, 5xx, drops, silent sockets) and stops at once on ones
// it cannot (the token is dead, the plan is missing), returning an error
// that Classify explains.
type Realtime struct {
	Client *Client
	APIURL string
	Token  Token
	HTTP   *http.Client // for the websocket handshake; nil: http.DefaultClient
	Log    *slog.Logger

	// Timing; zero values mean the defaults above. Tests shorten them.
	PingInterval time.Duration
	PongTimeout  time.Duration
	HealthyAfter time.Duration
	PollInterval time.Duration
	// Backoff returns the wait before attempt n; nil means the package's
	// Backoff with random jitter.
	Backoff func(n int) time.Duration

	malformed atomic.Int64
}

// Name implements heartrate.Source.
func (r *Realtime) Name() string { return "pulsoid" }

// Malformed reports how many frames were dropped as not being Pulsoid
// heart-rate JSON (binary frames, other JSON, non-numeric heart_rate).
func (r *Realtime) Malformed() int64 { return r.malformed.Load() }

// Run implements heartrate.Source. It returns nil when ctx is cancelled,
// or the error (see Classify) that made it stop.
func (r *Realtime) Run(ctx context.Context, out heartrate.Sink) error {
	attempt := 0
	for {
		// Before a reconnect, ask over HTTP whether the token still works:
		// a socket may be dropped for a dead token without saying so.
		if attempt > 0 {
			if _, err := r.Client.Validate(ctx, r.Token); err != nil && Classify(err) != Retryable {
				return r.stop(out, err)
			}
		}
		if attempt == 0 {
			out.Link(heartrate.Link{State: heartrate.LinkConnecting})
		}
		began := time.Now()
		err := r.stream(ctx, out)
		if ctx.Err() != nil {
			return nil
		}
		if Classify(err) == PremiumRequired {
			err = r.pollLatest(ctx, out)
			if ctx.Err() != nil {
				return nil
			}
		}
		if Classify(err) != Retryable {
			return r.stop(out, err)
		}
		if time.Since(began) >= r.healthyAfter() {
			attempt = 0
		}
		attempt++
		wait := r.backoff(attempt)
		r.Log.Info("Pulsoid connection lost; retrying", "attempt", attempt, "in", wait.Round(time.Millisecond), "err", err)
		out.Link(heartrate.Link{
			State:   heartrate.LinkRetrying,
			Attempt: attempt,
			RetryAt: time.Now().Add(wait).UnixMilli(),
			Reason:  Reason(err),
			Message: Explain(err),
		})
		if !sleep(ctx, wait) {
			return nil
		}
	}
}

// stop reports a fault Beatcast cannot outlast and returns it.
func (r *Realtime) stop(out heartrate.Sink, err error) error {
	r.Log.Warn("stopped using the Pulsoid token", "reason", Reason(err), "err", err)
	out.Link(heartrate.Link{State: heartrate.LinkSignedOut, Reason: Reason(err), Message: Explain(err)})
	return err
}

// stream connects once and reads until the connection fails.
func (r *Realtime) stream(ctx context.Context, out heartrate.Sink) error {
	conn, err := r.dial(ctx)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	conn.SetReadLimit(maxMessage)
	out.Link(heartrate.Link{State: heartrate.LinkUp})

	// A socket can die without a close (sleep, Wi-Fi gone): ping, and
	// drop the connection when no pong comes back.
	pingCtx, stopPing := context.WithCancel(ctx)
	pinging := make(chan struct{})
	go r.keepAlive(pingCtx, conn, pinging)
	defer func() { stopPing(); <-pinging }()

	for {
		typ, data, err := conn.Read(ctx)
		if err != nil {
			return fmt.Errorf("the live connection to Pulsoid dropped: %w", err)
		}
		if typ != websocket.MessageText {
			r.drop("binary frame")
			continue
		}
		b, err := parseMessage(data)
		if err != nil {
			r.drop(err.Error())
			continue
		}
		out.Beat(b)
	}
}

func (r *Realtime) dial(ctx context.Context) (*websocket.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, realtimeURL(r.APIURL), &websocket.DialOptions{
		HTTPClient: r.HTTP,
		// The token goes in a header, never in the URL, which may be logged.
		HTTPHeader: http.Header{"Authorization": {"Bearer " + r.Token.Reveal()}},
	})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			var body []byte
			if resp.Body != nil {
				body, _ = io.ReadAll(io.LimitReader(resp.Body, 4096))
			}
			return nil, parseAPIError(resp.StatusCode, body)
		}
		return nil, fmt.Errorf("connecting to Pulsoid: %w", err)
	}
	return conn, nil
}

func (r *Realtime) keepAlive(ctx context.Context, conn *websocket.Conn, done chan<- struct{}) {
	defer close(done)
	tick := time.NewTicker(orDefault(r.PingInterval, DefaultPingInterval))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			pctx, cancel := context.WithTimeout(ctx, orDefault(r.PongTimeout, DefaultPongTimeout))
			err := conn.Ping(pctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				r.Log.Info("Pulsoid stopped answering pings; reconnecting")
				conn.CloseNow()
				return
			}
		}
	}
}

// pollLatest is the fallback for accounts whose plan lacks the real-time
// socket: it polls the REST endpoint and passes on readings it has not
// seen. It returns when polling fails.
func (r *Realtime) pollLatest(ctx context.Context, out heartrate.Sink) error {
	tick := time.NewTicker(orDefault(r.PollInterval, DefaultPollInterval))
	defer tick.Stop()
	var seen int64 = -1
	up := false
	for {
		b, err := r.Client.Latest(ctx, r.Token)
		switch {
		case err == nil || errors.Is(err, ErrNoData):
			if !up {
				up = true
				r.Log.Info("the real-time socket needs Pulsoid's paid plan; polling the REST API instead")
				out.Link(heartrate.Link{State: heartrate.LinkUp, Reason: "rest_fallback",
					Message: "Reading Pulsoid's REST API once a second (the real-time feed needs Pulsoid's paid plan)."})
			}
			if err == nil && b.MeasuredAt != seen {
				seen = b.MeasuredAt
				out.Beat(b)
			}
		default:
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func (r *Realtime) drop(why string) {
	n := r.malformed.Add(1)
	r.Log.Debug("dropped a frame that is not a heart rate", "why", why, "dropped_total", n)
}

func (r *Realtime) backoff(n int) time.Duration {
	if r.Backoff != nil {
		return r.Backoff(n)
	}
	return Backoff(n, rand.Float64())
}

func (r *Realtime) healthyAfter() time.Duration {
	return orDefault(r.HealthyAfter, DefaultHealthyAfter)
}

// realtimeURL maps the API base to the socket: http→ws, https→wss.
func realtimeURL(apiURL string) string {
	u := strings.TrimRight(apiURL, "/") + "/api/v1/data/real_time"
	switch {
	case strings.HasPrefix(u, "https://"):
		return "wss://" + strings.TrimPrefix(u, "https://")
	case strings.HasPrefix(u, "http://"):
		return "ws://" + strings.TrimPrefix(u, "http://")
	}
	return u
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
