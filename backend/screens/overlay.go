package screens

import (
	"strings"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/overlay"
	"github.com/beatcast/beatcast/backend/service"
	"github.com/beatcast/beatcast/backend/textfile"
)

// The overlay builder and the text file beside it.

// OverlayURL is the address to paste into an OBS Browser Source ("" when
// the overlay is not served).
func (s *Screens) OverlayURL() string { return s.cfg.Service.OverlayURL() }

// LocalOverlayPath is the default look's file for OBS's "Local file"
// option, which works even when OBS starts before Beatcast.
func (s *Screens) LocalOverlayPath() string { return s.cfg.Service.LocalOverlayPath("") }

// Overlays are the looks saved in the overlay builder.
func (s *Screens) Overlays() []service.SavedOverlay { return s.cfg.Service.Overlays.List() }

// SaveOverlay keeps a named look, served at once at its fixed URL.
func (s *Screens) SaveOverlay(name string, options map[string]string) (service.SavedOverlay, error) {
	return s.cfg.Service.Overlays.Save(name, options)
}

// DeleteOverlay forgets a saved look.
func (s *Screens) DeleteOverlay(name string) error { return s.cfg.Service.Overlays.Delete(name) }

// ParseOverlayURL reads an overlay URL pasted from OBS, to edit it.
func (s *Screens) ParseOverlayURL(url string) (overlay.ParsedURL, error) {
	return overlay.ParseURL(url)
}

// TextFileInfo is the heart-rate text file as the window shows it.
type TextFileInfo struct {
	textfile.Target
	// Flag is --text-file, which wins over the saved path.
	Flag string `json:"flag"`
	// InUse is the file being written now ("" for none).
	InUse          string `json:"in_use"`
	DefaultOffline string `json:"default_offline"`
	// Suggested is a good place for it, beside Beatcast's other files.
	Suggested string `json:"suggested"`
}

// TextFile says where the heart rate is kept as text.
func (s *Screens) TextFile() TextFileInfo {
	set := s.cfg.Store.Get()
	svc := s.cfg.Service
	return TextFileInfo{Target: textfile.Target{Path: set.TextFile, Offline: set.TextFileOffline},
		Flag: svc.Flags().TextFile, InUse: svc.Text.Target().Path, DefaultOffline: textfile.DefaultOffline,
		Suggested: svc.SuggestedTextFile()}
}

// SetTextFile keeps the heart rate in the file at path ("" for none), with
// offline while there is none, from now on.
func (s *Screens) SetTextFile(path, offline string) (TextFileInfo, error) {
	_, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error {
		set.TextFile, set.TextFileOffline = strings.TrimSpace(path), offline
		if err := set.Validate(); err != nil || set.TextFile == "" {
			return err
		}
		return textfile.CanWrite(set.TextFile) // before it is saved, not in a warning after
	})
	return s.TextFile(), err
}
