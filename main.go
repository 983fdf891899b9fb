// Command beatcast puts a streamer's live heart rate on stream: a desktop
// window (Wails) or a headless process, both serving an OBS overlay. main
// only wires: it parses the command line, finds the files, builds the
// service and hands it to a window or to the terminal.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/pkg/browser"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/windows"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/background"
	"github.com/beatcast/beatcast/backend/cli"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/console"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/service"
	"github.com/beatcast/beatcast/backend/session"
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

func main() { os.Exit(run()) }

func run() int {
	// The Windows .exe is a GUI program: from cmd or PowerShell it prints
	// into that console, double-clicked it opens none.
	console.Attach()
	opts, err := cli.Parse(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "beatcast:", err)
		return 2
	}
	if opts.Help {
		fmt.Print(cli.Usage())
		return 0
	}
	if opts.Version {
		fmt.Println(build().Line())
		return 0
	}
	if !opts.Headless && !cli.CanOpenWindow {
		fmt.Fprintln(os.Stderr, "beatcast: this is the headless build, which has no window; run it with --headless "+
			"(add --demo to try it), or use the desktop build (make build)")
		return 2
	}

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if cli.GeneratingBindings {
		// make bindings: Wails only reads what App binds; nothing may start.
		if err := runWindow(NewApp(AppConfig{Log: log}), false, log); err != nil {
			return 1
		}
		return 0
	}
	paths := config.DefaultPaths()
	store, notice, err := config.OpenStore(paths)
	if err != nil {
		fmt.Fprintln(os.Stderr, "beatcast:", err)
		return 1
	}
	if notice != "" {
		log.Warn(notice)
	}
	addr, err := config.OverlayAddr(opts.OverlayAddr, opts.LAN, store.Get())
	if err != nil { // the settings were checked on loading: only a bug gets here
		fmt.Fprintln(os.Stderr, "beatcast:", err)
		return 1
	}
	if urls := config.NetworkURLs(addr); len(urls) > 0 {
		shared := "Your heart rate is visible to every device on your network at " + strings.Join(urls, " and ") + "."
		log.Warn(shared)
		notice = strings.TrimSpace(notice + " " + shared)
	}
	key, err := config.OverlayKey(paths)
	if err != nil {
		fmt.Fprintln(os.Stderr, "beatcast: cannot create the overlay key in", paths.ConfigDir+":", err)
		return 1
	}
	svc, err := service.New(service.Config{
		OverlayAddr:   addr,
		SignalTimeout: time.Duration(store.Get().SignalTimeoutSeconds) * time.Second,
		Version:       version,
		Log:           log,
		LocalFileDir:  paths.DataDir,
		LocalFileKey:  key,
		Store:         store,
		// A window can show the problem and offer another port; a
		// headless run has only stderr and must fail loudly.
		KeepGoingWithoutOverlay: !opts.Headless,
		HistoryDir:              paths.SessionsDir(),
		NoHistory:               opts.NoHistory,
		TextFile:                opts.TextFile,
		OSC:                     opts.OSC,
		Alerts:                  alert.Thresholds{High: opts.AlertHigh, Low: opts.AlertLow},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "beatcast:", err)
		return 1
	}

	// The overlay answers from the first moment, whatever the window does.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- svc.Run(ctx, nil) }()

	clientIDs := config.NewClientID(opts.ClientID, clientID, store)
	cfg := session.Config{Paths: paths, APIURL: opts.APIURL, AuthURL: opts.AuthURL, ClientID: clientIDs.Get, Stream: svc, Log: log}
	if opts.Headless {
		// Nobody can press a button: sign in by itself and say how on stderr.
		cfg.AutoSignIn = true
		cfg.OnSignIn = session.PrintToTerminal(os.Stderr, log)
		session.New(cfg).Start(ctx, opts.Demo, opts.Token)
		<-ctx.Done()
		return stopped(served, log)
	}

	cfg.OpenBrowser = browser.OpenURL
	sess := session.New(cfg)
	servedAddr := addr
	if err := svc.OverlayError(); err != nil {
		servedAddr = ""
		notice = strings.TrimSpace(notice + " " + err.Error() + " You can change the port in Settings.")
	}
	app := NewApp(AppConfig{
		Service: svc, Session: sess, Store: store, ClientID: clientIDs, Autostart: background.SystemAutostart(),
		Notice: notice, Build: build(), Log: log,
		OverlayAddrFlag: opts.OverlayAddr, OverlayLANFlag: opts.LAN, ServedAddr: servedAddr, Probe: probeFromEnv(),
	})
	go func() {
		if n := sess.Start(ctx, opts.Demo, opts.Token); n != "" {
			app.addNotice(n)
		}
	}()
	tray, hasTray := background.StartTray(log, trayIcon, background.Menu{
		Show: func() {
			if !app.show() && svc.OverlayURL() != "" {
				// No window (Windows without WebView2): the overlay shows
				// in the browser that it is still working.
				_ = browser.OpenURL(svc.OverlayURL())
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
		go background.Follow(ctx, svc.Hub, tray)
	}
	app.hasTray = hasTray
	app.startHidden = opts.Minimised && hasTray
	if err := runWindow(app, opts.Minimised, log); err != nil && ctx.Err() == nil {
		// No window (Windows without WebView2): the overlay keeps serving.
		if !hasTray {
			log.Error("the window failed", "err", err)
			return 1
		}
		log.Warn("Beatcast runs without its window: the overlay keeps serving; quit from its tray icon", "why", err,
			"overlay", svc.OverlayURL())
		<-ctx.Done()
	}
	stop()
	return stopped(served, log)
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

func runWindow(app *App, minimised bool, log *slog.Logger) error {
	startState := options.Normal
	if minimised && !app.hasTray {
		startState = options.Minimised // no tray to hide into: stay in the taskbar
	}
	return wails.Run(&options.App{
		Title:            "Beatcast",
		Width:            960,
		Height:           680,
		MinWidth:         720,
		MinHeight:        560,
		StartHidden:      app.startHidden,
		WindowStartState: startState,
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
		EnumBind: []any{service.AllEvents, heartrate.AllStates, session.AllPhases},
		// A failed call reaches the window as {code, message, problems}: the
		// code places it next to its field, the sentence says what to do.
		ErrorFormatter: func(err error) any {
			log.Warn("a window action failed", "err", err)
			return problem.ForWindow(err)
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
