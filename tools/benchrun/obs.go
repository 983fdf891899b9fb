package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"sort"
	"time"

	"github.com/beatcast/beatcast/backend/obs/obstest"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// obsResult is the OBS section: from a beat to OBS showing what it means.
type obsResult struct {
	OBS       string    `json:"obs"` // OBS and obs-websocket versions
	Crossings int       `json:"crossings"`
	SceneMs   []float64 `json:"scene_ms"` // beat that starts a high alert → OBS reports the new program scene (Cut)
	// FadeMs is SceneMs with OBS's default transition, a 300 ms Fade,
	// which OBS finishes before it reports the scene.
	FadeMs []float64 `json:"fade_ms"`
	TextMs []float64 `json:"text_ms"` // beat → OBS's Text source holds it
}

// obsFPS is OBS's own default frame rate: it applies a scene at its next
// frame, so the scene time includes up to one frame (33 ms).
const obsFPS = 30

// benchT is what obstest needs of a test, for a program: a failure ends it.
type benchT struct{ cleanups []func() }

func (*benchT) Helper()                        {}
func (*benchT) Fatal(args ...any)              { log.Fatal(args...) }
func (*benchT) Fatalf(format string, a ...any) { log.Fatalf(format, a...) }
func (b *benchT) Cleanup(f func())             { b.cleanups = append(b.cleanups, f) }
func (b *benchT) TempDir() string {
	dir, err := os.MkdirTemp("", "beatcast-bench-obs-")
	if err != nil {
		log.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func (b *benchT) done() {
	for i := len(b.cleanups) - 1; i >= 0; i-- {
		b.cleanups[i]()
	}
}

// runOBS drives real OBS (obstest: OBS 29 under its own Xvfb) from
// `beatcast --headless --obs … --obs-text "Heart rate" --obs-alert-scene
// Panic --alert-high 150`, crossing the alert n times. The scene time is
// read from OBS's own CurrentProgramSceneChanged event; the text time by
// asking OBS for the source's text until it holds the beat.
func runOBS(bin string, n int) (obsResult, error) {
	res, err := runOBSWith(bin, n, "Cut")
	if err != nil {
		return res, err
	}
	fade, err := runOBSWith(bin, n, "Fade")
	res.FadeMs = fade.SceneMs
	return res, err
}

func runOBSWith(bin string, n int, transition string) (obsResult, error) {
	t := &benchT{}
	defer t.done()
	o := obstest.StartFPS(t, "", obsFPS)
	look := o.Stage(t)
	look.Request("SetCurrentSceneTransition", map[string]any{"transitionName": transition}, nil)
	fake := pulsoidtest.New(noCleanup{})
	defer fake.Close()
	fake.AddToken(benchToken)
	h, err := startHeadless(bin, fake, "--obs", o.URL, "--obs-text", "Heart rate", "--obs-alert-scene", "Panic", "--alert-high", "150")
	if err != nil {
		return obsResult{}, err
	}
	defer h.stop()
	v := look.Conn().Version()
	res := obsResult{OBS: fmt.Sprintf("OBS %s, obs-websocket %s", v.OBS, v.WebSocket), Crossings: n}
	events := look.Conn().Events()
	scene := func(want string, since time.Time) (float64, error) {
		deadline := time.After(5 * time.Second)
		for {
			select {
			case e := <-events:
				if e.Type != "CurrentProgramSceneChanged" {
					continue
				}
				var d struct {
					Name string `json:"sceneName"`
				}
				if json.Unmarshal(e.Data, &d) == nil && d.Name == want {
					return ms(time.Since(since)), nil
				}
			case <-deadline:
				return 0, fmt.Errorf("OBS never switched to %s", want)
			}
		}
	}
	text := func(want string, since time.Time) (float64, error) {
		for deadline := since.Add(5 * time.Second); time.Now().Before(deadline); {
			if look.Text("Heart rate") == want {
				return ms(time.Since(since)), nil
			}
		}
		return 0, fmt.Errorf("OBS's Text source never held %s", want)
	}
	send := func(bpm int) time.Time {
		at := time.Now()
		fake.Send(bpm, at.UnixMilli())
		return at
	}
	// Warm up: the first beat makes the stream live.
	send(100)
	if _, err := text("100", time.Now()); err != nil {
		return res, err
	}
	for i := range n {
		bpm := 155 + i%10
		at := send(bpm)
		d, err := scene("Panic", at)
		if err != nil {
			return res, err
		}
		res.SceneMs = append(res.SceneMs, d)
		// The text at a beat that changes nothing else.
		time.Sleep(300 * time.Millisecond)
		at = send(bpm + 1)
		if d, err = text(fmt.Sprint(bpm+1), at); err != nil {
			return res, err
		}
		res.TextMs = append(res.TextMs, d)
		// Below 145 the alert ends, and Game comes back.
		if _, err := scene("Game", send(120)); err != nil {
			return res, err
		}
		time.Sleep(300 * time.Millisecond)
	}
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// p50max is the median and the largest of xs.
func p50max(xs []float64) (p50, max float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return percentile(s, 0.5), s[len(s)-1]
}
