package osc

import "slices"

// Parameters picks whose avatar parameters are sent. Avatars today are
// built for one of two tools, and each tool's names mean what that tool's
// source makes them mean; by default Beatcast speaks both.
type Parameters string

const (
	// BothTools sends the union, so an avatar built for either works.
	// Where the two disagree (isHRBeat) HRtoVRChat's meaning wins, as
	// PulsoidToOSC's own prefabs watch HeartBeatToggle instead.
	BothTools Parameters = ""
	// HRtoVRChat is HRtoVRChat_OSC's set (its AvatarSetup.md).
	HRtoVRChat Parameters = "hrtovrchat"
	// PulsoidToOSC is PulsoidToOSC's default set (ConfigData.cs).
	PulsoidToOSC Parameters = "pulsoidtoosc"
)

// AllParameters lists the choices, default first, for Settings.
var AllParameters = []Parameters{BothTools, HRtoVRChat, PulsoidToOSC}

// Valid reports whether p is one of AllParameters.
func (p Parameters) Valid() bool { return slices.Contains(AllParameters, p) }

func (p Parameters) hrtovrchat() bool   { return p != PulsoidToOSC }
func (p Parameters) pulsoidtoosc() bool { return p != HRtoVRChat }

// fullScale is the heart rate that both tools map to 1.0: HRtoVRChat's
// default maxHR and PulsoidToOSC's hrFloatMax are 255, the most an
// avatar's int parameter (a byte) can hold.
const fullScale = 255

// reading is what the avatar parameters say about one heart-rate reading
// (bpm 0: none).
type reading struct {
	bpm    int
	toggle bool    // HeartBeatToggle: flips on every reading
	trend  float32 // HeartRateTrend, -1 to 1
}

// values are the parameters to send for r, in a fixed order, under the
// names p asks for. isHRBeat is not among them when it is HRtoVRChat's
// pulse, which has its own clock (Sender.Follow).
func (p Parameters) values(r reading) []param {
	bpm := int32(r.bpm)
	percent := float32(r.bpm) / fullScale // 0 to 1
	full := percent*2 - 1                 // -1 to 1, as both tools remap it
	live := r.bpm > 0
	var out []param
	add := func(name string, v any) { out = append(out, param{name, v}) }
	add("HR", bpm)
	if p.hrtovrchat() {
		add("onesHR", bpm%10)
		add("tensHR", bpm/10%10)
		add("hundredsHR", bpm/100%10)
	}
	add("HRPercent", percent)
	add("FullHRPercent", full)
	if p.pulsoidtoosc() {
		add("HeartRateInt", bpm) // "used by all prefabs"
		add("HeartRate3", bpm)
		add("HeartRateFloat", full)
		add("HeartRate", full)
		add("HeartRateFloat01", percent)
		add("HeartRate2", percent)
		add("HeartBeatToggle", r.toggle) // its prefabs' timeout detection
		add("HeartRateTrend", r.trend)
		if !p.hrtovrchat() {
			add(paramBeat, r.toggle) // PulsoidToOSC sends isHRBeat as a toggle
		}
	}
	add("isHRConnected", live)
	add("isHRActive", live)
	return out
}

// param is one avatar parameter and its value (int32, float32 or bool).
type param struct {
	name  string
	value any
}

// trendWindow is how many readings the trend is drawn through, and
// trendFull the slope (BPM per reading) that reads as 1: PulsoidToOSC's
// HeartRate.cs fits a line through its last 5 readings and maps ±2
// (hrTrendMin/Max) to ±1.
const (
	trendWindow = 5
	trendFull   = 2
)

// trend follows the recent readings for HeartRateTrend.
type trend struct {
	recent []int
	value  float32
}

// add takes a reading and returns the trend: 0 until there are more than
// trendWindow readings, as PulsoidToOSC only starts once it drops one.
func (t *trend) add(bpm int) float32 {
	t.recent = append(t.recent, bpm)
	if len(t.recent) > trendWindow {
		t.recent = t.recent[len(t.recent)-trendWindow:]
		t.value = float32(max(-1, min(1, slope(t.recent)/trendFull)))
	}
	return t.value
}

func (t *trend) reset() { t.recent, t.value = t.recent[:0], 0 }

// slope is the least-squares slope of ys against their index.
func slope(ys []int) float64 {
	n := float64(len(ys))
	var sx, sy, sxy, sxx float64
	for i, y := range ys {
		x := float64(i)
		sx, sy, sxy, sxx = sx+x, sy+float64(y), sxy+x*float64(y), sxx+x*x
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}
