package screens

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/obs"
	"github.com/beatcast/beatcast/backend/problem"
)

// The OBS screen: Beatcast driving OBS through its websocket server.

// OBSForm is what the OBS screen edits and shows. It never holds the
// password, only whether one is kept.
type OBSForm struct {
	config.OBSSettings
	// HasPassword: a password is kept (or given by BEATCAST_OBS_PASSWORD).
	HasPassword     bool `json:"has_password"`
	PasswordFromEnv bool `json:"password_from_env"`
	// Flags are --obs, --obs-text and --obs-alert-scene, which win this run.
	Flags      OBSFlags   `json:"flags"`
	Status     obs.Status `json:"status"`
	DefaultURL string     `json:"default_url"`
	// Moments and Effects are the choices of a rule, in words.
	Moments []Choice `json:"moments"`
	Effects []Choice `json:"effects"`
	// Alerts are the alert thresholds in use (0: off): a rule for an alert
	// does nothing until one is set.
	Alerts alert.Thresholds `json:"alerts"`
}

// OBSFlags are the command line's OBS choices this run ("" when not given).
type OBSFlags struct {
	URL        string `json:"url"`
	TextSource string `json:"text_source"`
	AlertScene string `json:"alert_scene"`
}

// Choice is one option of a list: its value and its words.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// OBS is the OBS screen.
func (s *Screens) OBS() OBSForm {
	svc := s.cfg.Service
	set := s.cfg.Store.Get()
	in, flags := svc.InUse(set), svc.Flags()
	form := OBSForm{OBSSettings: set.OBS, HasPassword: svc.HasOBSPassword(), PasswordFromEnv: flags.OBSPassword != "",
		Flags:  OBSFlags{URL: flags.OBS, TextSource: flags.OBSText, AlertScene: flags.OBSAlertScene},
		Status: svc.OBS.Status(), DefaultURL: obs.DefaultURL, Alerts: alert.Thresholds{High: in.AlertHigh, Low: in.AlertLow},
		Effects: []Choice{
			{string(obs.SwitchScene), "Switch to a scene, then back"},
			{string(obs.ShowSource), "Show a source, then hide it"},
			{string(obs.HideSource), "Hide a source, then show it"},
			{string(obs.EnableFilter), "Turn a filter on, then off"},
			{string(obs.DisableFilter), "Turn a filter off, then on"},
			{string(obs.MarkChapter), "Mark a chapter in the recording"},
		}}
	form.Moments = []Choice{
		{string(obs.WhenHigh), "During a high alert"},
		{string(obs.WhenLow), "During a low alert"},
		{string(obs.WhenNoSignal), "While the heart rate is lost"},
	}
	maxBPM := in.MaxHeartRate
	if maxBPM == 0 {
		maxBPM = history.DefaultMaxBPM
	}
	for i, z := range history.Zones[1:] {
		from := z.From * maxBPM / 100
		upTo := "and up"
		if i+2 < len(history.Zones) {
			upTo = fmt.Sprintf("to %d BPM", history.Zones[i+2].From*maxBPM/100-1)
		}
		form.Moments = append(form.Moments, Choice{string(obs.WhenZone(z)), fmt.Sprintf("In the %s zone (%d %s)", z.Name, from, upTo)})
	}
	if form.Rules == nil {
		form.Rules = []obs.Rule{}
	}
	return form
}

// SaveOBS keeps whether Beatcast drives OBS, its address ("" for
// obs.DefaultURL), the Text source kept at the heart rate ("" for none) and
// the rules, applied at once.
func (s *Screens) SaveOBS(on bool, url, textSource string, rules []obs.Rule) (OBSForm, error) {
	_, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error {
		set.OBS = config.OBSSettings{On: on, URL: strings.TrimSpace(url), TextSource: textSource, Rules: rules}
		return nil
	})
	return s.OBS(), err
}

// SetOBSPassword keeps the password of OBS's websocket server ("" forgets
// it) and connects with it at once.
func (s *Screens) SetOBSPassword(password string) (OBSForm, error) {
	if err := s.cfg.Service.SetOBSPassword(obs.Password(password)); err != nil {
		return s.OBS(), problem.Wrap("obs_password", "Beatcast could not keep OBS's password.", err)
	}
	return s.OBS(), nil
}

// TestOBS connects once to url with password ("" for the one kept) and
// says how it went, before anything is saved.
func (s *Screens) TestOBS(url, password string) obs.Status {
	pw := obs.Password(password)
	if pw == "" {
		pw = s.cfg.Service.OBSTarget().Password
	}
	if strings.TrimSpace(url) == "" {
		url = obs.DefaultURL
	}
	return obs.Test(s.cfg.Context, strings.TrimSpace(url), pw)
}

// OBSInventory is what the connected OBS has to pick from: scenes and
// their sources, Text sources, filters.
func (s *Screens) OBSInventory() (obs.Inventory, error) {
	inv, err := s.cfg.Service.OBS.Inventory(s.cfg.Context)
	if err != nil {
		return inv, problem.Wrap("obs", "Beatcast cannot list what OBS has: "+problem.RootCause(err).Error(), err)
	}
	return inv, nil
}

// TryOBSRule does r in OBS now and undoes it a few seconds later.
func (s *Screens) TryOBSRule(r obs.Rule) error {
	ctx, cancel := context.WithTimeout(s.cfg.Context, obsTryTimeout)
	defer cancel()
	if err := s.cfg.Service.OBS.Try(ctx, r); err != nil {
		return problem.Wrap("obs_try", err.Error(), err)
	}
	return nil
}

// obsTryTimeout bounds the wait for OBS to answer "Try it".
const obsTryTimeout = 5 * time.Second

// ReconnectOBS connects to OBS again at once (after OBS ended the
// session, or to stop waiting).
func (s *Screens) ReconnectOBS() { s.cfg.Service.OBS.Reconnect() }
