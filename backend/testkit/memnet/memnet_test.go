package memnet

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"
)

func TestAnHTTPServerOnThePipeAnswersInsideABubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := Listen("service.test:80")
		srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(time.Hour) // a slow answer costs no real time in a bubble
			_, _ = io.WriteString(w, "hello from "+r.Host)
		})}}
		srv.Start()
		defer srv.Close()
		if srv.URL != "http://service.test:80" {
			t.Errorf("URL %q, want it named after the listener", srv.URL)
		}
		began := time.Now()
		resp, err := l.Client().Get("http://anything.test/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "hello from anything.test" || time.Since(began) != time.Hour {
			t.Errorf("got %q after %v", body, time.Since(began))
		}
	})
}

func TestAClosedListenerRefusesDials(t *testing.T) {
	l := Listen("gone.test:80")
	_ = l.Close()
	_ = l.Close() // idempotent
	if _, err := l.Dial(t.Context()); !errors.Is(err, ErrClosed) {
		t.Errorf("Dial = %v, want ErrClosed", err)
	}
	if _, err := l.Accept(); !errors.Is(err, ErrClosed) {
		t.Errorf("Accept = %v, want ErrClosed", err)
	}
	if _, err := l.Client().Get("http://gone.test/"); !errors.Is(err, ErrClosed) {
		t.Errorf("GET = %v, want a refused connection", err)
	}
}
