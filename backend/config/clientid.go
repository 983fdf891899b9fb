package config

import "sync"

// ClientIDs holds the Pulsoid OAuth client id: from BEATCAST_CLIENT_ID,
// else the one entered in the settings, else the one baked in at build time.
type ClientIDs struct {
	env, baked string
	paths      Paths

	mu       sync.Mutex
	settings string
}

// NewClientIDs returns the holder; any of the three may be "".
func NewClientIDs(env, settings, baked string, paths Paths) *ClientIDs {
	return &ClientIDs{env: env, settings: settings, baked: baked, paths: paths}
}

// Get returns the client id to sign in with, or "".
func (c *ClientIDs) Get() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.env != "":
		return c.env
	case c.settings != "":
		return c.settings
	default:
		return c.baked
	}
}

// SetFromSettings records the client id just saved with the settings.
func (c *ClientIDs) SetFromSettings(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.settings = id
}

// FromEnvironment reports whether BEATCAST_CLIENT_ID decides the client id.
func (c *ClientIDs) FromEnvironment() bool { return c.env != "" }

// Save keeps a client id the user entered.
func (c *ClientIDs) Save(id string) error {
	s, _, err := LoadSettings(c.paths)
	if err != nil {
		return err
	}
	s.ClientID = id
	if err := SaveSettings(c.paths, s); err != nil {
		return err
	}
	c.mu.Lock()
	c.settings = id
	c.mu.Unlock()
	return nil
}
