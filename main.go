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

	"github.com/beatcast/beatcast/backend/cli"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/service"
	"github.com/beatcast/beatcast/backend/session"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time: -ldflags "-X main.version=$(git describe)".
var version = "dev"

// clientID is a Pulsoid OAuth client id baked in at build time:
// -ldflags "-X main.clientID=…". BEATCAST_CLIENT_ID and the settings win.
var clientID = ""

func main() { os.Exit(run()) }

func run() int {
	opts, err := cli.Parse(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "beatcast:", err)
		return 2
	}
	if opts.Help {
		fmt.Print(cli.Usage)
		return 0
	}
	if opts.Version {
		fmt.Println("beatcast", version)
		return 0
	}
	if !opts.Headless && !cli.CanOpenWindow {
		fmt.Fprintln(os.Stderr, "beatcast: this is the headless build, which has no window; run it with --headless "+
			"(add --demo to try it), or use the desktop build (make build)")
		return 2
	}

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
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
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "beatcast:", err)
		return 1
	}

	clientIDs := config.NewClientID(opts.ClientID, clientID, store)
	cfg := session.Config{
		Paths:    paths,
		APIURL:   opts.APIURL,
		AuthURL:  opts.AuthURL,
		ClientID: clientIDs.Get,
		Stream:   svc,
		Log:      log,
	}
	start := func(sess *session.Session) func(context.Context) string {
		return func(ctx context.Context) string { return sess.Start(ctx, opts.Demo, opts.Token) }
	}

	if opts.Headless {
		// Nobody can press a button: sign in by itself and say how on stderr.
		cfg.AutoSignIn = true
		cfg.OnSignIn = session.PrintToTerminal(os.Stderr, log)
		return runHeadless(svc, start(session.New(cfg)), log)
	}
	cfg.OpenBrowser = browser.OpenURL
	sess := session.New(cfg)
	served := addr
	if err := svc.OverlayError(); err != nil {
		served = ""
		notice = strings.TrimSpace(notice + " " + capitalise(err.Error()) + ". You can change the port in Settings.")
	}
	return runWindow(NewApp(AppConfig{
		Service: svc, Session: sess, Store: store, ClientID: clientIDs, Start: start(sess),
		Notice: notice, Version: version, Log: log,
		OverlayAddrFlag: opts.OverlayAddr, OverlayLANFlag: opts.LAN, ServedAddr: served, Probe: probeFromEnv(),
	}), log)
}

func runHeadless(svc *service.Service, start func(context.Context) string, log *slog.Logger) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx, nil) }()
	start(ctx)
	if err := <-ran; err != nil {
		log.Error("stopped", "err", err)
		return 1
	}
	log.Info("stopped cleanly")
	return 0
}

func runWindow(app *App, log *slog.Logger) int {
	err := wails.Run(&options.App{
		Title:            "Beatcast",
		Width:            960,
		Height:           680,
		MinWidth:         640,
		MinHeight:        480,
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
		Linux: &linux.Options{WebviewGpuPolicy: linux.WebviewGpuPolicyNever, ProgramName: "beatcast"},
	})
	if err != nil {
		log.Error("the window failed", "err", err)
		return 1
	}
	return 0
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
