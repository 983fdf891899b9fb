package session

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid"
)

// ErrNoClientID means the device sign-in cannot start: no client id is
// configured. The UI then explains how to get one, and offers the token.
var ErrNoClientID = errors.New("no Pulsoid client id is set: create one at pulsoid.net/ui/api-clients " +
	"and set BEATCAST_CLIENT_ID (or enter it in Beatcast); or use a token from pulsoid.net/ui/keys " +
	"(set BEATCAST_TOKEN, or paste it in Beatcast); or try --demo")

// SignIn starts the device sign-in: it asks Pulsoid for a code, opens the
// approval page in the browser and waits in the background. It returns the
// "waiting" state with the URL to show; progress arrives through OnSignIn.
func (s *Session) SignIn(ctx context.Context) (SignIn, error) {
	clientID := s.cfg.ClientID()
	if clientID == "" {
		return s.SignInState(), ErrNoClientID
	}
	wctx := s.replaceBackground(ctx)
	device := &pulsoid.DeviceAuth{AuthURL: s.cfg.AuthURL, ClientID: clientID}
	device.OnNetworkError = func(err error) {
		s.cfg.Log.Warn("can't reach Pulsoid while waiting for the sign-in; still trying", "err", err)
		s.setSignIn(func(si *SignIn) { si.Offline = true })
	}
	code, err := device.Start(wctx)
	if err != nil {
		var se *pulsoid.SignInError
		if errors.As(err, &se) {
			s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: "failed", Error: se.Kind, Message: se.Message()} })
			return s.SignInState(), err
		}
		msg := "Can't reach Pulsoid to start signing in. Check your internet connection and start again."
		s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: "failed", Error: "network", Message: msg} })
		return s.SignInState(), errors.New(msg)
	}
	s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: "waiting", URL: code.URL, ExpiresAt: code.Expires.UnixMilli()} })
	s.cfg.Stream.Report("pulsoid", heartrate.Link{State: heartrate.LinkSigningIn,
		Message: "Waiting for you to approve Beatcast on Pulsoid."})
	s.cfg.Log.Info("sign in to Pulsoid: open this link and approve Beatcast", "url", code.URL,
		"expires_in", time.Until(code.Expires).Round(time.Second).String())
	if s.cfg.OpenBrowser != nil {
		if err := s.cfg.OpenBrowser(code.URL); err != nil {
			s.cfg.Log.Info("could not open a browser; open the link yourself", "err", err)
		}
	}
	go s.awaitApproval(wctx, device, code)
	return s.SignInState(), nil
}

func (s *Session) awaitApproval(ctx context.Context, device *pulsoid.DeviceAuth, code *pulsoid.DeviceCode) {
	tok, err := device.Wait(ctx, code)
	if ctx.Err() != nil {
		return // cancelled, or replaced by another choice
	}
	if err == nil {
		s.approved(ctx, tok)
		return
	}
	var se *pulsoid.SignInError
	if !errors.As(err, &se) {
		se = &pulsoid.SignInError{Kind: "failed", Err: err}
	}
	s.cfg.Log.Warn("signing in did not finish", "why", se.Kind)
	s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: "failed", Error: se.Kind, Message: se.Message()} })
	s.cfg.Stream.Report("pulsoid", heartrate.Link{State: heartrate.LinkSignedOut, Reason: "sign_in_" + se.Kind, Message: se.Message()})
	if s.cfg.AutoSignIn && se.Kind != "denied" && se.Kind != "invalid_client" {
		time.Sleep(2 * time.Second)
		if ctx.Err() == nil {
			_, _ = s.SignIn(ctx)
		}
	}
}

func (s *Session) approved(ctx context.Context, tok pulsoid.Token) {
	info, err := s.api.Validate(ctx, tok)
	if err != nil {
		// Pulsoid just issued it; if it can't be checked now, stream anyway:
		// the source re-validates on every reconnect.
		s.cfg.Log.Warn("could not check the new token; using it anyway", "err", err)
		info = pulsoid.TokenInfo{}
	}
	if err := config.SaveToken(s.cfg.Paths, tok.Reveal(), "device"); err != nil {
		s.cfg.Log.Error("could not keep the token; you will need to sign in again next time", "err", err)
	}
	s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: "idle"} })
	s.stream(ctx, tok, info)
}

// CancelSignIn stops waiting for approval and returns to signed out.
func (s *Session) CancelSignIn(ctx context.Context) {
	s.stopBackground()
	s.setSignIn(func(si *SignIn) { *si = SignIn{Phase: "idle"} })
	s.mu.Lock()
	signedIn := s.account.SignedIn || s.account.Demo
	s.mu.Unlock()
	if !signedIn {
		s.cfg.Stream.Report("pulsoid", heartrate.Link{State: heartrate.LinkSignedOut, Reason: "not_signed_in",
			Message: "Sign in with Pulsoid to show your heart rate."})
	}
}

// SignOut revokes the token at Pulsoid, forgets it and stops streaming. It
// signs out locally even when Pulsoid can't be reached; the error then says
// the token may stay valid at Pulsoid until it expires.
func (s *Session) SignOut(ctx context.Context) error {
	s.stopBackground()
	s.mu.Lock()
	tok := s.token
	s.token = ""
	s.account = Account{}
	s.mu.Unlock()
	if tok == "" {
		if kept, _, _ := config.LoadToken(s.cfg.Paths); kept != "" {
			tok = pulsoid.Token(kept)
		}
	}
	var revokeErr error
	if tok != "" {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		revokeErr = s.api.Revoke(rctx, tok)
		cancel()
	}
	delErr := config.DeleteToken(s.cfg.Paths)
	s.cfg.Stream.Use(ctx, nil)
	s.cfg.Stream.Report("pulsoid", heartrate.Link{State: heartrate.LinkSignedOut, Reason: "signed_out_by_user",
		Message: "You signed out."})
	if delErr != nil {
		return delErr
	}
	if revokeErr != nil {
		s.cfg.Log.Warn("signed out here, but Pulsoid could not be told", "err", revokeErr)
		return errors.New("signed out on this computer, but Pulsoid could not be reached to revoke the token; " +
			"it stays valid until it expires or you remove it at pulsoid.net")
	}
	return nil
}

func (s *Session) setSignIn(f func(*SignIn)) {
	s.mu.Lock()
	f(&s.signIn)
	si, notify := s.signIn, s.onSignIn
	s.mu.Unlock()
	notify(si)
}

// trimToken accepts a token pasted with spaces or a "Bearer " prefix.
func trimToken(raw string) string {
	t := strings.TrimSpace(raw)
	if len(t) > 7 && strings.EqualFold(t[:7], "bearer ") {
		t = strings.TrimSpace(t[7:])
	}
	return t
}
