package service

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/overlay"
	"github.com/beatcast/beatcast/backend/problem"
)

// Overlays are the looks saved in the overlay builder: kept in the
// settings, served at /o/<name> (restyling every OBS source showing one at
// once) and each written as a local file.
type Overlays struct {
	svc   *Service
	store *config.Store
}

// SavedOverlay is a saved look as the window shows it.
type SavedOverlay struct {
	Name    string       `json:"name"`
	Options overlay.Look `json:"options"`
	// URL is its fixed Browser Source address; LocalFile its file for
	// OBS's Local file mode ("" if it could not be written).
	URL       string `json:"url"`
	LocalFile string `json:"local_file"`
}

// publish serves the saved overlays as the settings hold them. Values the
// overlay no longer accepts (a hand-edited file) are dropped with a log line.
func (o *Overlays) publish() {
	looks := map[string]overlay.Look{}
	for _, saved := range o.store.Get().Overlays {
		look, problems := overlay.CheckLook(saved.Options)
		for _, p := range problems {
			o.svc.log.Warn("a saved overlay has an option Beatcast ignores", "overlay", saved.Name, "problem", p)
		}
		looks[saved.Name] = look
	}
	o.svc.SetOverlays(looks)
}

// List returns the saved overlays, by name.
func (o *Overlays) List() []SavedOverlay {
	saved := o.store.Get().Overlays
	out := make([]SavedOverlay, 0, len(saved))
	for _, s := range saved {
		look, _ := overlay.CheckLook(s.Options)
		out = append(out, o.view(s.Name, look))
	}
	slices.SortFunc(out, func(a, b SavedOverlay) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func (o *Overlays) view(name string, look overlay.Look) SavedOverlay {
	url := o.svc.OverlayURL()
	if url != "" {
		url += "o/" + name
	}
	return SavedOverlay{Name: name, Options: look, URL: url, LocalFile: o.svc.LocalOverlayPath(name)}
}

// Save keeps options under name (replacing a look of that name) and
// serves it. Options at their defaults are left out; an option the
// overlay does not accept is refused with the reason.
func (o *Overlays) Save(name string, options map[string]string) (SavedOverlay, error) {
	name = strings.TrimSpace(name)
	if err := config.ValidOverlayName(name); err != nil {
		return SavedOverlay{}, err
	}
	look, problems := overlay.CheckLook(options)
	if len(problems) > 0 {
		return SavedOverlay{}, problem.New("overlay_options", fmt.Sprintf("This look cannot be saved: %s.", strings.Join(problems, "; ")))
	}
	_, err := o.store.Update(func(s *config.Settings) error {
		entry := config.SavedOverlay{Name: name, Options: look}
		if i := slices.IndexFunc(s.Overlays, func(x config.SavedOverlay) bool { return x.Name == name }); i >= 0 {
			s.Overlays[i] = entry
		} else {
			s.Overlays = append(s.Overlays, entry)
		}
		return nil
	})
	if err != nil {
		return SavedOverlay{}, err
	}
	o.publish()
	return o.view(name, look), nil
}

// Delete forgets the saved overlay name; OBS sources showing it fall back
// to the default look.
func (o *Overlays) Delete(name string) error {
	_, err := o.store.Update(func(s *config.Settings) error {
		i := slices.IndexFunc(s.Overlays, func(x config.SavedOverlay) bool { return x.Name == name })
		if i < 0 {
			return problem.New("overlay_name", "There is no saved overlay named "+name+".")
		}
		s.Overlays = slices.Delete(s.Overlays, i, i+1)
		return nil
	})
	if err == nil {
		o.publish()
	}
	return err
}
