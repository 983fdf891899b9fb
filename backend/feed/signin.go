package feed

import (
	"context"
	"errors"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/pulsoid"
)

// SignInPhase is where the device sign-in is. The values are sent to the
// window: keep them.
type SignInPhase string

const (
	PhaseIdle     SignInPhase = "idle"
	PhaseStarting SignInPhase = "starting" // asking Pulsoid for a link (Offline while it can't be reached)
	PhaseWaiting  SignInPhase = "waiting"  // for the streamer to approve in the browser
	PhaseFailed   SignInPhase = "failed"   // ended without a token; Error and Message say why
)

// AllPhases lists the phases for Wails' EnumBind: the window reads them as
// the TypeScript enum feed.SignInPhase.
var AllPhases = []struct {
	Value  SignInPhase
	TSName string
}{{PhaseIdle, "Idle"}, {PhaseStarting, "Starting"}, {PhaseWaiting, "Waiting"}, {PhaseFailed, "Failed"}}

// SignIn is the sign-in flow as the UI shows it.
type SignIn struct {
	Phase     SignInPhase           `json:"phase"`
	URL       string                `json:"url,omitempty"`        // verification_uri_complete
	ExpiresAt int64                 `json:"expires_at,omitempty"` // Unix ms
	Error     pulsoid.SignInFailure `json:"error,omitempty"`
	Message   string                `json:"message,omitempty"`
	// Offline: the last request could not reach Pulsoid; Beatcast keeps
	// trying (while starting, next at RetryAt, Unix ms).
	Offline bool  `json:"offline,omitempty"`
	RetryAt int64 `json:"retry_at,omitempty"`
	// BrowserOpened: the approval page was opened in the browser. When it
	// could not be, the window says so rather than claim it did.
	BrowserOpened bool `json:"browser_opened,omitempty"`
}

// ErrNoClientID means the device sign-in cannot start: no client id is
// configured. The UI then explains how to get one, and offers the token.
var ErrNoClientID = problem.New("no_client_id", "No Pulsoid client id is set: create one at pulsoid.net/ui/api-clients "+
	"and set BEATCAST_CLIENT_ID (or enter it in Beatcast); or use a token from pulsoid.net/ui/keys "+
	"(set BEATCAST_TOKEN, or paste it in Beatcast); or try --demo.")

// SignInState reports the sign-in flow.
func (f *Feed) SignInState() SignIn {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.signIn
}

// SignIn starts the device sign-in: it asks Pulsoid for a link (again and
// again while Pulsoid can't be reached), opens it in the browser and waits
// for approval in the background. It returns the state at once; progress,
// and a failure with its reason, arrive through OnSignIn and SignInState.
// The only error is ErrNoClientID.
func (f *Feed) SignIn(ctx context.Context) (SignIn, error) {
	clientID := f.cfg.ClientID()
	if clientID == "" {
		return f.SignInState(), ErrNoClientID
	}
	bctx := f.replaceBackground(ctx)
	device := &pulsoid.DeviceAuth{AuthURL: f.cfg.AuthURL, ClientID: clientID, HTTP: f.cfg.HTTP}
	device.OnPoll = func(err error) {
		if err != nil {
			f.cfg.Log.Warn("can't reach Pulsoid while waiting for the sign-in; still trying", "err", err)
		}
		f.setSignIn(func(si *SignIn) { si.Offline = err != nil })
	}
	f.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseStarting} })
	f.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSigningIn, Message: "Asking Pulsoid for a sign-in link…"})
	f.untilAnswered(bctx, func(actx context.Context) error {
		code, err := device.Start(actx)
		var refused *pulsoid.SignInError
		switch {
		case err == nil:
			f.showCode(ctx, bctx, device, code)
		case errors.As(err, &refused):
			f.signInFailed(refused)
		default:
			return err
		}
		return nil
	}, func(msg string, at time.Time) {
		f.setSignIn(func(si *SignIn) {
			*si = SignIn{Phase: PhaseStarting, Offline: true, Message: msg, RetryAt: at.UnixMilli()}
		})
	})
	return f.SignInState(), nil
}

// showCode shows the approval link, opens it and waits for approval.
func (f *Feed) showCode(ctx, bctx context.Context, device *pulsoid.DeviceAuth, code *pulsoid.DeviceCode) {
	f.setSignIn(func(si *SignIn) {
		*si = SignIn{Phase: PhaseWaiting, URL: code.URL, ExpiresAt: code.Expires.UnixMilli()}
	})
	f.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSigningIn,
		Message: "Waiting for you to approve Beatcast on Pulsoid."})
	f.cfg.Log.Info("sign in to Pulsoid: open this link and approve Beatcast", "url", code.URL,
		"expires_in", time.Until(code.Expires).Round(time.Second).String())
	if f.cfg.OpenBrowser != nil {
		if err := f.cfg.OpenBrowser(code.URL); err != nil {
			f.cfg.Log.Info("could not open a browser; open the link yourself", "err", err)
		} else {
			f.setSignIn(func(si *SignIn) { si.BrowserOpened = true })
		}
	}
	go f.awaitApproval(ctx, bctx, device, code)
}

func (f *Feed) awaitApproval(ctx, bctx context.Context, device *pulsoid.DeviceAuth, code *pulsoid.DeviceCode) {
	tok, err := device.Wait(bctx, code)
	if bctx.Err() != nil {
		return // cancelled, or replaced by another choice
	}
	if err == nil {
		f.approved(ctx, tok)
		return
	}
	var se *pulsoid.SignInError
	if !errors.As(err, &se) {
		se = &pulsoid.SignInError{Why: pulsoid.SignInExpired, Err: err}
	}
	f.signInFailed(se)
	// Headless: nobody can press "Start again", so a link that ran out is
	// replaced by a new one. A "no" or a refused client id is final.
	again := se.Why == pulsoid.SignInExpired || se.Why == pulsoid.SignInAlreadyIssued
	if f.cfg.AutoSignIn && again && f.sleep(bctx, 2*time.Second) {
		_, _ = f.SignIn(ctx)
	}
}

func (f *Feed) signInFailed(se *pulsoid.SignInError) {
	f.cfg.Log.Warn("signing in did not finish", "why", se.Why, "err", se.Err)
	f.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseFailed, Error: se.Why, Message: se.Message()} })
	f.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSignedOut, Reason: se.Why.Reason(), Message: se.Message()})
}

func (f *Feed) approved(ctx context.Context, tok pulsoid.Token) {
	info, err := f.validate(ctx, tok)
	if err != nil {
		// Pulsoid just issued it; if it can't be checked now, stream anyway:
		// the source asks validate again before any reconnect.
		f.cfg.Log.Warn("could not check the new token; using it anyway", "err", err)
		info = pulsoid.TokenInfo{}
	}
	if err := config.SaveToken(f.cfg.Paths, tok, config.FromDeviceSignIn); err != nil {
		f.cfg.Log.Error("could not keep the token; you will need to sign in again next time", "err", err)
	}
	f.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseIdle} })
	f.stream(ctx, tok, info)
	f.chose(heartrate.SourcePulsoid)
}

// CancelSignIn stops waiting for approval and returns to signed out.
func (f *Feed) CancelSignIn(ctx context.Context) {
	f.stopBackground()
	f.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseIdle} })
	f.mu.Lock()
	signedIn := f.account.SignedIn || f.account.Demo
	f.mu.Unlock()
	if !signedIn {
		f.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSignedOut, Reason: heartrate.ReasonNotSignedIn,
			Message: "Sign in with Pulsoid to show your heart rate."})
	}
}

// setSignIn changes the sign-in state and tells the listener, if it changed.
func (f *Feed) setSignIn(change func(*SignIn)) {
	f.mu.Lock()
	before := f.signIn
	change(&f.signIn)
	si, notify := f.signIn, f.onSignIn
	f.mu.Unlock()
	if si != before {
		notify(si)
	}
}
