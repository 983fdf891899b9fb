package heartrate

// Reason names why the status is what it is, for programs: the `reason`
// field of /ws and /api/state, and the window's logic. The values are a
// contract with overlay clients and bots (README, Troubleshooting): keep
// them exactly. What a person reads is Status.Message.
type Reason string

const (
	ReasonNotSignedIn     Reason = "not_signed_in"      // first run: no token kept
	ReasonSignedOutByUser Reason = "signed_out_by_user" // the streamer pressed Sign out
	ReasonTokenExpired    Reason = "token_expired"      // Pulsoid: the token ran out
	ReasonTokenRevoked    Reason = "token_revoked"      // Pulsoid no longer knows the token
	ReasonTokenRejected   Reason = "token_rejected"     // Pulsoid refused the token, no detail
	ReasonPremiumRequired Reason = "premium_required"   // the account lacks the paid plan
	ReasonMissingScope    Reason = "missing_scope"      // the token cannot read heart rate

	// A sign-in by browser that ended without a token (pulsoid.SignInFailure).
	ReasonSignInDenied        Reason = "sign_in_denied"
	ReasonSignInExpired       Reason = "sign_in_expired"
	ReasonSignInAlreadyIssued Reason = "sign_in_already_issued"
	ReasonSignInInvalidClient Reason = "sign_in_invalid_client"
	ReasonSignInRefused       Reason = "sign_in_refused"

	ReasonRESTFallback Reason = "rest_fallback" // live, polling REST: the socket needs the paid plan
	ReasonNetwork      Reason = "network"       // Pulsoid cannot be reached
	ReasonPulsoidError Reason = "pulsoid_error" // Pulsoid answered with trouble
	ReasonRefused      Reason = "refused"       // Pulsoid refused the live connection
	ReasonNoSignal     Reason = "no_signal"     // connected, but no valid beat for the timeout

	// A Bluetooth strap (never signed_out: there is nothing to sign in to).
	ReasonNoContact        Reason = "no_contact"            // the strap says it does not touch the skin
	ReasonStrapLost        Reason = "strap_lost"            // the strap went out of range or off: looking again
	ReasonNoAdapter        Reason = "no_adapter"            // this computer has no Bluetooth adapter (or no BlueZ)
	ReasonBluetoothOff     Reason = "bluetooth_off"         // Bluetooth is turned off
	ReasonBluetoothDenied  Reason = "bluetooth_denied"      // the system refuses Beatcast Bluetooth
	ReasonBluetoothStopped Reason = "bluetooth_restarted"   // the Bluetooth stack stopped answering; started again
	ReasonNoBluetooth      Reason = "bluetooth_unsupported" // this build cannot use Bluetooth
)

// AllReasons lists the reasons for Wails' EnumBind: the window reads them
// as the TypeScript enum heartrate.Reason.
var AllReasons = []struct {
	Value  Reason
	TSName string
}{
	{ReasonNotSignedIn, "NotSignedIn"}, {ReasonSignedOutByUser, "SignedOutByUser"},
	{ReasonTokenExpired, "TokenExpired"}, {ReasonTokenRevoked, "TokenRevoked"}, {ReasonTokenRejected, "TokenRejected"},
	{ReasonPremiumRequired, "PremiumRequired"}, {ReasonMissingScope, "MissingScope"},
	{ReasonSignInDenied, "SignInDenied"}, {ReasonSignInExpired, "SignInExpired"},
	{ReasonSignInAlreadyIssued, "SignInAlreadyIssued"}, {ReasonSignInInvalidClient, "SignInInvalidClient"},
	{ReasonSignInRefused, "SignInRefused"},
	{ReasonRESTFallback, "RESTFallback"}, {ReasonNetwork, "Network"}, {ReasonPulsoidError, "PulsoidError"},
	{ReasonRefused, "Refused"}, {ReasonNoSignal, "NoSignal"},
	{ReasonNoContact, "NoContact"}, {ReasonStrapLost, "StrapLost"}, {ReasonNoAdapter, "NoAdapter"},
	{ReasonBluetoothOff, "BluetoothOff"}, {ReasonBluetoothDenied, "BluetoothDenied"},
	{ReasonBluetoothStopped, "BluetoothRestarted"}, {ReasonNoBluetooth, "BluetoothUnsupported"},
}

// SignInEnded reports whether r says a sign-in by browser ended without a
// token: the sign-in screen shows that failure itself.
func (r Reason) SignInEnded() bool {
	switch r {
	case ReasonSignInDenied, ReasonSignInExpired, ReasonSignInAlreadyIssued, ReasonSignInInvalidClient, ReasonSignInRefused:
		return true
	}
	return false
}

// TokenEnded reports whether r says Pulsoid stopped accepting the token
// Beatcast streamed with: streaming stops until the streamer acts.
func (r Reason) TokenEnded() bool {
	switch r {
	case ReasonTokenExpired, ReasonTokenRevoked, ReasonTokenRejected, ReasonMissingScope:
		return true
	}
	return false
}
