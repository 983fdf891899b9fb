package history

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// csvHeader starts every stream file. time is RFC 3339 in UTC with
// milliseconds, which spreadsheets and every language's date parser read;
// rr is the RR-intervals a strap measured with the beat, in ms, separated
// by spaces (empty from Pulsoid, which sends only the rate); source is
// "pulsoid" or "ble". Files of early versions have only time and bpm, and
// are Pulsoid's.
const csvHeader = "time,bpm,rr,source\n"

// timeLayout is RFC 3339 with exactly three decimals.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// appendRow adds one beat as a CSV line to buf.
func appendRow(buf []byte, p Point) []byte {
	buf = time.UnixMilli(p.T).UTC().AppendFormat(buf, timeLayout)
	buf = append(buf, ',')
	buf = strconv.AppendInt(buf, int64(p.BPM), 10)
	buf = append(buf, ',')
	for i, rr := range p.RR {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = strconv.AppendInt(buf, int64(rr), 10)
	}
	buf = append(buf, ',')
	buf = append(buf, p.Source...)
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
		fields := strings.Split(text, separator(text))
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

// separator is the line's field separator: a comma, or the ";" or tab
// that some spreadsheets save.
func separator(line string) string {
	for _, sep := range []string{",", ";", "\t"} {
		if strings.Contains(line, sep) {
			return sep
		}
	}
	return ","
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
	p := Point{T: t.UnixMilli(), BPM: bpm, Source: heartrate.SourcePulsoid}
	if len(fields) > 2 {
		for _, f := range strings.Fields(fields[2]) {
			if rr, err := strconv.Atoi(f); err == nil && rr > 0 && rr < 65536 {
				p.RR = append(p.RR, rr)
			}
		}
	}
	if len(fields) > 3 && fields[3] != "" {
		p.Source = heartrate.SourceName(fields[3])
	}
	return p, true
}
