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

// Wails hands the formatter's value to new Error(…) in the page, so what
// the window gets must be text that carries the code, the sentence and
// every problem (#26: an object arrived as "[object Object]").
func TestTheWindowGetsTheProblemAsText(t *testing.T) {
	err := List{New("alert_low", "The low alert must be below the high one."), New("alert_high", "Too high.")}.Err()
	var back Shown
	if jerr := json.Unmarshal([]byte(ForWindow(err).JSON()), &back); jerr != nil {
		t.Fatal(jerr)
	}
	if back.Code != "alert_low" || back.Message != "The low alert must be below the high one. Too high." ||
		len(back.Problems) != 2 || back.Problems[1].Code != "alert_high" {
		t.Errorf("the window would read %+v", back)
	}
}
