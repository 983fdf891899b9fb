//go:build e2e

package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
	"github.com/beatcast/beatcast/backend/testkit"
)

// A streamer runs Beatcast headless with a text file for OBS: the file
// follows the heart rate, the stream is recorded as it happens, and when
// Beatcast stops the file says "--" and the session is a CSV that opens.
func TestHeadlessRecordsTheStreamAndKeepsTheTextFile(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("streamer-token")
	home := t.TempDir()
	text := filepath.Join(home, "obs", "heart-rate.txt")
	b := startHeadlessWith(t, fake, home, []string{"--text-file", text}, "BEATCAST_TOKEN=streamer-token")
	fake.AwaitConnections(1, 10*time.Second)

	for i, bpm := range []int{88, 95, 132, 120} {
		fake.Send(bpm, 1625310655000+int64(i)*1000)
		b.waitFor(t, "beat "+strconv.Itoa(bpm), func(s state) bool { return s.Beat != nil && s.Beat.BPM == bpm })
		testkit.Eventually(t, "the text file to say "+strconv.Itoa(bpm), func() bool {
			data, _ := os.ReadFile(text)
			return string(data) == strconv.Itoa(bpm)
		})
	}
	sessions := filepath.Join(home, "data", "beatcast", "sessions")
	testkit.Eventually(t, "the session file to hold the beats flushed so far", func() bool {
		files, _ := filepath.Glob(filepath.Join(sessions, "*.csv"))
		if len(files) != 1 {
			return false
		}
		data, _ := os.ReadFile(files[0])
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		return err == nil && len(rows) == 5
	})

	b.stop(t)
	if data, _ := os.ReadFile(text); string(data) != "--" {
		t.Errorf("after Beatcast stopped the text file says %q, want --", data)
	}
	files, _ := filepath.Glob(filepath.Join(sessions, "*.csv"))
	if len(files) != 1 {
		t.Fatalf("session files %v", files)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 5 || rows[0][0] != "time" || rows[3][1] != "132" {
		t.Fatalf("the CSV: %q, %v", rows, err)
	}
	for _, row := range rows[1:] {
		if _, err := time.Parse(time.RFC3339, row[0]); err != nil {
			t.Errorf("time %q does not parse: %v", row[0], err)
		}
	}
	var summary struct{ Beats, Min, Max int }
	data, err := os.ReadFile(files[0][:len(files[0])-len(".csv")] + ".json")
	if err != nil || json.Unmarshal(data, &summary) != nil || summary.Beats != 4 || summary.Max != 132 || summary.Min != 88 {
		t.Errorf("the summary beside it: %s, %v", data, err)
	}
}

func TestNoHistoryKeepsNothing(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("streamer-token")
	home := t.TempDir()
	b := startHeadlessWith(t, fake, home, []string{"--no-history"}, "BEATCAST_TOKEN=streamer-token")
	fake.AwaitConnections(1, 10*time.Second)
	fake.Send(90, 1625310655000)
	b.waitFor(t, "a beat", func(s state) bool { return s.Beat != nil })
	time.Sleep(2500 * time.Millisecond) // longer than a flush
	b.stop(t)
	if files, _ := filepath.Glob(filepath.Join(home, "data", "beatcast", "sessions", "*")); len(files) != 0 {
		t.Errorf("--no-history left %v", files)
	}
}
