package heartrate

// State is the one-word status that the desktop UI and every overlay show.
// The values are a contract with overlay clients: keep them exactly.
type State string

const (
	StateSignedOut    State = "signed_out"   // no usable Pulsoid token
	StateSigningIn    State = "signing_in"   // the device authorization flow is running
	StateConnecting   State = "connecting"   // connecting, or connected and waiting for the first beat
	StateLive         State = "live"         // beats are arriving
	StateNoSignal     State = "no_signal"    // connected, but no valid beat for the timeout
	StateReconnecting State = "reconnecting" // the link failed; waiting to try again
)

// AllStates lists the states for Wails' EnumBind: the window reads them as
// the TypeScript enum heartrate.State.
var AllStates = []struct {
	Value  State
	TSName string
}{
	{StateSignedOut, "SignedOut"}, {StateSigningIn, "SigningIn"}, {StateConnecting, "Connecting"},
	{StateLive, "Live"}, {StateNoSignal, "NoSignal"}, {StateReconnecting, "Reconnecting"},
}

// Status is the stream's state with the details a person needs to
// understand it. Everything but State is optional.
type Status struct {
	State State `json:"state"`
	// Source names where beats come from.
	Source SourceName `json:"source,omitempty"`
	// Reason names the cause for programs (reason.go).
	Reason Reason `json:"reason,omitempty"`
	// Message says in plain words what happened and what to do.
	Message string `json:"message,omitempty"`
	// Attempt and RetryAt (Unix ms) describe the next reconnect.
	Attempt int   `json:"attempt,omitempty"`
	RetryAt int64 `json:"retry_at,omitempty"`
	// Since is when this state began (Unix ms, local clock).
	Since int64 `json:"since,omitempty"`
	// LastBeatAt is when the last valid beat arrived (Unix ms, local clock).
	LastBeatAt int64 `json:"last_beat_at,omitempty"`
	// Device is the strap in use, for a Bluetooth source.
	Device *Device `json:"device,omitempty"`
}

// LinkState is the connection half of the status, as a source sees it.
// The monitor combines it with the signal (are beats arriving?) to decide
// the State shown to people.
type LinkState int

const (
	LinkConnecting LinkState = iota
	LinkUp
	LinkRetrying
	LinkSignedOut
	LinkSigningIn
	// LinkNoContact: connected, and the strap says it does not touch the
	// skin, so what it would send is not a heart rate.
	LinkNoContact
)

// Link is a source's report about its connection.
type Link struct {
	State   LinkState
	Reason  Reason
	Message string
	Attempt int
	RetryAt int64 // Unix ms
	// Device is the strap, for a Bluetooth source.
	Device *Device
}
