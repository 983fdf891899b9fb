package obs

import (
	"fmt"
	"strings"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/problem"
)

// Condition is when a rule holds. Its values are kept in the settings
// file: keep them exactly.
type Condition string

const (
	WhenHigh     Condition = "high_alert" // a high alert is under way
	WhenLow      Condition = "low_alert"  // a low alert is under way
	WhenNoSignal Condition = "no_signal"  // the heart rate was on screen and is gone
	whenZone               = "zone:"      // + a zone's name in lower case: the heart rate is in that colour zone
)

// WhenZone is the condition "the heart rate is in zone z" (history.Zones).
func WhenZone(z history.Zone) Condition { return Condition(whenZone + strings.ToLower(z.Name)) }

// zone is the index in history.Zones the condition names, or -1.
func (c Condition) zone() int {
	for i, z := range history.Zones {
		if c == WhenZone(z) {
			return i
		}
	}
	return -1
}

func (c Condition) valid() bool {
	return c == WhenHigh || c == WhenLow || c == WhenNoSignal || c.zone() >= 0
}

// Effect is what a rule does in OBS while its condition holds; when the
// condition ends, the effect is undone. Its values are kept in the
// settings file: keep them exactly.
type Effect string

const (
	SwitchScene   Effect = "scene"      // the program scene is Scene; afterwards the one that was showing
	ShowSource    Effect = "show"       // Source is shown in Scene; afterwards hidden
	HideSource    Effect = "hide"       // Source is hidden in Scene; afterwards shown
	EnableFilter  Effect = "filter_on"  // Filter on Source is on; afterwards off
	DisableFilter Effect = "filter_off" // Filter on Source is off; afterwards on
	MarkChapter   Effect = "chapter"    // a chapter mark in the recording when the condition starts
)

// needs lists the requests an effect makes: an OBS that lacks one cannot
// do it (Version.Has, from GetVersion's availableRequests).
var needs = map[Effect][]string{
	SwitchScene:   {"GetCurrentProgramScene", "SetCurrentProgramScene"},
	ShowSource:    {"GetSceneItemId", "SetSceneItemEnabled"},
	HideSource:    {"GetSceneItemId", "SetSceneItemEnabled"},
	EnableFilter:  {"SetSourceFilterEnabled"},
	DisableFilter: {"SetSourceFilterEnabled"},
	MarkChapter:   {"CreateRecordChapter"},
}

// since says which obs-websocket first has an effect's requests, for the
// sentence that says why this OBS cannot (protocol.md, "Added in").
var since = map[Effect]string{MarkChapter: "obs-websocket 5.5 (OBS 30.2)"}

// Rule is one action: while When holds, Do.
type Rule struct {
	When   Condition `json:"when"`
	Do     Effect    `json:"do"`
	Scene  string    `json:"scene,omitempty"`  // SwitchScene's target, or the scene that holds Source
	Source string    `json:"source,omitempty"` // the source to show or hide, or whose filter
	Filter string    `json:"filter,omitempty"`
}

// maxRules bounds the rules a settings file may hold.
const maxRules = 50

// Check says why r cannot be run, or nil.
func (r Rule) Check() error {
	switch {
	case !r.When.valid():
		return problem.New("obs_rules", fmt.Sprintf("%q is not a moment Beatcast knows: a high or low alert, a colour zone, or no signal.", r.When))
	case needs[r.Do] == nil:
		return problem.New("obs_rules", fmt.Sprintf("%q is not something Beatcast can do in OBS.", r.Do))
	case r.Do == SwitchScene && r.Scene == "":
		return problem.New("obs_rules", "Pick the scene to switch to.")
	case (r.Do == ShowSource || r.Do == HideSource) && (r.Scene == "" || r.Source == ""):
		return problem.New("obs_rules", "Pick the scene and the source in it to show or hide.")
	case (r.Do == EnableFilter || r.Do == DisableFilter) && (r.Source == "" || r.Filter == ""):
		return problem.New("obs_rules", "Pick the source and its filter.")
	}
	return nil
}

// CheckRules says why rules cannot be kept, or nil.
func CheckRules(rules []Rule) error {
	if len(rules) > maxRules {
		return problem.New("obs_rules", fmt.Sprintf("Keep at most %d OBS actions.", maxRules))
	}
	for _, r := range rules {
		if err := r.Check(); err != nil {
			return err
		}
	}
	return nil
}

// Describe says what r does, in words for the window and the log.
func (r Rule) Describe() string {
	var what string
	switch r.Do {
	case SwitchScene:
		what = fmt.Sprintf("switch to the scene %q, then back", r.Scene)
	case ShowSource:
		what = fmt.Sprintf("show %q in %q, then hide it", r.Source, r.Scene)
	case HideSource:
		what = fmt.Sprintf("hide %q in %q, then show it", r.Source, r.Scene)
	case EnableFilter:
		what = fmt.Sprintf("turn on the filter %q of %q, then off", r.Filter, r.Source)
	case DisableFilter:
		what = fmt.Sprintf("turn off the filter %q of %q, then on", r.Filter, r.Source)
	case MarkChapter:
		what = "mark a chapter in the recording"
	}
	return r.When.describe() + ": " + what
}

func (c Condition) describe() string {
	switch c {
	case WhenHigh:
		return "During a high alert"
	case WhenLow:
		return "During a low alert"
	case WhenNoSignal:
		return "While the heart rate is lost"
	}
	if z := c.zone(); z >= 0 {
		return "In the " + history.Zones[z].Name + " zone"
	}
	return string(c)
}

// Unavailable says why this OBS cannot do e ("" when it can).
func (v Version) Unavailable(e Effect) string {
	for _, req := range needs[e] {
		if !v.Has(req) {
			newer := "a newer obs-websocket"
			if s := since[e]; s != "" {
				newer = s + " or newer"
			}
			return fmt.Sprintf("This needs %s; OBS %s has obs-websocket %s, which lacks %s.", newer, v.OBS, v.WebSocket, req)
		}
	}
	return ""
}

// moment is what the rules' conditions are judged on: the stream as the
// hub has it now.
type moment struct {
	alert alert.Level
	zone  int  // the colour zone with hysteresis, -1 without a heart rate
	lost  bool // the stream had a heart rate and it is gone
}

// holds says whether c is true at m.
func (m moment) holds(c Condition) bool {
	switch c {
	case WhenHigh:
		return m.alert == alert.High
	case WhenLow:
		return m.alert == alert.Low
	case WhenNoSignal:
		return m.lost
	}
	return c.zone() >= 0 && c.zone() == m.zone
}

// judge is the moment after snap and the alert under way (nil: none),
// following prev: a colour zone is left downwards only alert.Hysteresis
// BPM below its bound, as alerts end, so a heart rate at a zone's edge
// does not make OBS flicker.
func judge(prev moment, snap heartrate.Snapshot, a *alert.Alert, maxBPM int) moment {
	m := moment{alert: alert.Normal, zone: -1}
	if a != nil {
		m.alert = a.Level
	}
	live := snap.Status.State == heartrate.StateLive && snap.Beat != nil
	m.lost = snap.Beat != nil && !live
	if !live {
		return m
	}
	bpm := snap.Beat.BPM
	m.zone = history.ZoneOf(bpm, maxBPM)
	if prev.zone > m.zone && bpm*100 >= history.Zones[prev.zone].From*maxBPM-alert.Hysteresis*100 {
		m.zone = prev.zone
	}
	return m
}
