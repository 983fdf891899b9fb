package main

import (
	"errors"
	"strings"
	"testing"
)

func TestClosingAsksOnlyWhileOBSShowsTheHeartRate(t *testing.T) {
	for _, tc := range []struct {
		name            string
		quitting, probe bool
		clients         int
		want            bool
	}{
		{"an overlay is connected", false, false, 1, true},
		{"nothing is connected", false, false, 0, false},
		{"the system is logging out", true, false, 2, false},
		{"a test drives the window", false, true, 2, false},
	} {
		if got := askBeforeClose(tc.quitting, tc.probe, tc.clients); got != tc.want {
			t.Errorf("%s: asks %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTheCloseQuestionSaysHowToComeBackAndItsButtonSaysWhatItDoes(t *testing.T) {
	if q := closeQuestion(true); !strings.Contains(q.Message, "notification area") || q.Keep != "Keep it running in the tray" {
		t.Errorf("with a tray: %+v", q)
	}
	if q := closeQuestion(false); !strings.Contains(q.Message, "minimised to the taskbar") || strings.Contains(q.Message, "notification area") ||
		q.Keep != "Keep it running, minimised" {
		t.Errorf("without a tray: %+v", q)
	}
	for _, q := range []CloseQuestion{closeQuestion(true), closeQuestion(false)} {
		if strings.Contains(q.Message, "Yes") || strings.Contains(q.Message, "No ") {
			t.Errorf("the question still speaks of Yes and No: %q", q.Message)
		}
	}
}

func TestMinimisedHidesInTheTrayOrStaysInTheTaskbar(t *testing.T) {
	if !startHidden(true, true) || startMinimised(true, true) {
		t.Error("--minimised with a tray: hidden in the tray, not minimised")
	}
	if startHidden(true, false) || !startMinimised(true, false) {
		t.Error("--minimised without a tray: minimised in the taskbar, never hidden (it could not come back)")
	}
	if startHidden(false, true) || startMinimised(false, true) {
		t.Error("without --minimised the window opens normally")
	}
}

func TestStartNoticesSayEverythingInOrder(t *testing.T) {
	got := startNotices([]string{"Your settings file was set aside.", ""}, []string{"http://192.168.1.20:8765/"}, errors.New("Port 8765 is in use."))
	if len(got) != 3 || got[0] != "Your settings file was set aside." ||
		!strings.Contains(got[1], "every device on your network at http://192.168.1.20:8765/") ||
		got[2] != "Port 8765 is in use. You can change the port in Settings." {
		t.Errorf("notices %q", got)
	}
	if got := startNotices([]string{"", ""}, nil, nil); len(got) != 0 {
		t.Errorf("a clean start has no notices: %q", got)
	}
}
