package hub

import (
	"fmt"
	"testing"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// BenchmarkPublishBeat measures the publish path with n subscribers that
// keep taking. allocs/op must not grow with n: each beat is encoded once
// and the same bytes go to every subscriber.
func BenchmarkPublishBeat(b *testing.B) {
	for _, n := range []int{0, 1, 100, 1000} {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) {
			h := New()
			done := make(chan struct{})
			subs := make([]*Subscription, n)
			for i := range subs {
				s := h.Subscribe()
				subs[i] = s
				go func() {
					for range s.Ready() {
						s.Take()
					}
					done <- struct{}{}
				}()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				h.PublishBeat(heartrate.Beat{BPM: 60 + i%100, MeasuredAt: int64(i)})
			}
			b.StopTimer()
			// Nobody is ever dropped now; it is reported so a change that
			// drops subscribers cannot pass as a speed-up.
			b.ReportMetric(float64(n-h.Subscribers()), "dropped")
			for _, s := range subs {
				s.Close()
			}
			for i := 0; i < n; i++ {
				<-done
			}
		})
	}
}

// BenchmarkBeatMessage is the encoding done once per beat.
func BenchmarkBeatMessage(b *testing.B) {
	var st heartrate.Stats
	st.Add(72, 1)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = beatMessage(heartrate.Beat{BPM: 72, MeasuredAt: 1625310655000}, st)
	}
}

// BenchmarkStatusMessage is the encoding done once per status change.
func BenchmarkStatusMessage(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = statusMessage(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
	}
}
