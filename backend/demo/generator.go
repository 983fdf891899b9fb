// Package demo is a synthetic heart-rate source that behaves like a chest
// strap: about one reading a second, drifting smoothly between resting and
// effort with a little noise. It lets a streamer set up the overlay before
// the strap is on, and a newcomer see Beatcast work without an account.
package demo

import (
	"math"
	"math/rand/v2"
)

// The model's bounds. A resting streamer sits in the low 60s; a hard
// stretch of a game or a workout reaches the 160s.
const (
	restBPM   = 62.0
	effortBPM = 105.0 // added at full effort: 62 + 105 = 167
	floorBPM  = 55.0
	ceilBPM   = 175.0
)

// Generator produces the synthetic readings, one per call to Next, which
// stands for one second. It is deterministic for a given seed.
type Generator struct {
	rng        *rand.Rand
	effort     float64 // 0 = resting, 1 = all-out
	goal       float64 // the effort the body is moving towards
	stepsToNew int     // seconds until a new goal is picked
	bpm        float64
}

// NewGenerator starts a resting heart with the given seed.
func NewGenerator(seed uint64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), bpm: restBPM + 8}
}

// Next advances the model by one second and returns the heart rate.
func (g *Generator) Next() int {
	if g.stepsToNew <= 0 {
		g.goal = g.pickGoal()
		g.stepsToNew = 15 + g.rng.IntN(31)
	}
	g.stepsToNew--
	// Effort changes gradually; the heart follows the effort with a lag.
	g.effort += (g.goal - g.effort) * 0.08
	target := restBPM + g.effort*effortBPM
	g.bpm += (target-g.bpm)*0.3 + g.rng.NormFloat64()*0.8
	g.bpm = math.Max(floorBPM, math.Min(ceilBPM, g.bpm))
	return int(math.Round(g.bpm))
}

// pickGoal chooses rest, moderate or hard effort, favouring calmer stretches
// as a stream mostly is.
func (g *Generator) pickGoal() float64 {
	switch r := g.rng.Float64(); {
	case r < 0.4:
		return g.rng.Float64() * 0.2
	case r < 0.8:
		return 0.3 + g.rng.Float64()*0.25
	default:
		return 0.7 + g.rng.Float64()*0.3
	}
}
