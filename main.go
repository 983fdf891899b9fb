// Command beatcast puts a streamer's live heart rate on stream: a desktop
// window (Wails) or a headless process, both serving an OBS overlay. main
// only wires: it parses the command line, finds the files, builds the
// service, the feed and the screens, and hands them to a window or to the
// terminal. What the window does is decided in decide.go; app.go adapts it.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/pkg/browser"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/windows"

	"github.com/beatcast/beatcast/backend/background"
	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/cli"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/console"
	"github.com/beatcast/beatcast/backend/feed"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/probe"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/screens"
	"github.com/beatcast/beatcast/backend/service"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/trayicon.png
var trayIcon []byte

// Set at build time (make build, scripts/dist.sh) from scripts/version.sh:
// -ldflags "-X main.version=0.2.0 -X main.commit=abc1234 -X main.clientID=…".
var (
	version = "0.0.0"
	commit  = "unknown"
	// clientID is Beatcast's Pulsoid OAuth client id, public by nature;
	// BEATCAST_CLIENT_ID and the settings win over it. A build without one
	// is a development build.
	clientID = ""
)

func build() cli.Build {
	return cli.Build{Version: version, Commit: commit, Development: clientID == ""}
}

func main() {
	// The Bluetooth helper is this executable too (backend/ble).
	if len(os.Args) > 1 && os.Args[1] == ble.HelperArg {
		os.Exit(ble.HelperMain(os.Args[2:]))
	}
	os.Exit(run())
}

func run() int {
	// The Windows .exe is a GUI program: from cmd or PowerShell it prints
	// into that console, double-clicked it opens none.
	console.Attach()
	opts, err := cli.Parse(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "beatcast:", err)
		return 2
	}
	switch {
	case opts.Help:
		fmt.Print(cli.Usage())
		return 0
	case opts.Version:
		fmt.Println(build().Line())
		return 0
	case opts.BLEScan:
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return ble.PrintScan(ctx, os.Stdout, os.Stderr)
	case !opts.Headless && !cli.CanOpenWindow:
		fmt.Fprintln(os.Stderr, "beatcast: this is the headless build, which has no window; run it with --headless "+
			"(add --demo to try it), or use the desktop build (make build)")
		return 2
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if cli.GeneratingBindings {
		// make bindings: Wails only reads what App binds; nothing may start.
		app := NewApp(AppConfig{Log: log, Screens: &screens.Screens{}})
		if err := runWindow(app, false, log); err != nil {
			return 1
		}
		return 0
	}
	w, err := wire(opts, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "beatcast:", err)
		return 1
	}
	// The overlay answers from the first moment, whatever the window does.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- w.svc.Run(ctx, nil) }()
	if opts.Headless {
		runHeadless(ctx, w, opts)
	} else if !runDesktop(ctx, stop, w, opts) {
		stop()
		<-served
		return 1
	}
	stop()
	return stopped(served, log)
}

// wired is what every run holds: the files, the settings and the service.
type wired struct {
	paths config.Paths
	store *config.Store
	svc   *service.Service
	log   *slog.Logger
	tray  *background.TrayOutput
}

// wire opens the settings and builds the service, with every start-up
// notice added to the service's notices (and logged).
func wire(opts cli.Options, log *slog.Logger) (wired, error) {
	paths := config.DefaultPaths()
	store, setAside, err := config.OpenStore(paths)
	if err != nil {
		return wired{}, err
	}
	flags := opts.Flags()
	addr, err := flags.ServeAddr(store.Get())
	if err != nil { // the settings were checked on loading: only a bug gets here
		return wired{}, err
	}
	key, err := config.OverlayKey(paths)
	if err != nil {
		return wired{}, fmt.Errorf("cannot create the overlay key in %s: %w", paths.ConfigDir, err)
	}
	obsPassword, obsNotice, err := config.LoadOBSPassword(paths)
	if err != nil {
		log.Warn("OBS's password could not be read", "err", err)
	}
	w := wired{paths: paths, store: store, log: log, tray: background.NewTrayOutput()}
	w.svc, err = service.New(service.Config{
		OverlayAddr: addr, Version: version, Log: log, LocalFileDir: paths.DataDir, LocalFileKey: key,
		Store: store, Flags: flags, HistoryDir: paths.StreamsDir(),
		// A window can show the problem and offer another port; a
		// headless run has only stderr and must fail loudly.
		KeepGoingWithoutOverlay: !opts.Headless,
		Outputs: []service.Output{w.tray,
			background.Warnings{Notifier: background.DesktopNotifier{Icon: trayIcon}, Log: log}},
		OBSPassword: obsPassword,
	})
	if err != nil {
		return wired{}, err
	}
	for _, n := range startNotices([]string{setAside, obsNotice}, config.NetworkURLs(addr), w.svc.OverlayError()) {
		log.Warn(n)
		w.svc.Notices.Add(n)
	}
	return w, nil
}

// feedConfig is how the feed reaches Pulsoid and where it streams.
func (w wired) feedConfig(opts cli.Options) feed.Config {
	ids := config.NewClientID(opts.Flags(), clientID, w.store)
	return feed.Config{Paths: w.paths, APIURL: opts.APIURL, AuthURL: opts.AuthURL, ClientID: ids.Get, Stream: w.svc, Log: w.log,
		Strap: func() *ble.Strap { return opts.Flags().StartStrap(w.store.Get()) },
		Chose: func(src heartrate.SourceName) {
			if err := w.store.ChoseSource(src); err != nil {
				w.log.Warn("could not keep which source to start with", "err", err)
			}
		}}
}

// runHeadless streams until ctx ends. Nobody can press a button: it signs
// in by itself and says how on stderr.
func runHeadless(ctx context.Context, w wired, opts cli.Options) {
	cfg := w.feedConfig(opts)
	cfg.AutoSignIn = true
	cfg.OnSignIn = feed.PrintToTerminal(os.Stderr, w.log)
	w.svc.Notices.Add(feed.New(cfg).Start(ctx, opts.Demo, opts.Token))
	<-ctx.Done()
}

// runDesktop runs the window (and the tray) until it is gone; false when
// the window failed with nothing to fall back on.
func runDesktop(ctx context.Context, stop context.CancelFunc, w wired, opts cli.Options) bool {
	cfg := w.feedConfig(opts)
	cfg.OpenBrowser = browser.OpenURL
	fd := feed.New(cfg)
	var app *App
	scr := screens.New(screens.Config{Context: ctx, Service: w.svc, Feed: fd, Store: w.store,
		ClientID: config.NewClientID(opts.Flags(), clientID, w.store), Autostart: background.SystemAutostart(),
		Build: build(), OpenFolder: browser.OpenFile, HasTray: func() bool { return app.hasTray },
		OnStrapFound: func(found []ble.Found) { app.strapFound(found) }})
	app = NewApp(AppConfig{Service: w.svc, Feed: fd, Screens: scr, Exports: screens.NewExports(w.svc),
		Log: w.log, Probe: probe.FromEnv()})
	go func() { w.svc.Notices.Add(fd.Start(ctx, opts.Demo, opts.Token)) }()

	tray, hasTray := background.StartTray(w.log, trayIcon, background.Menu{
		Show: func() {
			if !app.show() && w.svc.OverlayURL() != "" {
				// No window (Windows without WebView2): the overlay shows
				// in the browser that it is still working.
				_ = browser.OpenURL(w.svc.OverlayURL())
			}
		},
		Quit: func() {
			if !app.quit() {
				stop() // no window: quitting is stopping
			}
		},
	})
	if hasTray {
		defer tray.Close()
		w.tray.Attach(tray)
	}
	app.hasTray = hasTray
	app.startHidden = startHidden(opts.Minimised, hasTray)
	err := runWindow(app, opts.Minimised, w.log)
	if err == nil || ctx.Err() != nil {
		return true
	}
	if !hasTray {
		w.log.Error("the window failed", "err", err)
		return false
	}
	// No window (Windows without WebView2): the overlay keeps serving.
	w.log.Warn("Beatcast runs without its window: the overlay keeps serving; quit from its tray icon", "why", err,
		"overlay", w.svc.OverlayURL())
	<-ctx.Done()
	return true
}

// stopped waits for the service to stop and says how it went.
func stopped(served <-chan error, log *slog.Logger) int {
	if err := <-served; err != nil {
		log.Error("stopped", "err", err)
		return 1
	}
	log.Info("stopped cleanly")
	return 0
}

// runWindow opens the window and returns when it is gone.
func runWindow(app *App, minimised bool, log *slog.Logger) error {
	return wails.Run(&options.App{
		Title:            "Beatcast",
		Width:            960,
		Height:           680,
		MinWidth:         720,
		MinHeight:        560,
		StartHidden:      app.startHidden,
		WindowStartState: windowStartState(startMinimised(minimised, app.hasTray)),
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 16, G: 18, B: 24, A: 255},
		OnStartup:        app.startup,
		OnDomReady:       app.domReady,
		OnBeforeClose:    app.beforeClose,
		OnShutdown:       app.shutdown,
		// A second launch brings this window back instead of failing on the
		// overlay port (Linux: needs a D-Bus session; without one, each
		// launch runs on its own).
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               "net.beatcast.desktop",
			OnSecondInstanceLaunch: app.secondInstance,
		},
		Bind:     app.bindings(),
		EnumBind: []any{service.AllEvents, heartrate.AllStates, heartrate.AllReasons, heartrate.AllSources, feed.AllPhases},
		// A failed call reaches the window as {code, message, problems} in
		// JSON text (an object would arrive as "[object Object]": see
		// problem.Shown.JSON): the code places it next to its field, the
		// sentence says what to do.
		ErrorFormatter: func(err error) any {
			log.Warn("a window action failed", "err", err)
			return problem.ForWindow(err).JSON()
		},
		LogLevel:           logger.WARNING,
		LogLevelProduction: logger.WARNING,
		// Under Xvfb and on many Linux desktops the GPU path costs far more
		// memory and CPU than it saves for a window this simple.
		Linux:   &linux.Options{WebviewGpuPolicy: linux.WebviewGpuPolicyNever, ProgramName: "beatcast"},
		Windows: &windows.Options{Messages: webView2Messages},
	})
}

// webView2Messages is what Windows without Microsoft Edge WebView2 says
// (the release builds with Wails' "browser" strategy: a link, no silent
// download). Either answer leaves the overlay serving, with the tray.
var webView2Messages = &windows.Messages{
	MissingRequirements: "Beatcast needs WebView2 for its window",
	DownloadPage: "Beatcast's window needs Microsoft Edge WebView2, which this Windows lacks. It is free: press OK to open " +
		"Microsoft's download page, install it, then start Beatcast again.\n\nEither way, Beatcast keeps showing your heart " +
		"rate in OBS without its window; quit it from its icon in the notification area.\n\nMinimum version: ",
	FailedToInstall:      "Beatcast runs without its window until WebView2 is installed.",
	Webview2NotInstalled: "Beatcast runs without its window until WebView2 is installed.",
	InstallationRequired: "Beatcast's window needs Microsoft Edge WebView2. Press OK to install it (free, from Microsoft).",
	UpdateRequired:       "Beatcast's window needs a newer Microsoft Edge WebView2. Press OK to update it (free, from Microsoft).",
	Error:                "Beatcast",
	PressOKToInstall:     "Press OK to install.",
	ContactAdmin:         "Beatcast's window needs Microsoft Edge WebView2. Ask your administrator to install it.",
	InvalidFixedWebview2: "The WebView2 that Beatcast was told to use is not valid.",
	WebView2ProcessCrash: "Beatcast's window stopped working. Start Beatcast again; your overlay kept serving meanwhile.",
}

func windowStartState(minimised bool) options.WindowStartState {
	if minimised {
		return options.Minimised
	}
	return options.Normal
}
