package obs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Why a connection could not be made or ended. Link turns them into the
// states and sentences the streamer reads.
var (
	// ErrUnreachable: nothing answers at the address (OBS is not running,
	// or its websocket server is off).
	ErrUnreachable = errors.New("obs: nothing answers at that address")
	// ErrWrongPassword: OBS refused the password (close code 4009), or
	// asked for one and none is set.
	ErrWrongPassword = errors.New("obs: wrong password")
	// ErrNotOBS: something answered that is not obs-websocket 5.
	ErrNotOBS = errors.New("obs: not an obs-websocket 5 server")
	// ErrKicked: the streamer removed Beatcast in OBS's session list
	// (close code 4011), which asks clients not to come back by themselves.
	ErrKicked = errors.New("obs: the session was ended in OBS")
	// ErrNoAnswer: OBS took the connection but said nothing in time (a
	// hung OBS).
	ErrNoAnswer = errors.New("obs: no answer")
)

// errSessionEnded: a request met the end of its session.
var errSessionEnded = errors.New("the session ended")

// Version is what OBS says of itself (GetVersion).
type Version struct {
	OBS       string   `json:"obs"`        // OBS Studio, e.g. "29.0.2"
	WebSocket string   `json:"web_socket"` // obs-websocket, e.g. "5.1.0"
	Requests  []string `json:"-"`          // the requests this OBS knows
}

// Has reports whether OBS knows the request type.
func (v Version) Has(requestType string) bool {
	for _, r := range v.Requests {
		if r == requestType {
			return true
		}
	}
	return false
}

// RequestError is OBS's refusal of one request.
type RequestError struct {
	Type    string
	Code    int
	Comment string
}

func (e *RequestError) Error() string {
	if e.Comment != "" {
		return fmt.Sprintf("OBS refused %s (%d): %s", e.Type, e.Code, e.Comment)
	}
	return fmt.Sprintf("OBS refused %s (%d)", e.Type, e.Code)
}

// NotFound reports whether OBS has no such scene, source or filter.
func (e *RequestError) NotFound() bool { return e.Code == statusResourceNotFound }

// Conn is one identified session with OBS. It is safe for concurrent use.
type Conn struct {
	ws      *websocket.Conn
	version Version
	events  chan Event
	nextID  atomic.Uint64
	done    chan struct{} // closed when the session has ended
	endErr  error         // why, once done is closed
	cause   error         // why Beatcast gave up on the session (Abandon), if it did

	mu      sync.Mutex
	pending map[string]chan requestResponse
}

// readLimit bounds one message from OBS: a scene list or a screenshot of a
// large canvas is far more than the websocket library's 32 KiB default.
const readLimit = 32 << 20

// Dial connects to obs-websocket at url ("ws://127.0.0.1:4455"), answers
// its challenge with password ("" when OBS asks for none) and learns its
// version. ctx bounds the whole handshake.
func Dial(ctx context.Context, url, password string) (*Conn, error) {
	ws, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"obswebsocket.json"}})
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("%w (%s): %v", ErrNoAnswer, url, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (%s): %v", ErrUnreachable, url, err)
	}
	ws.SetReadLimit(readLimit)
	c := &Conn{ws: ws, events: make(chan Event, 64), done: make(chan struct{}), pending: map[string]chan requestResponse{}}
	if err := c.identify(ctx, password); err != nil {
		ws.CloseNow()
		return nil, err
	}
	go c.read()
	var v struct {
		OBSVersion          string   `json:"obsVersion"`
		OBSWebSocketVersion string   `json:"obsWebSocketVersion"`
		AvailableRequests   []string `json:"availableRequests"`
	}
	if err := c.Request(ctx, "GetVersion", nil, &v); err != nil {
		c.Close()
		return nil, err
	}
	c.version = Version{OBS: v.OBSVersion, WebSocket: v.OBSWebSocketVersion, Requests: v.AvailableRequests}
	return c, nil
}

// identify runs Hello → Identify → Identified (protocol.md, "Connection
// steps").
func (c *Conn) identify(ctx context.Context, password string) error {
	var h hello
	if err := c.readOp(ctx, opHello, &h); err != nil {
		return err
	}
	id := identify{RPCVersion: rpcVersion, EventSubscriptions: eventSubscriptions}
	if h.Authentication != nil {
		if password == "" {
			return fmt.Errorf("%w: OBS asks for a password and none is set", ErrWrongPassword)
		}
		id.Authentication = authentication(password, h.Authentication.Salt, h.Authentication.Challenge)
	}
	if err := c.write(ctx, opIdentify, id); err != nil {
		return err
	}
	var ok struct {
		NegotiatedRPCVersion int `json:"negotiatedRpcVersion"`
	}
	return c.readOp(ctx, opIdentified, &ok)
}

// readOp reads one message during the handshake, which must be op.
func (c *Conn) readOp(ctx context.Context, op int, into any) error {
	_, data, err := c.ws.Read(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %v", ErrNoAnswer, err)
	}
	if err != nil {
		return closeError(err)
	}
	var env envelope
	if json.Unmarshal(data, &env) != nil || env.Op != op || json.Unmarshal(env.D, into) != nil {
		return fmt.Errorf("%w: expected op %d, got %.80q", ErrNotOBS, op, data)
	}
	return nil
}

// closeError names why the server ended the session.
func closeError(err error) error {
	switch websocket.CloseStatus(err) {
	case closeAuthenticationFailed:
		return ErrWrongPassword
	case closeUnsupportedRPCVersion:
		return fmt.Errorf("%w: it refused RPC version %d", ErrNotOBS, rpcVersion)
	case closeSessionInvalidated:
		return ErrKicked
	}
	return err
}

// writeTimeout bounds one write: a hung OBS never holds a caller longer.
const writeTimeout = 2 * time.Second

func (c *Conn) write(ctx context.Context, op int, d any) error {
	body, err := json.Marshal(struct {
		Op int `json:"op"`
		D  any `json:"d"`
	}{op, d})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	return c.ws.Write(ctx, websocket.MessageText, body)
}

// read delivers responses and events until the session ends.
func (c *Conn) read() {
	var err error
	defer func() {
		c.mu.Lock()
		c.endErr = closeError(err)
		if c.cause != nil {
			c.endErr = c.cause
		}
		c.pending = nil
		c.mu.Unlock()
		close(c.done)
	}()
	for {
		var data []byte
		if _, data, err = c.ws.Read(context.Background()); err != nil {
			return
		}
		var env envelope
		if json.Unmarshal(data, &env) != nil {
			continue
		}
		switch env.Op {
		case opRequestResponse:
			var r requestResponse
			if json.Unmarshal(env.D, &r) != nil {
				continue
			}
			c.mu.Lock()
			if wait, ok := c.pending[r.RequestID]; ok {
				delete(c.pending, r.RequestID)
				wait <- r
			}
			c.mu.Unlock()
		case opEvent:
			var e Event
			if json.Unmarshal(env.D, &e) != nil {
				continue
			}
			select {
			case c.events <- e:
			default: // nobody is keeping up: events only prompt a fresh look
			}
		}
	}
}

// Version is what OBS said of itself on connecting.
func (c *Conn) Version() Version { return c.version }

// Events receives what happens in OBS while the session lasts; events
// that nobody takes in time are dropped.
func (c *Conn) Events() <-chan Event { return c.events }

// Done is closed when the session has ended; Err then says why.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err is why the session ended (nil while it lasts).
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.endErr
}

// Request calls requestType with data (nil: none) and decodes the answer
// into out (nil: ignore it). ctx bounds the wait.
func (c *Conn) Request(ctx context.Context, requestType string, data, out any) error {
	id := strconv.FormatUint(c.nextID.Add(1), 10)
	answer := make(chan requestResponse, 1)
	c.mu.Lock()
	if c.pending == nil {
		c.mu.Unlock()
		return fmt.Errorf("obs: %s: %w", requestType, errSessionEnded)
	}
	c.pending[id] = answer
	c.mu.Unlock()
	forget := func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}
	if err := c.write(ctx, opRequest, request{RequestType: requestType, RequestID: id, RequestData: data}); err != nil {
		forget()
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("obs: %s: %w", requestType, err)
		}
		return fmt.Errorf("obs: %s: %w: %v", requestType, errSessionEnded, err)
	}
	select {
	case r := <-answer:
		if !r.RequestStatus.Result {
			return &RequestError{Type: requestType, Code: r.RequestStatus.Code, Comment: r.RequestStatus.Comment}
		}
		if out == nil || len(r.ResponseData) == 0 {
			return nil
		}
		return json.Unmarshal(r.ResponseData, out)
	case <-c.done:
		return fmt.Errorf("obs: %s: %w", requestType, errSessionEnded)
	case <-ctx.Done():
		forget()
		return fmt.Errorf("obs: %s: no answer: %w", requestType, ctx.Err())
	}
}

// Abandon ends a session that stopped answering; Err then says why.
func (c *Conn) Abandon(why error) {
	c.mu.Lock()
	c.cause = why
	c.mu.Unlock()
	go c.Close()
}

// Ping checks that OBS still answers (a websocket ping).
func (c *Conn) Ping(ctx context.Context) error { return c.ws.Ping(ctx) }

// closeGrace bounds the goodbye: a hung OBS never answers it.
const closeGrace = time.Second

// Close ends the session, within closeGrace whatever OBS does.
func (c *Conn) Close() {
	cut := time.AfterFunc(closeGrace, func() { c.ws.CloseNow() })
	defer cut.Stop()
	c.ws.Close(websocket.StatusNormalClosure, "")
	<-c.done
}
