package config

// ClientID decides the Pulsoid OAuth client id Beatcast signs in with:
// BEATCAST_CLIENT_ID, else the one entered in the settings, else the one
// built into the release.
type ClientID struct {
	env, builtIn string
	store        *Store
}

// NewClientID returns the decider; env and builtIn may be "".
func NewClientID(env, builtIn string, store *Store) ClientID {
	return ClientID{env: env, builtIn: builtIn, store: store}
}

// Get returns the client id to sign in with, or "".
func (c ClientID) Get() string {
	if c.env != "" {
		return c.env
	}
	if id := c.store.Get().ClientID; id != "" {
		return id
	}
	return c.builtIn
}

// FromEnvironment reports whether BEATCAST_CLIENT_ID decides it.
func (c ClientID) FromEnvironment() bool { return c.env != "" }
