// Package history keeps every stream. Each stream of Pulsoid or strap
// beats, from its first beat until a switch of source or a gap longer than
// StreamGap (Continuity; a restart or a new sign-in within the gap
// continues it), is a CSV file "time,bpm,rr,source" in the
// folder of recorded streams (sessions/ on disk, the name early versions
// gave it), appended to as it happens, with a small JSON summary
// beside it so that hundreds of streams list at once. Demo beats are never
// kept. The files are 0600 in a 0700 folder: this is health data.
package history

import (
	"fmt"
	"regexp"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// StreamGap is how long without a beat ends a stream: a beat after a
// longer gap begins the next one.
const StreamGap = 5 * time.Minute

// DefaultKeepDays is how long streams are kept unless the streamer says
// otherwise.
const DefaultKeepDays = 90

// Point is one beat of a stream: when it arrived (Unix ms, this
// computer's clock) and the heart rate; with the RR-intervals a strap
// measured (ms) and the source, which stay in the file (the window's
// charts are sent only the time and the rate).
type Point struct {
	T      int64                `json:"t"`
	BPM    int                  `json:"bpm"`
	RR     []int                `json:"-"`
	Source heartrate.SourceName `json:"-"`
}

// idFormat names a stream after its first beat, in UTC, in a form every
// file system accepts (no colons) and that sorts by time.
const idFormat = "20060102T150405Z"

var idPattern = regexp.MustCompile(`^\d{8}T\d{6}Z(-\d{1,3})?$`)

// ValidID reports whether id can name a stream: the window passes ids
// back, and an id becomes a file name.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// newID names a stream that began at start; n > 1 tells apart streams
// that began within the same second.
func newID(start time.Time, n int) string {
	id := start.UTC().Format(idFormat)
	if n > 1 {
		id += fmt.Sprintf("-%d", n)
	}
	return id
}

// startOf is when the stream id began, from its name.
func startOf(id string) (time.Time, bool) {
	if len(id) < len(idFormat) {
		return time.Time{}, false
	}
	t, err := time.Parse(idFormat, id[:len(idFormat)])
	return t, err == nil
}
