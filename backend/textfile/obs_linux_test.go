package textfile

import (
	"context"
	"crypto/sha256"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/obs"
	"github.com/beatcast/beatcast/backend/obs/obstest"
	"github.com/beatcast/beatcast/backend/testkit"
)

// textScene shows Text (FreeType 2) sources in real OBS: "File" reads the
// file from disk as a streamer sets it up ("Read from file"), and one
// reference source per text, made with that text. Sources with the same
// font and text draw the same pixels, so "OBS shows 72 from the file" is
// "File's screenshot equals that of the reference made with 72".
type textScene struct {
	t    *testing.T
	conn *obs.Conn
	ctx  context.Context
	font map[string]any
	seen map[string]string // a screenshot's hash → the text it shows
}

func newTextScene(t *testing.T, path string) *textScene {
	o := obstest.Start(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	s := &textScene{t: t, conn: o.Dial(t), ctx: ctx, seen: map[string]string{},
		font: map[string]any{"face": "DejaVu Sans", "size": 48, "style": "Book", "flags": 0}}
	s.add("File", map[string]any{"from_file": true, "text_file": path, "font": s.font})
	return s
}

// add puts a text source in the scene and returns its scene item id.
func (s *textScene) add(name string, settings map[string]any) int {
	s.t.Helper()
	var made struct {
		SceneItemID int `json:"sceneItemId"`
	}
	err := s.conn.Request(s.ctx, "CreateInput", map[string]any{"sceneName": "Scene", "inputName": name,
		"inputKind": "text_ft2_source_v2", "inputSettings": settings}, &made)
	if err != nil {
		s.t.Fatal(err)
	}
	return made.SceneItemID
}

// shot is a hash of what the source draws now ("" while OBS cannot draw it).
func (s *textScene) shot(source string) string {
	var out struct {
		ImageData string `json:"imageData"`
	}
	err := s.conn.Request(s.ctx, "GetSourceScreenshot", map[string]any{"sourceName": source, "imageFormat": "png",
		"imageWidth": 160, "imageHeight": 60}, &out)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(out.ImageData))
	return string(sum[:])
}

// learn makes a reference source showing text and remembers its pixels,
// once OBS has laid it out (a width, unless the text is empty) and draws
// it the same twice in a row.
func (s *textScene) learn(text string) string {
	s.t.Helper()
	name := "Ref " + strconv.Quote(text)
	id := s.add(name, map[string]any{"text": text, "font": s.font})
	var want string
	testkit.Eventually(s.t, name+" to be drawn", func() bool {
		var tr struct {
			SceneItemTransform struct {
				SourceWidth float64 `json:"sourceWidth"`
			} `json:"sceneItemTransform"`
		}
		if s.conn.Request(s.ctx, "GetSceneItemTransform", map[string]any{"sceneName": "Scene", "sceneItemId": id}, &tr) != nil ||
			(tr.SceneItemTransform.SourceWidth > 0) != (text != "") {
			return false
		}
		first := s.shot(name)
		time.Sleep(150 * time.Millisecond)
		want = s.shot(name)
		return want != "" && want == first
	})
	s.seen[want] = text
	return want
}

// showsWithin waits until File draws text. Meanwhile it must draw only
// the texts allowed (each learned first) or, when allowed is nil, anything
// but an empty file.
func (s *textScene) showsWithin(text string, limit time.Duration, allowed ...string) {
	s.t.Helper()
	want, ok := s.wants(text)
	if !ok {
		want = s.learn(text)
	}
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		got := s.shot("File")
		if got == want {
			return
		}
		shown, known := s.seen[got]
		switch {
		case got == "":
		case known && shown == "":
			// A text OBS loaded from the file stays until its next look, a
			// second later; one empty frame among drawn ones is OBS laying
			// out new glyphs (seen once in 25 runs, never twice in a row).
			time.Sleep(100 * time.Millisecond)
			if again, ok := s.seen[s.shot("File")]; ok && again == "" {
				s.t.Fatalf("OBS drew an empty file while waiting for %q", text)
			}
		case allowed != nil && !slices.Contains(allowed, shown):
			s.t.Fatalf("OBS drew %q from the file while waiting for %q (allowed: %q)", shown, text, allowed)
		}
	}
	s.t.Fatalf("OBS's Text source did not show %q from the file within %v", text, limit)
}

// wants is the learned look of text.
func (s *textScene) wants(text string) (string, bool) {
	for hash, shown := range s.seen {
		if shown == text {
			return hash, true
		}
	}
	return "", false
}

// OBS's Text source "Read from file" follows the file as Beatcast rewrites
// it in place: every value, a shorter one after a longer one, and the
// placeholder when the signal goes, never an empty or half-drawn text.
func TestOBSsTextSourceFollowsTheFileRewrittenInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heart-rate.txt")
	h := hub.New()
	follow(t, New(Target{Path: path}, testkit.Quiet, nil), h)
	testkit.Eventually(t, "the file", func() bool { return read(t, path) == "--" })
	s := newTextScene(t, path)
	for _, text := range []string{"", "--", "72", "100", "99 ", "99", "64"} {
		s.learn(text) // "99 ": 99 padded over 100 for an instant
	}
	s.showsWithin("--", 5*time.Second, "--")

	h.PublishStatus(live)
	steps := []struct {
		bpm     int // 0: the signal is lost
		allowed []string
	}{{72, []string{"--"}}, {100, []string{"72"}}, {99, []string{"100", "99 "}}, {0, []string{"99"}}, {64, []string{"--"}}}
	for _, step := range steps {
		text := "--"
		if step.bpm == 0 {
			h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal})
		} else {
			h.PublishStatus(live)
			h.PublishBeat(heartrate.Beat{BPM: step.bpm})
			text = strconv.Itoa(step.bpm)
		}
		// OBS looks once a second and reads on the next look: 1-2 s.
		s.showsWithin(text, 4*time.Second, step.allowed...)
	}
}

// Several values a second: OBS compares the file's time in whole seconds,
// but it reads the text one look after it saw the time change
// (text-freetype2.c, ft2_video_tick; GDI+'s TextSource::Tick alike), so the
// last value of a burst is what stays on screen, never one before it.
func TestOBSsTextSourceEndsOnTheLastValueOfABurst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heart-rate.txt")
	h := hub.New()
	follow(t, New(Target{Path: path}, testkit.Quiet, nil), h)
	h.PublishStatus(live)
	h.PublishBeat(heartrate.Beat{BPM: 60})
	testkit.Eventually(t, "the file", func() bool { return read(t, path) == "60" })
	s := newTextScene(t, path)
	s.learn("")
	s.showsWithin("60", 5*time.Second)
	last := 60
	for round := range 4 {
		// Values every 0.3 s for 1.5 s, starting at a different moment of
		// the second each round, so that OBS's look falls between two
		// writes of one second in some rounds.
		time.Sleep(time.Duration(round) * 170 * time.Millisecond)
		for i := range 5 {
			last = 70 + round*10 + i
			h.PublishBeat(heartrate.Beat{BPM: last})
			time.Sleep(300 * time.Millisecond)
		}
		s.showsWithin(strconv.Itoa(last), 4*time.Second)
	}
}
