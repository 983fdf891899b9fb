// Command fakepulsoid runs the in-project fake Pulsoid (the same one the Go
// tests use) as a process, for browser tests, benchmarks and trying
// Beatcast by hand without the internet. It prints one JSON line,
// {"url": …, "control": …}, then serves until interrupted.
//
// Control (POST unless noted), on the control address:
//
//	/token?value=T        register token T (premium, can read heart rate)
//	/send?bpm=N[&at=MS]   send a beat to every open socket
//	/drop                 cut every socket, as a network drop does
//	/approve              approve the latest device sign-in
//	/outage?status=503&ms=10000   answer every request with an edge's
//	                      HTML error page for a while (status 0: hang up)
//	GET /connections      how many sockets are open
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

type noCleanup struct{}

func (noCleanup) Cleanup(func()) {}

func main() {
	control := flag.String("control", "127.0.0.1:0", "address of the control API")
	token := flag.String("token", "", "register this token at start")
	flag.Parse()

	fake := pulsoidtest.New(noCleanup{})
	defer fake.Close()
	if *token != "" {
		fake.AddToken(*token)
	}
	ln, err := net.Listen("tcp", *control)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) { fake.AddToken(r.FormValue("value")) })
	mux.HandleFunc("POST /send", func(w http.ResponseWriter, r *http.Request) {
		bpm, err := strconv.Atoi(r.FormValue("bpm"))
		if err != nil {
			http.Error(w, "bpm must be a number", http.StatusBadRequest)
			return
		}
		at, err := strconv.ParseInt(r.FormValue("at"), 10, 64)
		if err != nil {
			at = time.Now().UnixMilli()
		}
		fake.Send(bpm, at)
	})
	mux.HandleFunc("POST /drop", func(w http.ResponseWriter, r *http.Request) { fake.DropAll() })
	mux.HandleFunc("POST /approve", func(w http.ResponseWriter, r *http.Request) { fake.Approve() })
	mux.HandleFunc("POST /outage", func(w http.ResponseWriter, r *http.Request) {
		status, _ := strconv.Atoi(r.FormValue("status"))
		ms, _ := strconv.Atoi(r.FormValue("ms"))
		fault := pulsoidtest.HangUp
		if status != 0 {
			fault = pulsoidtest.EdgePage(status)
		}
		fake.FailFor(pulsoidtest.AnyRoute, time.Duration(ms)*time.Millisecond, fault)
	})
	mux.HandleFunc("GET /connections", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, fake.Connections()) })
	go func() { log.Fatal(http.Serve(ln, mux)) }()

	_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"url": fake.URL, "control": "http://" + ln.Addr().String()})
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
