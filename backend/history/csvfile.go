package history

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// csvHeader starts every stream file. time is RFC 3339 in UTC with
// milliseconds, which spreadsheets and every language's date parser read.
const csvHeader = "time,bpm\n"

// timeLayout is RFC 3339 with exactly three decimals.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// appendRow adds one beat as a CSV line to buf.
func appendRow(buf []byte, p Point) []byte {
	buf = time.UnixMilli(p.T).UTC().AppendFormat(buf, timeLayout)
	buf = append(buf, ',')
	buf = strconv.AppendInt(buf, int64(p.BPM), 10)
	return append(buf, '\n')
}

// maxCSVBytes bounds what is read of one stream file: a day of beats at
// four a second is about 11 MB.
const maxCSVBytes = 64 << 20

// parseCSV reads a stream file leniently, for a file a crash cut short
// or a person edited, one line at a time so that one bad line costs only
// itself: the header may be missing, fields may be quoted or separated by
// ";" or a tab (as spreadsheets in some languages save them), rows that
// are not a time and a plausible heart rate are skipped and counted, and a
// last line without its newline (a write a crash interrupted) is left out.
func parseCSV(data []byte) (points []Point, skipped int) {
	if i := bytes.LastIndexByte(data, '\n'); i < len(data)-1 {
		data = data[:i+1] // i is -1 when there is no whole line
	}
	first := true
	for line := range bytes.Lines(data) {
		text := strings.TrimSpace(string(line))
		if text == "" {
			continue
		}
		fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\t' })
		for i, f := range fields {
			fields[i] = strings.Trim(strings.TrimSpace(f), `"`)
		}
		if first {
			first = false
			if len(fields) >= 1 && strings.EqualFold(fields[0], "time") {
				continue
			}
		}
		p, ok := parseRow(fields)
		if !ok {
			skipped++
			continue
		}
		points = append(points, p)
	}
	return points, skipped
}

func parseRow(fields []string) (Point, bool) {
	if len(fields) < 2 {
		return Point{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, fields[0])
	if err != nil {
		return Point{}, false
	}
	bpm, err := strconv.Atoi(fields[1])
	if err != nil || !(heartrate.Beat{BPM: bpm}).Valid() {
		return Point{}, false
	}
	return Point{T: t.UnixMilli(), BPM: bpm}, true
}
