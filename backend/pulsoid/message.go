package pulsoid

import (
	"encoding/json"
	"errors"
	"math"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// message is Pulsoid's heart-rate JSON, from the websocket and from REST:
// {"measured_at": 1625310655000, "data": {"heart_rate": 72}}.
type message struct {
	MeasuredAt json.Number `json:"measured_at"`
	Data       struct {
		HeartRate json.Number `json:"heart_rate"`
	} `json:"data"`
}

var errNotAHeartRate = errors.New("no numeric heart_rate")

// notANumberOfBeats bounds what is converted to an int at all: a float
// beyond an int's range converts to nonsense. The monitor then keeps only
// plausible heart rates (20–250).
const notANumberOfBeats = 1000

// beat checks the shape; the monitor checks the range.
func (m message) beat() (heartrate.Beat, error) {
	hr, err := m.Data.HeartRate.Float64()
	if err != nil || math.IsNaN(hr) || hr <= 0 || hr >= notANumberOfBeats {
		return heartrate.Beat{}, errNotAHeartRate
	}
	at, _ := m.MeasuredAt.Int64()
	return heartrate.Beat{BPM: int(math.Round(hr)), MeasuredAt: at}, nil
}

// parseMessage decodes one websocket text frame.
func parseMessage(data []byte) (heartrate.Beat, error) {
	var m message
	if err := json.Unmarshal(data, &m); err != nil {
		return heartrate.Beat{}, err
	}
	return m.beat()
}
