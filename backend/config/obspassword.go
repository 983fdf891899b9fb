package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/beatcast/beatcast/backend/obs"
	"github.com/beatcast/beatcast/backend/safefile"
)

// OBSPasswordFile is where the password of OBS's websocket server is kept:
// apart from settings.json (which people share when asking for help),
// mode 0600, like the Pulsoid token.
func (p Paths) OBSPasswordFile() string { return filepath.Join(p.ConfigDir, "obs-password.json") }

type keptOBSPassword struct {
	Password string `json:"password"`
}

// LoadOBSPassword returns the kept password ("" when none). An unreadable
// file is set aside; notice then says so.
func LoadOBSPassword(p Paths) (pw obs.Password, notice string, err error) {
	var k keptOBSPassword
	aside, _, err := readKept(p.OBSPasswordFile(), func(data []byte) error { return json.Unmarshal(data, &k) })
	if err != nil {
		return "", "", fmt.Errorf("reading OBS's password: %w", err)
	}
	if aside != "" {
		return "", fmt.Sprintf("The saved OBS password could not be read: enter it again in Settings → OBS. "+
			"The damaged file was kept as %s.", aside), nil
	}
	return obs.Password(k.Password), "", nil
}

// SaveOBSPassword keeps pw, readable only by this user; "" forgets it.
func SaveOBSPassword(p Paths, pw obs.Password) error {
	if pw == "" {
		if err := os.Remove(p.OBSPasswordFile()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("forgetting OBS's password: %w", err)
		}
		return nil
	}
	data, err := json.Marshal(keptOBSPassword{Password: pw.Reveal()})
	if err != nil {
		return err
	}
	return safefile.Write(p.OBSPasswordFile(), data, 0o600)
}
