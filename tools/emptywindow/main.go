// Command emptywindow is the baseline for the desktop benchmark: the
// smallest Wails window, with the same window options as Beatcast and a
// page that only shows a number, updated once a second like a heart rate.
// With -hidden it starts hidden, the baseline for Beatcast in the tray.
// With -thump a heart beats beside the number at 75 BPM, as on Beatcast's
// dashboard: what a beating heart costs any window.
// It is a measuring tool, not part of the app.
package main

import (
	"context"
	"embed"
	"flag"
	"log"
	"time"

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
	flag.Parse()
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
