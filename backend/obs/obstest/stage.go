//go:build linux

package obstest

import (
	"context"
	"time"

	"github.com/beatcast/beatcast/backend/obs"
)

// Stage makes the scenes a streamer would have: "Game" with a Text source
// "Heart rate", a camera "Cam" with a "Shake" filter (off) and a hidden
// "Warning"; and a "Panic" scene. Game is on the program. It returns a
// Look at OBS for the test to check what OBS shows.
func (o *OBS) Stage(t T) *Look {
	t.Helper()
	l := &Look{t: t, conn: o.Dial(t)}
	for _, r := range []struct {
		kind string
		data map[string]any
	}{
		{"CreateScene", map[string]any{"sceneName": "Game"}},
		{"CreateScene", map[string]any{"sceneName": "Panic"}},
		{"SetCurrentProgramScene", map[string]any{"sceneName": "Game"}},
		{"CreateInput", map[string]any{"sceneName": "Game", "inputName": "Cam", "inputKind": "color_source_v3",
			"inputSettings": map[string]any{"width": 64, "height": 64}}},
		{"CreateInput", map[string]any{"sceneName": "Game", "inputName": "Warning", "inputKind": "color_source_v3",
			"sceneItemEnabled": false}},
		{"CreateInput", map[string]any{"sceneName": "Game", "inputName": "Heart rate", "inputKind": "text_ft2_source_v2",
			"inputSettings": map[string]any{"text": "?"}}},
		{"CreateSourceFilter", map[string]any{"sourceName": "Cam", "filterName": "Shake", "filterKind": "scroll_filter",
			"filterEnabled": false}},
	} {
		l.Request(r.kind, r.data, nil)
	}
	return l
}

// Look asks OBS what it shows, as a test's own client.
type Look struct {
	t    T
	conn *obs.Conn
}

// Look connects a test's own client to OBS.
func (o *OBS) Look(t T) *Look { return &Look{t: t, conn: o.Dial(t)} }

// Request makes one request and fails the test if OBS refuses it.
func (l *Look) Request(kind string, data map[string]any, out any) {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.conn.Request(ctx, kind, data, out); err != nil {
		l.t.Fatalf("%s: %v", kind, err)
	}
}

// Text is what the Text source holds.
func (l *Look) Text(source string) string {
	var out struct {
		InputSettings struct {
			Text string `json:"text"`
		} `json:"inputSettings"`
	}
	l.Request("GetInputSettings", map[string]any{"inputName": source}, &out)
	return out.InputSettings.Text
}

// ProgramScene is the scene on stream.
func (l *Look) ProgramScene() string {
	var out struct {
		Name string `json:"currentProgramSceneName"`
	}
	l.Request("GetCurrentProgramScene", nil, &out)
	return out.Name
}

// FilterOn says whether source's filter is on.
func (l *Look) FilterOn(source, filter string) bool {
	var out struct {
		Enabled bool `json:"filterEnabled"`
	}
	l.Request("GetSourceFilter", map[string]any{"sourceName": source, "filterName": filter}, &out)
	return out.Enabled
}

// Shown says whether source shows in scene.
func (l *Look) Shown(scene, source string) bool {
	var id struct {
		ID int `json:"sceneItemId"`
	}
	l.Request("GetSceneItemId", map[string]any{"sceneName": scene, "sourceName": source}, &id)
	var out struct {
		Enabled bool `json:"sceneItemEnabled"`
	}
	l.Request("GetSceneItemEnabled", map[string]any{"sceneName": scene, "sceneItemId": id.ID}, &out)
	return out.Enabled
}

// Conn is the look's own session.
func (l *Look) Conn() *obs.Conn { return l.conn }
