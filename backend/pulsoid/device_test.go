package pulsoid

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// These tests poll at Pulsoid's real pace (the fake answers interval 1 s;
// x/oauth2 counts in whole seconds), so they run in parallel.

func startDevice(t *testing.T, fake *pulsoidtest.Server) (*DeviceAuth, *DeviceCode) {
	t.Helper()
	d := &DeviceAuth{AuthURL: fake.URL, ClientID: fake.ClientID}
	code, err := d.Start(context.Background())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return d, code
}

func wait(t *testing.T, d *DeviceAuth, code *DeviceCode) (Token, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return d.Wait(ctx, code)
}

func TestDeviceCodeShowsTheCompleteURL(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	_, code := startDevice(t, fake)
	dev := fake.LastDevice()
	if code.URL != fake.URL+"/activate?code="+dev.UserCode {
		t.Errorf("URL = %q, want verification_uri_complete", code.URL)
	}
	if left := time.Until(code.Expires); left < 590*time.Second || left > 600*time.Second {
		t.Errorf("expires in %v, want about 600 s", left)
	}
}

func TestPendingThenApprovedGivesAToken(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	d, code := startDevice(t, fake)
	go func() {
		for len(fake.PollTimes()) < 2 { // the user takes a while
			time.Sleep(20 * time.Millisecond)
		}
		fake.Approve()
	}()
	tok, err := wait(t, d, code)
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	info, err := NewClient(fake.URL, nil).Validate(context.Background(), tok)
	if err != nil || !info.CanReadHeartRate() {
		t.Errorf("the token from the device flow does not validate: %+v %v", info, err)
	}
	if n := len(fake.PollTimes()); n != 3 {
		t.Errorf("%d polls, want 3 (pending, pending, approved)", n)
	}
}

func TestSlowDownAddsFiveSeconds(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	d, code := startDevice(t, fake)
	fake.SlowDown(1)
	go func() {
		for len(fake.PollTimes()) < 2 {
			time.Sleep(20 * time.Millisecond)
		}
		fake.Approve()
	}()
	if _, err := wait(t, d, code); err != nil {
		t.Fatal(err)
	}
	polls := fake.PollTimes()
	if gap := polls[1].Sub(polls[0]); gap < 6*time.Second-100*time.Millisecond {
		t.Errorf("the poll after slow_down came %v later, want interval + 5 s = 6 s", gap)
	}
}

func TestSignInEndsWithItsOwnReason(t *testing.T) {
	for _, tc := range []struct {
		name string
		act  func(*pulsoidtest.Server)
		kind string
	}{
		{"denied as Pulsoid says it", (*pulsoidtest.Server).Deny, "denied"},
		{"expired", (*pulsoidtest.Server).ExpireDevice, "expired"},
		{"already issued", (*pulsoidtest.Server).MarkIssued, "already_issued"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := pulsoidtest.New(t)
			d, code := startDevice(t, fake)
			tc.act(fake)
			_, err := wait(t, d, code)
			var se *SignInError
			if !errors.As(err, &se) || se.Kind != tc.kind {
				t.Fatalf("Wait = %v, want a %s sign-in error", err, tc.kind)
			}
			if se.Message() == "" || !containsAny(se.Message(), "Start again") {
				t.Errorf("message %q gives no way forward", se.Message())
			}
		})
	}
}

func TestAccessDeniedAsTheRFCSaysIsDenialToo(t *testing.T) {
	if k := deviceError(&oauth2.RetrieveError{ErrorCode: "access_denied"}).Kind; k != "denied" {
		t.Errorf("access_denied → %q, want denied", k)
	}
}

func TestNetworkErrorsWhilePollingKeepPolling(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	var offline atomic.Int32
	d := &DeviceAuth{AuthURL: fake.URL, ClientID: fake.ClientID, OnNetworkError: func(error) { offline.Add(1) }}
	code, err := d.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fake.CutOff(2) // two polls get no answer at all
	go func() {
		for len(fake.PollTimes()) < 3 {
			time.Sleep(20 * time.Millisecond)
		}
		fake.Approve()
	}()
	if _, err := wait(t, d, code); err != nil {
		t.Fatalf("Wait = %v, want a token after the network came back", err)
	}
	if offline.Load() != 2 {
		t.Errorf("OnNetworkError heard %d failures, want 2", offline.Load())
	}
}

func TestUnknownClientIDIsExplained(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	d := &DeviceAuth{AuthURL: fake.URL, ClientID: "not-registered"}
	_, err := d.Start(context.Background())
	var se *SignInError
	if !errors.As(err, &se) || se.Kind != "invalid_client" || !containsAny(se.Message(), "pulsoid.net/ui/api-clients") {
		t.Fatalf("Start = %v, want an invalid-client error pointing to api-clients", err)
	}
}

func TestCancelStopsWaiting(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	d, code := startDevice(t, fake)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	if _, err := d.Wait(ctx, code); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait = %v, want context.Canceled", err)
	}
}
