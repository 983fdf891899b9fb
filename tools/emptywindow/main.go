// Command emptywindow is the baseline for the desktop benchmark: the
// smallest Wails window, with the same window options as Beatcast and a
// page that only shows a number, updated once a second like a heart rate.
// With -hidden it starts hidden, the baseline for Beatcast in the tray.
// With -thump a heart beats beside the number at 75 BPM, as on Beatcast's
// dashboard: what a beating heart costs any window.
// With -pulsoid it also reads Pulsoid's real-time socket and decodes each
// message, showing nothing: the least any app that shows a streamer's rate
// must do, hidden or not.
// It is a measuring tool, not part of the app.
package main

import (
	"context"
	"embed"
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

//go:embed page
var page embed.FS

func main() {
	hidden := flag.Bool("hidden", false, "start hidden")
	events := flag.Bool("events", false, "send the number from Go as a Wails event, as Beatcast sends each beat, instead of a JavaScript timer")
	thump := flag.Bool("thump", false, "a heart beating at 75 BPM beside the number, the number drawn as it thumps")
	pulsoid := flag.String("pulsoid", "", "read the real-time socket of the Pulsoid at this API address (http://…), with the token in $PULSOID_TOKEN")
	flag.Parse()
	if *pulsoid != "" {
		go readPulsoid(*pulsoid, os.Getenv("PULSOID_TOKEN"))
	}
	var startup, domReady func(context.Context)
	if *events {
		startup = func(ctx context.Context) {
			go func() {
				for n := 0; ; n++ {
					time.Sleep(time.Second)
					runtime.EventsEmit(ctx, "n", 20+n%40) // 20–59: the timer shows 60–99, so a picture tells them apart
				}
			}()
		}
	}
	if *thump {
		domReady = func(ctx context.Context) { runtime.WindowExecJS(ctx, "startThump()") }
	}
	err := wails.Run(&options.App{
		Title: "empty", Width: 960, Height: 760, StartHidden: *hidden, OnStartup: startup, OnDomReady: domReady,
		AssetServer:        &assetserver.Options{Assets: page},
		LogLevelProduction: logger.WARNING,
		Linux:              &linux.Options{WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		log.Fatal(err)
	}
}

// readPulsoid reads Pulsoid's socket and decodes each message, as any app
// must that shows the rate, with the same websocket library as Beatcast,
// and nothing more: no pings, no reconnecting, nothing sent on.
func readPulsoid(apiURL, token string) {
	ctx := context.Background()
	url := "ws" + strings.TrimPrefix(strings.TrimRight(apiURL, "/"), "http") + "/api/v1/data/real_time"
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + token}}})
	if err != nil {
		log.Fatalf("Pulsoid's socket: %v", err)
	}
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			log.Fatalf("Pulsoid's socket: %v", err)
		}
		var m struct {
			MeasuredAt int64 `json:"measured_at"`
			Data       struct {
				HeartRate int `json:"heart_rate"`
			} `json:"data"`
		}
		if err := json.Unmarshal(data, &m); err != nil {
			log.Fatalf("Pulsoid sent %q: %v", data, err)
		}
	}
}
