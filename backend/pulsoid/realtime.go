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
	// DefaultQuietPing: after this long without a message Beatcast pings,
	// and again each time as long, so a socket that stalls (the traffic
	// stops, nothing closes it) is found and replaced, and shown as
	// reconnecting, before the 10 s no-signal timeout blames the strap.
	// While beats flow they prove the socket alive and nothing is pinged.
	DefaultQuietPing   = 3 * time.Second
	DefaultPongTimeout = 4 * time.Second
	// DefaultPollInterval paces the REST fallback: Pulsoid suggests no more
	// than every 500 ms and straps measure about once a second.
	DefaultPollInterval = time.Second
	// DefaultStaleAfter: a first REST reading older than this (by the
	// phone's clock) is not shown as live. It matches the no-signal timeout.
	DefaultStaleAfter = 10 * time.Second
	dialTimeout       = 15 * time.Second
	// maxMessage bounds one frame; a heart-rate message is under 100 bytes.
	maxMessage = 4096
)

// errConnectionLost marks an established socket that stopped working.
var errConnectionLost = errors.New("the live connection to Pulsoid dropped")

// Realtime is the Pulsoid heart-rate source: Pulsoid's real-time websocket,
// or, when the account's plan does not include it (402) but the REST
// endpoint answers, polling that. It never gives up on faults it can
// outlast (network, 5xx, edge pages, drops, silent sockets, refusals that
// validate does not confirm, a plan without the feed: 402, which the
// streamer may buy meanwhile) and stops at once on ones it cannot
// (validate says the token is dead or lacks the scope), returning an error
// that Classify explains.
type Realtime struct {
	Client *Client
	APIURL string
	Token  Token
	HTTP   *http.Client // for the websocket handshake; nil: http.DefaultClient
	Log    *slog.Logger
	// Wake, if set, ends a wait between attempts early ("Retry now").
	Wake <-chan struct{}

	// Timing; zero values mean the defaults above. Tests shorten them.
	QuietPing    time.Duration
	PongTimeout  time.Duration
	PollInterval time.Duration
	StaleAfter   time.Duration
	// Backoff returns the wait before attempt n; nil means the package's
	// Backoff with random jitter.
	Backoff func(n int) time.Duration

	malformed atomic.Int64
}

// Name implements heartrate.Source.
func (r *Realtime) Name() heartrate.SourceName { return heartrate.SourcePulsoid }

// Malformed reports how many frames were dropped as not being Pulsoid
// heart-rate JSON (binary frames, other JSON, non-numeric heart_rate).
func (r *Realtime) Malformed() int64 { return r.malformed.Load() }

// Run implements heartrate.Source. It returns nil when ctx is cancelled,
// or the error (see Classify) that made it stop.
func (r *Realtime) Run(ctx context.Context, out heartrate.Sink) error {
	out.Link(heartrate.Link{State: heartrate.LinkConnecting})
	attempt := 0
	checked := true // the feed validated the token before handing it over
	for {
		var err error
		if !checked {
			// Before a reconnect, ask validate: a socket may be dropped for
			// a dead token without saying so.
			err = r.check(ctx)
		}
		if err == nil {
			var beat bool
			beat, err = r.connect(ctx, out)
			if beat {
				attempt = 0 // back to the first, shortest wait
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		if Classify(err) == Refused {
			// Pulsoid documents nothing about refusals at the upgrade or
			// from /latest; an edge or a transient refusal looks the same
			// as a dead token. Only validate may say the token is dead.
			if cerr := r.check(ctx); cerr != nil && Classify(cerr) != Retryable {
				err = cerr
			}
		}
		if k := Classify(err); k == SignedOut || k == MissingScope {
			return r.stop(out, err)
		}
		checked = false
		attempt++
		wait := r.backoff(err, attempt)
		r.Log.Info(Retrying(err, wait), "attempt", attempt, "err", err)
		out.Link(heartrate.Link{
			State:   heartrate.LinkRetrying,
			Attempt: attempt,
			RetryAt: time.Now().Add(wait).UnixMilli(),
			Reason:  Reason(err),
			Message: Trouble(err),
		})
		if !sleep(ctx, wait, r.Wake) {
			return nil
		}
	}
}

// check validates the token: nil, a validate error, or ErrMissingScope.
func (r *Realtime) check(ctx context.Context) error {
	info, err := r.Client.Validate(ctx, r.Token)
	if err == nil && !info.CanReadHeartRate() {
		return ErrMissingScope
	}
	return err
}

// connect streams over the socket, or over REST when the plan lacks the
// socket, until that fails. beat reports whether any beat arrived.
func (r *Realtime) connect(ctx context.Context, out heartrate.Sink) (beat bool, err error) {
	beat, err = r.stream(ctx, out)
	if Classify(err) == PremiumRequired && ctx.Err() == nil {
		var polled bool
		polled, err = r.pollLatest(ctx, out)
		beat = beat || polled
	}
	return beat, err
}

// stop reports a fault Beatcast cannot outlast and returns it.
func (r *Realtime) stop(out heartrate.Sink, err error) error {
	r.Log.Warn("stopped using the Pulsoid token", "reason", Reason(err), "err", err)
	out.Link(heartrate.Link{State: heartrate.LinkSignedOut, Reason: Reason(err), Message: Explain(err)})
	return err
}

// stream connects once and reads until the connection fails. beat
// reports whether a heart rate arrived.
func (r *Realtime) stream(ctx context.Context, out heartrate.Sink) (beat bool, err error) {
	conn, err := r.dial(ctx)
	if err != nil {
		return false, err
	}
	defer conn.CloseNow()
	conn.SetReadLimit(maxMessage)
	out.Link(heartrate.Link{State: heartrate.LinkUp})

	// A socket can die without a close (sleep, Wi-Fi gone): ping, and
	// drop the connection when no pong comes back.
	pingCtx, stopPing := context.WithCancel(ctx)
	pinging := make(chan struct{})
	read := make(chan struct{}, 1)
	go r.keepAlive(pingCtx, conn, read, pinging)
	defer func() { stopPing(); <-pinging }()

	for {
		typ, data, err := conn.Read(ctx)
		if err != nil {
			return beat, fmt.Errorf("%w: %w", errConnectionLost, err)
		}
		select {
		case read <- struct{}{}:
		default:
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
		beat = true
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

// keepAlive pings after QuietPing without a message (read hears of each
// one) and drops the connection when no pong comes back in PongTimeout.
func (r *Realtime) keepAlive(ctx context.Context, conn *websocket.Conn, read <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	quiet := orDefault(r.QuietPing, DefaultQuietPing)
	silence := time.NewTimer(quiet)
	defer silence.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-read:
			silence.Reset(quiet)
		case <-silence.C:
			pctx, cancel := context.WithTimeout(ctx, orDefault(r.PongTimeout, DefaultPongTimeout))
			err := conn.Ping(pctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				r.Log.Info("Pulsoid stopped answering pings; reconnecting")
				conn.CloseNow()
				return
			}
			silence.Reset(quiet)
		}
	}
}

// pollLatest is the fallback for accounts whose plan lacks the real-time
// socket: it polls the REST endpoint and passes on readings it has not
// seen. /latest answers the newest reading however old it is, and
// measured_at comes from the phone's clock: the first reading is passed on
// only if that clock calls it fresh; after that, a change in measured_at
// is what proves a new reading arrived. It returns when polling fails;
// beat reports whether a reading was passed on.
func (r *Realtime) pollLatest(ctx context.Context, out heartrate.Sink) (beat bool, err error) {
	tick := time.NewTicker(orDefault(r.PollInterval, DefaultPollInterval))
	defer tick.Stop()
	staleAfter := orDefault(r.StaleAfter, DefaultStaleAfter)
	var seen int64
	first, up := true, false
	for {
		b, err := r.Client.Latest(ctx, r.Token)
		switch {
		case err == nil || errors.Is(err, ErrNoData):
			if !up {
				up = true
				r.Log.Info("the real-time socket needs Pulsoid's paid plan; polling the REST API instead")
				out.Link(heartrate.Link{State: heartrate.LinkUp, Reason: heartrate.ReasonRESTFallback,
					Message: "Reading Pulsoid's REST API once a second (the real-time feed needs Pulsoid's paid plan)."})
			}
			fresh := !first || time.Since(time.UnixMilli(b.MeasuredAt)).Abs() < staleAfter
			if err == nil && b.MeasuredAt != seen && fresh {
				beat = true
				out.Beat(b)
			}
			if err == nil {
				seen = b.MeasuredAt
			}
			first = false // after "no data yet", the next reading is new
		default:
			return beat, err
		}
		select {
		case <-ctx.Done():
			return beat, ctx.Err()
		case <-tick.C:
		}
	}
}

func (r *Realtime) drop(why string) {
	n := r.malformed.Add(1)
	r.Log.Debug("dropped a frame that is not a heart rate", "why", why, "dropped_total", n)
}

func (r *Realtime) backoff(err error, n int) time.Duration {
	if r.Backoff != nil {
		return r.Backoff(n)
	}
	return RetryWait(err, n, rand.Float64())
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

// sleep waits d, or less if wake fires (a nil wake never does); it
// reports false when ctx ended first.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	case <-wake:
		return true
	}
}
