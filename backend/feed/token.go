package feed

import (
	"context"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/pulsoid"
)

// adopt validates tok and streams with it, asking again until Pulsoid
// answers. An empty origin means the kept token; any other origin is saved
// once Pulsoid accepts it. A token that validate calls dead is forgotten
// with its reason (signed out).
func (f *Feed) adopt(ctx context.Context, tok pulsoid.Token, origin config.TokenOrigin) {
	bctx := f.replaceBackground(ctx)
	f.untilAnswered(bctx, func(actx context.Context) error {
		info, err := f.validate(actx, tok)
		switch {
		case err == nil:
			if origin != "" {
				if err := config.SaveToken(f.cfg.Paths, tok, origin); err != nil {
					f.cfg.Log.Error("could not keep the token; it is used for this run only", "err", err)
				}
			}
			f.stream(ctx, tok, info)
		case pulsoid.Classify(err) == pulsoid.Retryable, pulsoid.Classify(err) == pulsoid.PremiumRequired:
			// A 402 is the plan, not the token: ask again, as
			// @pulsoid/socket does (pulsoid.PaidPlanWait).
			return err
		default:
			if origin == config.FromEnvironment {
				f.cfg.Log.Warn("BEATCAST_TOKEN was not accepted", "reason", pulsoid.Reason(err))
			}
			f.tokenRefused(ctx, tok, err)
		}
		return nil
	}, nil)
}

// validate asks Pulsoid about tok; a token without the heart-rate scope is
// refused with pulsoid.ErrMissingScope.
func (f *Feed) validate(ctx context.Context, tok pulsoid.Token) (pulsoid.TokenInfo, error) {
	info, err := f.api.Validate(ctx, tok)
	if err == nil && !info.CanReadHeartRate() {
		err = pulsoid.ErrMissingScope
	}
	return info, err
}

// UseToken validates a token pasted from pulsoid.net/ui/keys, keeps it and
// streams with it. The error says, in a sentence, what to do instead.
func (f *Feed) UseToken(ctx context.Context, raw string) error {
	tok := pulsoid.Token(trimToken(raw))
	if tok == "" {
		return problem.New("token", "Paste the token from pulsoid.net/ui/keys first.")
	}
	info, err := f.validate(ctx, tok)
	if err != nil {
		return pastedTokenProblem(err)
	}
	if err := config.SaveToken(f.cfg.Paths, tok, config.FromPaste); err != nil {
		return err
	}
	f.stopBackground() // a sign-in that was waiting is no longer needed
	f.setSignIn(func(si *SignIn) { *si = SignIn{Phase: PhaseIdle} })
	f.stream(ctx, tok, info)
	f.chose(heartrate.SourcePulsoid)
	return nil
}

// pastedTokenProblem words a refused pasted token: a person who pastes a
// token most likely mistyped or half-copied it.
func pastedTokenProblem(err error) *problem.Problem {
	switch reason := pulsoid.Reason(err); reason {
	case heartrate.ReasonTokenRevoked, heartrate.ReasonTokenRejected:
		return problem.Wrap("token", "Pulsoid doesn't know this token. Check that you copied all of it from pulsoid.net/ui/keys.", err)
	case heartrate.ReasonTokenExpired:
		return problem.Wrap("token", "This token has expired. Create a new one at pulsoid.net/ui/keys.", err)
	case heartrate.ReasonMissingScope:
		return problem.Wrap("token", "This token cannot read heart rate. Create one at pulsoid.net/ui/keys with the data:heart_rate:read permission.", err)
	case heartrate.ReasonNetwork, heartrate.ReasonPulsoidError, heartrate.ReasonRefused:
		return problem.Wrap(string(reason), pulsoid.Explain(err)+" The token was not saved; try again in a moment.", err)
	default:
		return problem.Wrap(string(reason), pulsoid.Explain(err), err)
	}
}

// stream starts the Pulsoid source with a validated token.
func (f *Feed) stream(ctx context.Context, tok pulsoid.Token, info pulsoid.TokenInfo) {
	f.setAccount(Account{SignedIn: true, ProfileID: info.ProfileID,
		ExpiresAt: time.Now().Add(time.Duration(info.ExpiresIn) * time.Second).UnixMilli()}, tok)
	f.cfg.Log.Info("signed in to Pulsoid", "profile", info.ProfileID,
		"valid_for", (time.Duration(info.ExpiresIn) * time.Second).Round(time.Hour).String())
	src := &pulsoid.Realtime{Client: f.api, APIURL: f.cfg.APIURL, Token: tok, HTTP: f.cfg.HTTP, Log: f.cfg.Log, Wake: f.wake}
	if f.cfg.Tune != nil {
		f.cfg.Tune(src)
	}
	f.cfg.Stream.Use(ctx, &endWatcher{Source: src, ended: func(err error) { f.sourceEnded(ctx, tok, err) }})
}

// sourceEnded reacts to the Pulsoid source stopping on its own: only when
// validate said the token is dead (the source asks it before giving up).
func (f *Feed) sourceEnded(ctx context.Context, tok pulsoid.Token, err error) {
	if k := pulsoid.Classify(err); err == nil || (k != pulsoid.SignedOut && k != pulsoid.MissingScope) {
		return // cancelled
	}
	f.mu.Lock()
	current := f.token == tok
	f.mu.Unlock()
	if current {
		f.tokenRefused(ctx, tok, err)
	}
}

// tokenRefused acts on validate's refusal of tok (dead, or without the
// scope): it is forgotten and the streamer signed out with the reason.
func (f *Feed) tokenRefused(ctx context.Context, tok pulsoid.Token, err error) {
	f.setAccount(Account{}, "")
	// Forget only this token: a refused BEATCAST_TOKEN must not delete a
	// good token kept from an earlier sign-in.
	if kept, _, _ := config.LoadToken(f.cfg.Paths); kept == tok {
		if derr := config.DeleteToken(f.cfg.Paths); derr != nil {
			f.cfg.Log.Error("cannot delete the refused token", "err", derr)
		}
	}
	f.signedOut(ctx, pulsoid.Reason(err), pulsoid.Explain(err))
}

// SignOut revokes the token at Pulsoid, forgets it and stops streaming. It
// signs out locally even when Pulsoid can't be reached; the error then says
// the token may stay valid at Pulsoid until it expires.
func (f *Feed) SignOut(ctx context.Context) error {
	f.stopBackground()
	tok := f.setAccount(Account{}, "")
	if tok == "" {
		if kept, _, _ := config.LoadToken(f.cfg.Paths); kept != "" {
			tok = pulsoid.Token(kept)
		}
	}
	var revokeErr error
	if tok != "" {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		revokeErr = f.api.Revoke(rctx, tok)
		cancel()
	}
	delErr := config.DeleteToken(f.cfg.Paths)
	f.cfg.Stream.Use(ctx, nil)
	f.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSignedOut, Reason: heartrate.ReasonSignedOutByUser,
		Message: "You signed out."})
	if delErr != nil {
		return delErr
	}
	if revokeErr != nil {
		f.cfg.Log.Warn("signed out here, but Pulsoid could not be told", "err", revokeErr)
		return problem.Wrap("revoke_failed", "Signed out on this computer, but Pulsoid could not be reached to revoke the token; "+
			"it stays valid until it expires or you remove it at pulsoid.net.", revokeErr)
	}
	return nil
}

// trimToken accepts a token pasted with spaces or a "Bearer " prefix.
func trimToken(raw string) string {
	t := strings.TrimSpace(raw)
	if len(t) > 7 && strings.EqualFold(t[:7], "bearer ") {
		t = strings.TrimSpace(t[7:])
	}
	return t
}

// endWatcher is a source that tells the feed when it stops by itself.
type endWatcher struct {
	heartrate.Source
	ended func(error)
}

func (w *endWatcher) Run(ctx context.Context, out heartrate.Sink) error {
	err := w.Source.Run(ctx, out)
	if ctx.Err() == nil {
		go w.ended(err) // it may sign in again; the source is done either way
	}
	return err
}
