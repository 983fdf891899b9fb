package obs

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
)

// The message types of obs-websocket 5 (protocol.md, "Message Types
// (OpCodes)"). Every message is {"op": number, "d": object}.
const (
	opHello           = 0
	opIdentify        = 1
	opIdentified      = 2
	opEvent           = 5
	opRequest         = 6
	opRequestResponse = 7
)

// rpcVersion is the one RPC version obs-websocket 5 speaks (protocol.md,
// Hello: "rpcVersion"); a server that cannot use it closes with 4010.
const rpcVersion = 1

// Close codes the server ends a session with (protocol.md,
// "WebSocketCloseCode").
const (
	closeAuthenticationFailed  = 4009
	closeUnsupportedRPCVersion = 4010
	closeSessionInvalidated    = 4011 // the Kick button: "you must not automatically reconnect"
)

// eventSubscriptions are the event categories Beatcast listens to
// (protocol.md, "EventSubscription"): General (ExitStarted), Scenes
// (CurrentProgramSceneChanged, scenes added or removed), Inputs, Filters
// and SceneItems, so the lists the window offers follow OBS.
const eventSubscriptions = 1<<0 | 1<<2 | 1<<3 | 1<<5 | 1<<7

// envelope is the base object of every message.
type envelope struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
}

// hello is the server's first message (protocol.md, "Hello (OpCode 0)").
type hello struct {
	OBSStudioVersion    string `json:"obsStudioVersion"`
	OBSWebSocketVersion string `json:"obsWebSocketVersion"`
	RPCVersion          int    `json:"rpcVersion"`
	Authentication      *struct {
		Challenge string `json:"challenge"`
		Salt      string `json:"salt"`
	} `json:"authentication,omitempty"`
}

// identify answers hello (protocol.md, "Identify (OpCode 1)").
type identify struct {
	RPCVersion         int    `json:"rpcVersion"`
	Authentication     string `json:"authentication,omitempty"`
	EventSubscriptions int    `json:"eventSubscriptions"`
}

// request is one call (protocol.md, "Request (OpCode 6)").
type request struct {
	RequestType string `json:"requestType"`
	RequestID   string `json:"requestId"`
	RequestData any    `json:"requestData,omitempty"`
}

// requestResponse answers a request (protocol.md, "RequestResponse
// (OpCode 7)").
type requestResponse struct {
	RequestType   string `json:"requestType"`
	RequestID     string `json:"requestId"`
	RequestStatus struct {
		Result  bool   `json:"result"`
		Code    int    `json:"code"`
		Comment string `json:"comment,omitempty"`
	} `json:"requestStatus"`
	ResponseData json.RawMessage `json:"responseData,omitempty"`
}

// Event is something that happened in OBS (protocol.md, "Event (OpCode 5)").
type Event struct {
	Type string          `json:"eventType"`
	Data json.RawMessage `json:"eventData,omitempty"`
}

// Request statuses Beatcast tells apart (protocol.md, "RequestStatus").
const (
	statusUnknownRequestType = 204
	statusResourceNotFound   = 600
)

// authentication is the answer to the server's challenge (protocol.md,
// "Creating an authentication string"):
// base64(sha256(base64(sha256(password + salt)) + challenge)).
func authentication(password, salt, challenge string) string {
	secret := sha256.Sum256([]byte(password + salt))
	answer := sha256.Sum256([]byte(base64.StdEncoding.EncodeToString(secret[:]) + challenge))
	return base64.StdEncoding.EncodeToString(answer[:])
}
