package problem

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

func TestAProblemShowsItsSentenceAndKeepsItsCauseForTheLog(t *testing.T) {
	cause := errors.New("dial tcp: connection refused")
	p := Wrap("revoke_failed", "Signed out here, but Pulsoid could not be told.", cause)
	wrapped := fmt.Errorf("signing out: %w", p)
	if !errors.Is(wrapped, cause) {
		t.Error("the cause is lost")
	}
	got, _ := json.Marshal(ForWindow(wrapped))
	want := `{"code":"revoke_failed","message":"Signed out here, but Pulsoid could not be told.","problems":[{"code":"revoke_failed","message":"Signed out here, but Pulsoid could not be told."}]}`
	if string(got) != want {
		t.Errorf("the window gets %s, want %s (never the cause)", got, want)
	}
}

func TestSeveralProblemsReachTheWindowEachWithItsField(t *testing.T) {
	err := List{New("overlay_addr", "Bad address."), New("signal_timeout_seconds", "Bad timeout.")}.Err()
	shown := ForWindow(err)
	if shown.Message != "Bad address. Bad timeout." || len(shown.Problems) != 2 || shown.Problems[1].Code != "signal_timeout_seconds" {
		t.Errorf("shown %+v", shown)
	}
	if List(nil).Err() != nil {
		t.Error("an empty list is an error")
	}
}

func TestAnUnforeseenErrorIsShownAsASentence(t *testing.T) {
	if s := ForWindow(errors.New("disk full")); s.Code != Unexpected || s.Message != "Disk full" {
		t.Errorf("shown %+v", s)
	}
}
