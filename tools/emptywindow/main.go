// Command emptywindow is the baseline for the desktop benchmark: the
// smallest Wails window, with the same window options as Beatcast and a
// page that only shows a number, updated once a second like a heart rate.
// With -hidden it starts hidden, the baseline for Beatcast in the tray.
// It is a measuring tool, not part of the app.
package main

import (
	"embed"
	"flag"
	"log"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

//go:embed page
var page embed.FS

func main() {
	hidden := flag.Bool("hidden", false, "start hidden")
	flag.Parse()
	err := wails.Run(&options.App{
		Title: "empty", Width: 960, Height: 760, StartHidden: *hidden,
		AssetServer:        &assetserver.Options{Assets: page},
		LogLevelProduction: logger.WARNING,
		Linux:              &linux.Options{WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		log.Fatal(err)
	}
}
