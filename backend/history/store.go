package history

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/safefile"
)

// Store is the folder of recorded streams: listing, reading, deleting and pruning.
// The Recorder writes into the same folder; Active tells the Store which
// stream is still being written, so it is neither summarised to disk nor
// pruned while it grows.
type Store struct {
	Dir string
	// Active returns the id of the stream being recorded, or "".
	Active func() string
}

func (s *Store) csvPath(id string) string     { return filepath.Join(s.Dir, id+".csv") }
func (s *Store) summaryPath(id string) string { return filepath.Join(s.Dir, id+".json") }

func (s *Store) active() string {
	if s.Active == nil {
		return ""
	}
	return s.Active()
}

// List returns every stream, newest first, with zones counted against
// maxBPM. A summary that is missing, unreadable, out of date or counted
// against another maximum is made again from the CSV file (and kept, but
// for the stream being recorded). A folder that does not exist yet is an
// empty history.
func (s *Store) List(maxBPM int) ([]Summary, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return []Summary{}, nil
	}
	if err != nil {
		return nil, problem.Wrap("history_folder", fmt.Sprintf("Beatcast cannot read its folder of recorded streams %s.", s.Dir), err)
	}
	out := []Summary{}
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".csv")
		if !ok || !ValidID(id) || !e.Type().IsRegular() {
			continue
		}
		sum, err := s.summary(id, maxBPM)
		if err != nil {
			continue // gone meanwhile, or unreadable: not a stream to list
		}
		out = append(out, sum)
	}
	slices.SortFunc(out, func(a, b Summary) int { return strings.Compare(b.ID, a.ID) })
	return out, nil
}

// summary reads id's summary, or makes it again when it does not match
// the CSV file.
func (s *Store) summary(id string, maxBPM int) (Summary, error) {
	info, err := os.Stat(s.csvPath(id))
	if err != nil {
		return Summary{}, err
	}
	recording := id == s.active()
	if !recording {
		if data, err := safefile.Read(s.summaryPath(id), 1<<20); err == nil {
			var sum Summary
			if json.Unmarshal(data, &sum) == nil && sum.ID == id && sum.Bytes == info.Size() && sum.MaxBPM == maxBPM &&
				len(sum.ZoneSeconds) == len(Zones) {
				return sum, nil
			}
		}
	}
	points, skipped, size, err := s.read(id)
	if err != nil {
		return Summary{}, err
	}
	sum := summarize(id, points, maxBPM)
	sum.Skipped, sum.Bytes, sum.Recording = skipped, size, recording
	if !recording {
		_ = s.writeSummary(sum) // only a cache: listing works without it
	}
	return sum, nil
}

// read parses id's CSV file, beats in time order.
func (s *Store) read(id string) (points []Point, skipped int, size int64, err error) {
	data, err := safefile.Read(s.csvPath(id), maxCSVBytes)
	if err != nil {
		return nil, 0, 0, err
	}
	points, skipped = parseCSV(data)
	slices.SortStableFunc(points, func(a, b Point) int { return cmp.Compare(a.T, b.T) })
	return points, skipped, int64(len(data)), nil
}

func (s *Store) writeSummary(sum Summary) error {
	data, err := json.Marshal(sum)
	if err != nil {
		return err
	}
	return safefile.Write(s.summaryPath(sum.ID), data, 0o600)
}

// Detail returns stream id for its full-size chart.
func (s *Store) Detail(id string, maxBPM int) (Detail, error) {
	if !ValidID(id) {
		return Detail{}, problem.New("stream", fmt.Sprintf("There is no stream %q.", id))
	}
	points, skipped, size, err := s.read(id)
	if errors.Is(err, fs.ErrNotExist) {
		return Detail{}, problem.Wrap("stream", "This stream is no longer in the history.", err)
	}
	if err != nil {
		return Detail{}, problem.Wrap("stream", fmt.Sprintf("The stream file %s cannot be read.", s.csvPath(id)), err)
	}
	sum := summarize(id, points, maxBPM)
	sum.Skipped, sum.Bytes, sum.Recording = skipped, size, id == s.active()
	return detail(sum, points, s.csvPath(id)), nil
}

// CSVPath is the file of stream id, for export; it checks the id.
func (s *Store) CSVPath(id string) (string, error) {
	if !ValidID(id) {
		return "", problem.New("stream", fmt.Sprintf("There is no stream %q.", id))
	}
	return s.csvPath(id), nil
}

// Delete removes stream id. The stream being recorded cannot be.
func (s *Store) Delete(id string) error {
	if !ValidID(id) {
		return problem.New("stream", fmt.Sprintf("There is no stream %q.", id))
	}
	if id == s.active() {
		return problem.New("stream", "This stream is still being recorded; delete it once the stream has stopped.")
	}
	if err := os.Remove(s.csvPath(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return problem.Wrap("stream", fmt.Sprintf("Beatcast could not delete %s.", s.csvPath(id)), err)
	}
	if err := os.Remove(s.summaryPath(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return problem.Wrap("stream", fmt.Sprintf("Beatcast could not delete %s.", s.summaryPath(id)), err)
	}
	return nil
}

// Prune deletes the streams that began more than keepDays before now
// (keepDays <= 0: DefaultKeepDays), and reports how many it deleted.
func (s *Store) Prune(now time.Time, keepDays int) (int, error) {
	if keepDays <= 0 {
		keepDays = DefaultKeepDays
	}
	cutoff := now.AddDate(0, 0, -keepDays)
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	deleted := 0
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".csv")
		if !ok || !ValidID(id) || id == s.active() {
			continue
		}
		if start, ok := startOf(id); ok && start.Before(cutoff) {
			if err := s.Delete(id); err != nil {
				return deleted, err
			}
			deleted++
		}
	}
	return deleted, nil
}

// Latest is the newest recorded stream if its last beat arrived within
// StreamGap of now, for the first beat after a restart to continue; nil
// otherwise, or when the folder cannot be read (a new stream then begins).
func (s *Store) Latest(now time.Time) *Earlier {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil
	}
	newest := ""
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".csv"); ok && ValidID(id) && e.Type().IsRegular() && id > newest {
			newest = id
		}
	}
	if newest == "" {
		return nil
	}
	points, _, _, err := s.read(newest)
	if err != nil || len(points) == 0 {
		return nil
	}
	e := &Earlier{ID: newest, Points: points}
	if now.UnixMilli()-e.End() > StreamGap.Milliseconds() {
		return nil
	}
	return e
}
