package obs

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
)

// tryFor is how long "Try it" leaves an action in place before undoing it.
const tryFor = 5 * time.Second

// Try does r now, as if its moment had come, and undoes it tryFor later,
// so the streamer sees it work. It returns once OBS has answered the
// first part.
func (c *Controller) Try(ctx context.Context, r Rule) error {
	if err := r.Check(); err != nil {
		return err
	}
	conn := c.session()
	if conn == nil {
		return errors.New("Beatcast is not connected to OBS: " + c.Status().Message)
	}
	if why := conn.Version().Unavailable(r.Do); why != "" {
		return errors.New(why)
	}
	done := make(chan error, 1)
	select {
	case c.jobs <- job{rule: r, start: true, done: done}:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-done:
		if err == nil && r.Do != MarkChapter {
			time.AfterFunc(tryFor, func() {
				select {
				case c.jobs <- job{rule: r, start: false}:
				default:
				}
			})
		}
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Test connects once to url with password and says how it went: the
// Settings screen's Test button, before anything is saved.
func Test(ctx context.Context, url string, password Password) Status {
	if err := CheckURL(url); err != nil {
		return Status{State: Connecting, URL: url, Message: err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	conn, err := Dial(ctx, url, password.Reveal())
	if err != nil {
		return trouble(url, err, obsRunning)
	}
	defer conn.Close()
	return connected(url, conn.Version())
}

// Inventory is what OBS has for the window to offer: scenes with their
// sources, the text sources, and each source's filters.
type Inventory struct {
	Scenes      []Scene             `json:"scenes"`
	TextSources []string            `json:"text_sources"`
	Filters     map[string][]string `json:"filters"` // source (or scene) → its filters
}

// Scene is one of OBS's scenes and the sources in it.
type Scene struct {
	Name    string   `json:"name"`
	Sources []string `json:"sources"`
}

// Inventory asks the OBS connected now what it has.
func (c *Controller) Inventory(ctx context.Context) (Inventory, error) {
	conn := c.session()
	if conn == nil {
		return Inventory{}, errors.New("Beatcast is not connected to OBS: " + c.Status().Message)
	}
	ctx, cancel := context.WithTimeout(ctx, 4*requestTimeout)
	defer cancel()
	inv := Inventory{Scenes: []Scene{}, TextSources: []string{}, Filters: map[string][]string{}}
	var scenes struct {
		Scenes []struct {
			Name string `json:"sceneName"`
		} `json:"scenes"`
	}
	if err := conn.Request(ctx, "GetSceneList", nil, &scenes); err != nil {
		return inv, err
	}
	// OBS lists the scenes bottom to top; its window shows them top down.
	slices.Reverse(scenes.Scenes)
	var sources []string
	for _, s := range scenes.Scenes {
		var items struct {
			Items []struct {
				Source string `json:"sourceName"`
			} `json:"sceneItems"`
		}
		if err := conn.Request(ctx, "GetSceneItemList", map[string]any{"sceneName": s.Name}, &items); err != nil {
			return inv, err
		}
		scene := Scene{Name: s.Name, Sources: []string{}}
		for i := len(items.Items) - 1; i >= 0; i-- { // top of the list first, as in OBS
			scene.Sources = append(scene.Sources, items.Items[i].Source)
		}
		inv.Scenes = append(inv.Scenes, scene)
		sources = append(sources, s.Name)
	}
	var inputs struct {
		Inputs []struct {
			Name string `json:"inputName"`
			Kind string `json:"inputKind"`
		} `json:"inputs"`
	}
	if err := conn.Request(ctx, "GetInputList", nil, &inputs); err != nil {
		return inv, err
	}
	for _, in := range inputs.Inputs {
		// text_gdiplus_v2/v3 (Windows), text_ft2_source_v2 (Linux, macOS)
		if strings.HasPrefix(in.Kind, "text_") {
			inv.TextSources = append(inv.TextSources, in.Name)
		}
		sources = append(sources, in.Name)
	}
	for _, source := range sources {
		var filters struct {
			Filters []struct {
				Name string `json:"filterName"`
			} `json:"filters"`
		}
		if err := conn.Request(ctx, "GetSourceFilterList", map[string]any{"sourceName": source}, &filters); err != nil {
			continue // an input without video (audio only) may refuse: it has no filters to offer
		}
		for _, f := range filters.Filters {
			inv.Filters[source] = append(inv.Filters[source], f.Name)
		}
	}
	return inv, nil
}
