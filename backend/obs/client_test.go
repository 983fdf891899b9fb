package obs

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// The example of "Creating an authentication string" (protocol.md): the
// document gives the password, salt and challenge but not the answer;
// this one was computed from its four steps with Python's hashlib, and
// obs-websocket-js and simpleobsws give the same.
func TestTheAuthenticationStringFollowsTheProtocolsFourSteps(t *testing.T) {
	got := authentication("supersecretpassword", "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI=",
		"+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY=")
	if want := "1Ct943GAT+6YQUUX47Ia/ncufilbe6+oD6lY+5kaCu4="; got != want {
		t.Errorf("authentication = %q, want %q", got, want)
	}
}

// scripted plays obs-websocket with the example messages of protocol.md.
type scripted struct {
	hello    string              // the Hello it sends first
	identify chan map[string]any // the Identify it got
	closeAs  websocket.StatusCode
	answers  map[string]string // requestType → the d of its RequestResponse (requestId filled in)
}

func (s *scripted) serve(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"obswebsocket.json"}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		c.Write(ctx, websocket.MessageText, []byte(s.hello))
		_, data, err := c.Read(ctx)
		if err != nil {
			return
		}
		var id struct {
			Op int            `json:"op"`
			D  map[string]any `json:"d"`
		}
		json.Unmarshal(data, &id)
		s.identify <- id.D
		if s.closeAs != 0 {
			c.Close(s.closeAs, "")
			return
		}
		// protocol.md, "Identified (OpCode 2)", example message.
		c.Write(ctx, websocket.MessageText, []byte(`{"op": 2, "d": {"negotiatedRpcVersion": 1}}`))
		for {
			_, data, err := c.Read(ctx)
			if err != nil {
				return
			}
			var req struct {
				D request `json:"d"`
			}
			json.Unmarshal(data, &req)
			answer, ok := s.answers[req.D.RequestType]
			if !ok {
				// protocol.md, RequestStatus::UnknownRequestType (204).
				answer = `{"requestType": "` + req.D.RequestType + `", "requestStatus": {"result": false, "code": 204}}`
			}
			var d map[string]any
			json.Unmarshal([]byte(answer), &d)
			d["requestId"] = req.D.RequestID
			body, _ := json.Marshal(map[string]any{"op": 7, "d": d})
			c.Write(ctx, websocket.MessageText, body)
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// protocol.md, "Hello (OpCode 0)", the two example messages.
const (
	helloWithAuth = `{"op": 0, "d": {"obsStudioVersion": "30.2.2", "obsWebSocketVersion": "5.5.2", "rpcVersion": 1,
		"authentication": {"challenge": "+IxH4CnCiqpX1rM9scsNynZzbOe4KhDeYcTNS3PDaeY=",
		"salt": "lM1GncleQOaCu9lT1yeUZhFYnqhsLLP1G5lAGo3ixaI="}}}`
	helloWithoutAuth = `{"op": 0, "d": {"obsStudioVersion": "30.2.2", "obsWebSocketVersion": "5.5.2", "rpcVersion": 1}}`
	// GetVersion's response fields (protocol.md, "GetVersion").
	getVersion = `{"requestType": "GetVersion", "requestStatus": {"result": true, "code": 100},
		"responseData": {"obsVersion": "30.2.2", "obsWebSocketVersion": "5.5.2", "rpcVersion": 1,
		"availableRequests": ["GetVersion", "SetCurrentProgramScene"], "supportedImageFormats": ["png"],
		"platform": "windows", "platformDescription": "Windows 10 (10.0)"}}`
)

func dial(t *testing.T, url, password string) (*Conn, error) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	c, err := Dial(ctx, url, password)
	if err == nil {
		t.Cleanup(c.Close)
	}
	return c, err
}

func TestAPasswordIsAnsweredWithTheChallengeAndTheVersionIsLearned(t *testing.T) {
	s := &scripted{hello: helloWithAuth, identify: make(chan map[string]any, 1), answers: map[string]string{"GetVersion": getVersion}}
	c, err := dial(t, s.serve(t), "supersecretpassword")
	if err != nil {
		t.Fatal(err)
	}
	id := <-s.identify
	if id["authentication"] != "1Ct943GAT+6YQUUX47Ia/ncufilbe6+oD6lY+5kaCu4=" || id["rpcVersion"] != 1.0 {
		t.Errorf("Identify = %v", id)
	}
	if v := c.Version(); v.OBS != "30.2.2" || v.WebSocket != "5.5.2" || !v.Has("SetCurrentProgramScene") || v.Has("CreateRecordChapter") {
		t.Errorf("version = %+v", v)
	}
}

func TestWithoutAChallengeNoAuthenticationIsSent(t *testing.T) {
	s := &scripted{hello: helloWithoutAuth, identify: make(chan map[string]any, 1), answers: map[string]string{"GetVersion": getVersion}}
	if _, err := dial(t, s.serve(t), "ignored"); err != nil {
		t.Fatal(err)
	}
	if id := <-s.identify; id["authentication"] != nil {
		t.Errorf("Identify = %v, want no authentication", id)
	}
}

func TestAWrongPasswordIsToldApartFromAnUnreachableOBS(t *testing.T) {
	// protocol.md: a wrong authentication string closes with
	// WebSocketCloseCode::AuthenticationFailed (4009).
	s := &scripted{hello: helloWithAuth, identify: make(chan map[string]any, 1), closeAs: closeAuthenticationFailed}
	if _, err := dial(t, s.serve(t), "wrong"); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: %v, want ErrWrongPassword", err)
	}
	s = &scripted{hello: helloWithAuth, identify: make(chan map[string]any, 1)}
	if _, err := dial(t, s.serve(t), ""); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("no password where OBS asks for one: %v, want ErrWrongPassword", err)
	}
	if _, err := dial(t, "ws://127.0.0.1:1", ""); !errors.Is(err, ErrUnreachable) {
		t.Errorf("nothing listening: %v, want ErrUnreachable", err)
	}
}

func TestSomethingThatIsNotOBSIsSaidSo(t *testing.T) {
	// obs-websocket 4 (OBS 27 and older) sends nothing first and speaks
	// another protocol; a web server is not a websocket at all.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.Write(r.Context(), websocket.MessageText, []byte(`{"message-id": "1", "status": "ok"}`))
		c.Read(r.Context())
	}))
	defer srv.Close()
	if _, err := dial(t, "ws"+strings.TrimPrefix(srv.URL, "http"), ""); !errors.Is(err, ErrNotOBS) {
		t.Errorf("%v, want ErrNotOBS", err)
	}
}

func TestARefusedRequestCarriesOBSsCodeAndComment(t *testing.T) {
	s := &scripted{hello: helloWithoutAuth, identify: make(chan map[string]any, 1), answers: map[string]string{
		"GetVersion": getVersion,
		// protocol.md, "RequestResponse (OpCode 7)", the failure example.
		"SetCurrentProgramScene": `{"requestType": "SetCurrentProgramScene", "requestStatus": {"result": false, "code": 608, "comment": "Parameter: sceneName"}}`,
	}}
	c, err := dial(t, s.serve(t), "")
	if err != nil {
		t.Fatal(err)
	}
	err = c.Request(t.Context(), "SetCurrentProgramScene", map[string]string{"sceneName": "Scene 12"}, nil)
	var refused *RequestError
	if !errors.As(err, &refused) || refused.Code != 608 || refused.Comment != "Parameter: sceneName" {
		t.Errorf("%v, want OBS's code 608 and its comment", err)
	}
	if err := c.Request(t.Context(), "CreateRecordChapter", nil, nil); !errors.As(err, &refused) || refused.Code != statusUnknownRequestType {
		t.Errorf("an unknown request: %v", err)
	}
}

// protocol.md, WebSocketCloseCode::SessionInvalidated (4011): "If you
// receive this code, you must not automatically reconnect." Beatcast says
// so and waits for Reconnect.
func TestAKickFromOBSIsObeyedUntilReconnect(t *testing.T) {
	var connections atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"obswebsocket.json"}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		n := connections.Add(1)
		ctx := r.Context()
		c.Write(ctx, websocket.MessageText, []byte(helloWithoutAuth))
		c.Read(ctx)
		c.Write(ctx, websocket.MessageText, []byte(`{"op": 2, "d": {"negotiatedRpcVersion": 1}}`))
		_, data, _ := c.Read(ctx) // GetVersion
		var req struct {
			D request `json:"d"`
		}
		json.Unmarshal(data, &req)
		var d map[string]any
		json.Unmarshal([]byte(getVersion), &d)
		d["requestId"] = req.D.RequestID
		body, _ := json.Marshal(map[string]any{"op": 7, "d": d})
		c.Write(ctx, websocket.MessageText, body)
		if n == 1 {
			c.Close(closeSessionInvalidated, "kicked")
			return
		}
		c.Read(ctx)
	}))
	defer srv.Close()
	c := New(quiet)
	c.SetTarget(Target{URL: "ws" + strings.TrimPrefix(srv.URL, "http")})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { c.link(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(c.Status().Message, "Press Reconnect"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("status %+v, want the kick said", c.Status())
		}
	}
	if st := c.Status(); st.State != Refused {
		t.Errorf("state %s, want refused", st.State)
	}
	time.Sleep(2 * time.Second) // longer than the first waits of the backoff
	if n := connections.Load(); n != 1 {
		t.Fatalf("%d connections after a kick, want 1", n)
	}
	c.Reconnect()
	for deadline := time.Now().Add(5 * time.Second); c.Status().State != Connected; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("Reconnect: %+v", c.Status())
		}
	}
}
