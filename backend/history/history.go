// Package history keeps every stream. Each session of Pulsoid beats, from
// the first live beat until the stream stops (quit, sign-out, a switch of
// source, or a gap longer than SessionGap), is a CSV file "time,bpm" in the
// sessions folder, appended to as it happens, with a small JSON summary
// beside it so that hundreds of sessions list at once. Demo beats are never
// kept. The files are 0600 in a 0700 folder: this is health data.
package history

import (
	"fmt"
	"regexp"
	"time"
)

// SessionGap is how long without a beat ends a session: a beat after a
// longer gap begins the next one.
const SessionGap = 5 * time.Minute

// DefaultKeepDays is how long sessions are kept unless the streamer says
// otherwise.
const DefaultKeepDays = 90

// Point is one beat of a session: when it arrived (Unix ms, this
// computer's clock) and the heart rate.
type Point struct {
	T   int64 `json:"t"`
	BPM int   `json:"bpm"`
}

// idFormat names a session after its first beat, in UTC, in a form every
// file system accepts (no colons) and that sorts by time.
const idFormat = "20060102T150405Z"

var idPattern = regexp.MustCompile(`^\d{8}T\d{6}Z(-\d{1,3})?$`)

// ValidID reports whether id can name a session: the window passes ids
// back, and an id becomes a file name.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// newID names a session that began at start; n > 1 tells apart sessions
// that began within the same second.
func newID(start time.Time, n int) string {
	id := start.UTC().Format(idFormat)
	if n > 1 {
		id += fmt.Sprintf("-%d", n)
	}
	return id
}

// startOf is when the session id began, from its name.
func startOf(id string) (time.Time, bool) {
	if len(id) < len(idFormat) {
		return time.Time{}, false
	}
	t, err := time.Parse(idFormat, id[:len(idFormat)])
	return t, err == nil
}
