package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/beatcast/beatcast/backend/pulsoid"
	"github.com/beatcast/beatcast/backend/safefile"
)

// TokenOrigin says how Beatcast got a Pulsoid token.
type TokenOrigin string

const (
	FromDeviceSignIn TokenOrigin = "device" // the browser sign-in
	FromPaste        TokenOrigin = "pasted" // pasted from pulsoid.net/ui/keys
	FromEnvironment  TokenOrigin = "env"    // BEATCAST_TOKEN
)

// keptToken is the token file's content. The file is the one place the
// Pulsoid token is written down: mode 0600, replaced atomically.
type keptToken struct {
	AccessToken string      `json:"access_token"`
	Via         TokenOrigin `json:"via"`
	SavedAt     time.Time   `json:"saved_at"`
}

// LoadToken returns the kept Pulsoid token, or "" if there is none. A file
// that cannot be read as a token is set aside; notice then says so. The
// token stays a pulsoid.Token from the file on, so no log line can print it.
func LoadToken(p Paths) (token pulsoid.Token, notice string, err error) {
	var k keptToken
	aside, _, err := readKept(p.TokenFile(), func(data []byte) error {
		if err := json.Unmarshal(data, &k); err != nil {
			return err
		}
		if k.AccessToken == "" {
			return errors.New("no access_token")
		}
		return nil
	})
	if err != nil {
		return "", "", fmt.Errorf("reading the Pulsoid token: %w", err)
	}
	if aside != "" {
		return "", fmt.Sprintf("The saved Pulsoid sign-in could not be read, so you need to sign in again. "+
			"The damaged file was kept as %s.", aside), nil
	}
	return pulsoid.Token(k.AccessToken), "", nil
}

// SaveToken keeps token for the next start, readable only by this user.
func SaveToken(p Paths, token pulsoid.Token, via TokenOrigin) error {
	data, err := json.Marshal(keptToken{AccessToken: token.Reveal(), Via: via, SavedAt: time.Now().UTC()})
	if err != nil {
		return err
	}
	return safefile.Write(p.TokenFile(), data, 0o600)
}

// DeleteToken forgets the kept token; a missing file is not an error.
func DeleteToken(p Paths) error {
	if err := os.Remove(p.TokenFile()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("deleting the Pulsoid token: %w", err)
	}
	return nil
}
