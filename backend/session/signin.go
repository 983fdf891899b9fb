package session

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
// the TypeScript enum session.SignInPhase.
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
func (s *Session) SignInState() SignIn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.signIn
}

// SignIn starts the device sign-in: it asks Pulsoid for a link (again and
// again while Pulsoid can't be reached), opens it in the browser and waits
// for approval in the background. It returns the state at once; progress,
// and a failure with its reason, arrive through OnSignIn and SignInState.
// The only error is ErrNoClientID.
func (s *Session) SignIn(ctx context.Context) (SignIn, error) {
	clientID := s.cfg.ClientID()
	if clientID == "" {
		return s.SignInState(), ErrNoClientID
	}
	bctx := s.replaceBackground(ctx)
	device := &pulsoid.DeviceAuth{AuthURL: s.cfg.AuthURL, ClientID: clientID, HTTP: s.cfg.HTTP}
	device.OnPoll = func(err error) {
		if err != nil {
			s.cfg.Log.Warn("can't reach Pulsoid while waiting for the sign-in; still trying", "err", err)
		}
		s.setSignIn(func(si *SignIn) { si.Offline = err != nil })
	}
	s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseStarting} })
	s.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSigningIn, Message: "Asking Pulsoid for a sign-in link…"})
	s.untilAnswered(bctx, func(actx context.Context) error {
		code, err := device.Start(actx)
		var refused *pulsoid.SignInError
		switch {
		case err == nil:
			s.showCode(ctx, bctx, device, code)
		case errors.As(err, &refused):
			s.signInFailed(refused)
		default:
			return err
		}
		return nil
	}, func(msg string, at time.Time) {
		s.setSignIn(func(si *SignIn) {
			*si = SignIn{Phase: PhaseStarting, Offline: true, Message: msg, RetryAt: at.UnixMilli()}
		})
	})
	return s.SignInState(), nil
}

// showCode shows the approval link, opens it and waits for approval.
func (s *Session) showCode(ctx, bctx context.Context, device *pulsoid.DeviceAuth, code *pulsoid.DeviceCode) {
	s.setSignIn(func(si *SignIn) {
		*si = SignIn{Phase: PhaseWaiting, URL: code.URL, ExpiresAt: code.Expires.UnixMilli()}
	})
	s.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSigningIn,
		Message: "Waiting for you to approve Beatcast on Pulsoid."})
	s.cfg.Log.Info("sign in to Pulsoid: open this link and approve Beatcast", "url", code.URL,
		"expires_in", time.Until(code.Expires).Round(time.Second).String())
	if s.cfg.OpenBrowser != nil {
		if err := s.cfg.OpenBrowser(code.URL); err != nil {
			s.cfg.Log.Info("could not open a browser; open the link yourself", "err", err)
		} else {
			s.setSignIn(func(si *SignIn) { si.BrowserOpened = true })
		}
	}
	go s.awaitApproval(ctx, bctx, device, code)
}

func (s *Session) awaitApproval(ctx, bctx context.Context, device *pulsoid.DeviceAuth, code *pulsoid.DeviceCode) {
	tok, err := device.Wait(bctx, code)
	if bctx.Err() != nil {
		return // cancelled, or replaced by another choice
	}
	if err == nil {
		s.approved(ctx, tok)
		return
	}
	var se *pulsoid.SignInError
	if !errors.As(err, &se) {
		se = &pulsoid.SignInError{Why: pulsoid.SignInExpired, Err: err}
	}
	s.signInFailed(se)
	// Headless: nobody can press "Start again", so a link that ran out is
	// replaced by a new one. A "no" or a refused client id is final.
	again := se.Why == pulsoid.SignInExpired || se.Why == pulsoid.SignInAlreadyIssued
	if s.cfg.AutoSignIn && again && s.sleep(bctx, 2*time.Second) {
		_, _ = s.SignIn(ctx)
	}
}

func (s *Session) signInFailed(se *pulsoid.SignInError) {
	s.cfg.Log.Warn("signing in did not finish", "why", se.Why, "err", se.Err)
	s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseFailed, Error: se.Why, Message: se.Message()} })
	s.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSignedOut, Reason: se.Why.Reason(), Message: se.Message()})
}

func (s *Session) approved(ctx context.Context, tok pulsoid.Token) {
	info, err := s.validate(ctx, tok)
	if err != nil {
		// Pulsoid just issued it; if it can't be checked now, stream anyway:
		// the source asks validate again before any reconnect.
		s.cfg.Log.Warn("could not check the new token; using it anyway", "err", err)
		info = pulsoid.TokenInfo{}
	}
	if err := config.SaveToken(s.cfg.Paths, tok, config.FromDeviceSignIn); err != nil {
		s.cfg.Log.Error("could not keep the token; you will need to sign in again next time", "err", err)
	}
	s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseIdle} })
	s.stream(ctx, tok, info)
}

// CancelSignIn stops waiting for approval and returns to signed out.
func (s *Session) CancelSignIn(ctx context.Context) {
	s.stopBackground()
	s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseIdle} })
	s.mu.Lock()
	signedIn := s.account.SignedIn || s.account.Demo
	s.mu.Unlock()
	if !signedIn {
		s.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSignedOut, Reason: heartrate.ReasonNotSignedIn,
			Message: "Sign in with Pulsoid to show your heart rate."})
	}
}

// setSignIn changes the sign-in state and tells the listener, if it changed.
func (s *Session) setSignIn(f func(*SignIn)) {
	s.mu.Lock()
	before := s.signIn
	f(&s.signIn)
	si, notify := s.signIn, s.onSignIn
	s.mu.Unlock()
	if si != before {
		notify(si)
	}
}
