package cli

// Build says which Beatcast this is: main fills it from what make put in
// at build time (scripts/version.sh, the client id).
type Build struct {
	Version string `json:"version"` // 0.2.0, or 0.2.0+5 five commits after the tag
	Commit  string `json:"commit"`
	// Development: built without Beatcast's Pulsoid client id, so signing
	// in by browser needs one entered by hand.
	Development bool `json:"development"`
}

// Line is what --version prints: "beatcast 0.2.0 (abc1234)".
func (b Build) Line() string {
	line := "beatcast " + b.Version + " (" + b.Commit + ")"
	if b.Development {
		line += ", development build (no Pulsoid client id built in)"
	}
	return line
}
