package config

// ClientID decides the Pulsoid OAuth client id Beatcast signs in with:
// BEATCAST_CLIENT_ID (Flags.ClientID), else the one entered in the
// settings, else the one built into the release.
type ClientID struct {
	flags   Flags
	builtIn string
	store   *Store
}

// NewClientID returns the decider; builtIn may be "".
func NewClientID(flags Flags, builtIn string, store *Store) ClientID {
	return ClientID{flags: flags, builtIn: builtIn, store: store}
}

// Get returns the client id to sign in with, or "".
func (c ClientID) Get() string {
	if id := c.flags.InUse(c.store.Get()).ClientID; id != "" {
		return id
	}
	return c.builtIn
}

// FromEnvironment reports whether BEATCAST_CLIENT_ID decides it.
func (c ClientID) FromEnvironment() bool { return c.flags.ClientID != "" }
