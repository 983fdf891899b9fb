package history

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/problem"
)

// FlushEvery is how often the beats of a stream reach its file: a crash
// of Beatcast loses at most this much of the stream, never the file.
const FlushEvery = 2 * time.Second

// queueLength holds the beats and status changes waiting for the disk:
// over an hour of beats, so a stalled disk never slows the stream.
const queueLength = 4096

// RecorderConfig is what a Recorder needs.
type RecorderConfig struct {
	Dir string
	Log *slog.Logger
	// OnEnd receives the summary of each stream that ends while Run runs
	// (a stream that stopped, not one cut short by quitting).
	OnEnd func(Summary)
	// OnProblem receives, in plain words, why recording failed; streaming
	// goes on.
	OnProblem func(string)
	// FlushEvery is how often beats reach the file (0: FlushEvery); the
	// crash test shortens it.
	FlushEvery time.Duration
}

// Recorder writes streams as they happen. It sits beside the hub as a
// monitor.Publisher: PublishStatus and PublishBeat only queue, never wait
// for the disk; Run writes.
type Recorder struct {
	cfg    RecorderConfig
	store  *Store
	now    func() time.Time
	create func(path string) (streamFile, error)

	events   chan event
	dropped  atomic.Int64
	enabled  atomic.Bool
	keepDays atomic.Int64
	maxBPM   atomic.Int64

	mu     sync.Mutex
	active string // the stream being written; Store reads it

	// Owned by Run.
	source   heartrate.SourceName
	cur      *recording
	resume   *Earlier  // the stream the next beat continues (Resume), or nil
	retryAt  time.Time // after a failure to start a file, the next try
	stopping bool
}

// streamFile is the CSV file a stream is appended to (a stand-in in the
// tests of a full disk).
type streamFile interface {
	Write([]byte) (int, error)
	Sync() error
	Close() error
}

// openFile creates a stream's file, failing if it exists.
func openFile(path string) (streamFile, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
}

// recording is the stream being written.
type recording struct {
	id      string
	file    streamFile // nil once writing failed
	buf     []byte     // rows not yet written
	last    int64      // when its last beat arrived, Unix ms
	written bool       // some beats reached the file
}

type eventKind uint8

const (
	eventBeat eventKind = iota
	eventStatus
	eventStop   // recording was turned off
	eventResume // the next beat continues a stream recorded before
)

type event struct {
	kind   eventKind
	point  Point
	status heartrate.Status
	resume *Earlier // eventResume
}

// NewRecorder returns a recorder into cfg.Dir, on, keeping streams for
// DefaultKeepDays with zones against DefaultMaxBPM.
func NewRecorder(cfg RecorderConfig) *Recorder {
	r := &Recorder{cfg: cfg, now: time.Now, create: openFile, events: make(chan event, queueLength)}
	r.store = &Store{Dir: cfg.Dir, Active: r.Active}
	r.enabled.Store(true)
	r.keepDays.Store(DefaultKeepDays)
	r.maxBPM.Store(DefaultMaxBPM)
	return r
}

// Store is the folder of recorded streams this recorder writes, for the history
// screen.
func (r *Recorder) Store() *Store { return r.store }

// Active is the id of the stream being recorded, or "".
func (r *Recorder) Active() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.active
}

// SetEnabled turns recording on or off; off ends the stream being
// recorded at once.
func (r *Recorder) SetEnabled(on bool) {
	if r.enabled.Swap(on) && !on {
		r.queue(event{kind: eventStop})
	}
}

// Enabled reports whether streams are being recorded.
func (r *Recorder) Enabled() bool { return r.enabled.Load() }

// SetKeepDays sets how long streams are kept (<= 0: DefaultKeepDays),
// from the next pruning on (at start and daily).
func (r *Recorder) SetKeepDays(days int) { r.keepDays.Store(int64(days)) }

// SetMaxBPM sets the maximum heart rate the zones are counted against.
func (r *Recorder) SetMaxBPM(bpm int) {
	if bpm <= 0 {
		bpm = DefaultMaxBPM
	}
	r.maxBPM.Store(int64(bpm))
}

// MaxBPM is the maximum heart rate the zones are counted against.
func (r *Recorder) MaxBPM() int { return int(r.maxBPM.Load()) }

// PublishStatus notes the stream's status: a new source ends the stream.
// A sign-out does not: signing in again within StreamGap continues it.
func (r *Recorder) PublishStatus(s heartrate.Status) { r.queue(event{kind: eventStatus, status: s}) }

// Resume makes the next beat continue e, recorded before Beatcast started
// (Continuity says when), rather than begin a file of its own.
func (r *Recorder) Resume(e *Earlier) { r.queue(event{kind: eventResume, resume: e}) }

// PublishBeat queues a valid beat, stamped with its arrival now.
func (r *Recorder) PublishBeat(b heartrate.Beat) {
	if r.enabled.Load() {
		r.queue(event{kind: eventBeat, point: Point{T: r.now().UnixMilli(), BPM: b.BPM, RR: b.RR}})
	}
}

func (r *Recorder) queue(ev event) {
	select {
	case r.events <- ev:
	default:
		if r.dropped.Add(1) == 1 {
			r.cfg.Log.Warn("the history cannot keep up with the stream: beats are being left out of it")
		}
	}
}

// Run writes streams until ctx ends, then finishes the stream being
// recorded. It prunes old streams at start and daily.
func (r *Recorder) Run(ctx context.Context) {
	r.prune()
	every := r.cfg.FlushEvery
	if every <= 0 {
		every = FlushEvery
	}
	flush := time.NewTicker(every)
	defer flush.Stop()
	prune := time.NewTicker(24 * time.Hour)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			for drained := false; !drained; {
				select {
				case ev := <-r.events:
					r.handle(ev)
				default:
					drained = true
				}
			}
			r.stopping = true
			r.end()
			return
		case ev := <-r.events:
			r.handle(ev)
		case <-flush.C:
			r.flush()
			// Five minutes without a beat end the stream now, not at the next
			// beat: History stops saying "recording now" and the recap shows.
			if r.cur != nil && r.now().UnixMilli()-r.cur.last > StreamGap.Milliseconds() {
				r.end()
			}
		case <-prune.C:
			r.prune()
		}
	}
}

func (r *Recorder) handle(ev event) {
	switch ev.kind {
	case eventStop:
		r.end()
	case eventResume:
		r.end()
		r.resume = ev.resume
	case eventStatus:
		if ev.status.Source != r.source {
			r.end()
			r.source = ev.status.Source
		}
	case eventBeat:
		if r.source == heartrate.SourceDemo || !r.enabled.Load() {
			return
		}
		if r.cur != nil && ev.point.T-r.cur.last > StreamGap.Milliseconds() {
			r.end()
		}
		if r.cur == nil && !r.begin(ev.point.T) {
			return
		}
		r.cur.last = ev.point.T
		ev.point.Source = r.source
		if r.cur.file != nil {
			r.cur.buf = appendRow(r.cur.buf, ev.point)
		}
	}
}

// begin starts a stream file for a stream whose first beat arrived at t.
// After a failure it waits a minute before trying again, so a folder that
// cannot be written costs one notice, not one per beat.
func (r *Recorder) begin(t int64) bool {
	if r.now().Before(r.retryAt) {
		return false
	}
	if e := r.resume; e != nil {
		r.resume = nil
		if r.reopen(e) {
			return true
		}
	}
	file, id, err := r.newFile(time.UnixMilli(t))
	if err != nil {
		r.retryAt = r.now().Add(time.Minute)
		r.problem(fmt.Sprintf("Beatcast cannot record this stream in %s (%v). Your heart rate is still on stream; "+
			"check that the folder can be written, or turn recording off in History, under Recording settings.", r.cfg.Dir, problem.RootCause(err)), err)
		return false
	}
	r.cur = &recording{id: id, file: file}
	r.mu.Lock()
	r.active = id
	r.mu.Unlock()
	return true
}

// reopen continues writing e's file: its points were read once, by
// Store.Latest. It reports false, and a new file begins, when the file
// cannot be appended to any more (deleted, or its folder changed).
func (r *Recorder) reopen(e *Earlier) bool {
	path := r.store.csvPath(e.ID)
	file, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0o600)
	if err == nil {
		if err = endWithNewline(file); err != nil {
			file.Close()
		}
	}
	if err != nil {
		r.cfg.Log.Warn("could not continue the stream recorded before; beginning a new one", "file", path, "err", err)
		return false
	}
	r.cur = &recording{id: e.ID, file: file, last: e.End(), written: true}
	r.mu.Lock()
	r.active = e.ID
	r.mu.Unlock()
	r.cfg.Log.Info("continuing the stream recorded before the restart", "file", path)
	return true
}

// endWithNewline finishes a last line that a crash cut short, so that the
// rows appended next stay rows of their own (the cut one is skipped).
func endWithNewline(f *os.File) error {
	info, err := f.Stat()
	if err != nil || info.Size() == 0 {
		return err
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, info.Size()-1); err != nil {
		return err
	}
	if last[0] != '\n' {
		_, err = f.Write([]byte{'\n'})
	}
	return err
}

// newFile makes the CSV file of a stream that began at start, with its
// header, named after start (-2, -3… when that second is taken).
func (r *Recorder) newFile(start time.Time) (streamFile, string, error) {
	if err := os.MkdirAll(r.cfg.Dir, 0o700); err != nil {
		return nil, "", err
	}
	for n := 1; n < 100; n++ {
		id := newID(start, n)
		f, err := r.create(r.store.csvPath(id))
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		if _, err := f.Write([]byte(csvHeader)); err != nil {
			f.Close()
			os.Remove(r.store.csvPath(id))
			return nil, "", err
		}
		return f, id, nil
	}
	return nil, "", fmt.Errorf("too many streams began at %s", start.UTC().Format(time.RFC3339))
}

// flush writes the waiting rows in one write, so the file only ever holds
// whole lines. A failure (a full disk) stops this stream's recording and
// keeps what was written.
func (r *Recorder) flush() {
	c := r.cur
	if c == nil || c.file == nil || len(c.buf) == 0 {
		return
	}
	_, err := c.file.Write(c.buf)
	c.buf = c.buf[:0]
	if err == nil {
		c.written = true
		return
	}
	c.file.Close()
	c.file = nil
	r.problem(fmt.Sprintf("Beatcast stopped recording this stream: writing %s failed (%v). Your heart rate is still on "+
		"stream, and what was recorded before is kept.", r.store.csvPath(c.id), problem.RootCause(err)), err)
}

// end finishes the stream being recorded: the last rows, the file closed
// and its summary written; OnEnd hears of it unless Beatcast is quitting.
func (r *Recorder) end() {
	c := r.cur
	if c == nil {
		return
	}
	r.flush()
	if c.file != nil {
		_ = c.file.Sync()
		c.file.Close()
	}
	r.cur = nil
	r.mu.Lock()
	r.active = ""
	r.mu.Unlock()
	sum, err := r.store.summary(c.id, r.MaxBPM())
	if err != nil {
		r.cfg.Log.Warn("could not summarise the stream just recorded", "file", r.store.csvPath(c.id), "err", err)
		return
	}
	if sum.Beats == 0 {
		_ = r.store.Delete(c.id) // nothing reached the file
		return
	}
	r.cfg.Log.Info("stream recorded", "file", r.store.csvPath(c.id), "minutes", int(sum.Duration().Minutes()),
		"average", sum.Average, "max", sum.Max)
	if !r.stopping && r.cfg.OnEnd != nil {
		r.cfg.OnEnd(sum)
	}
}

func (r *Recorder) prune() {
	n, err := r.store.Prune(r.now(), int(r.keepDays.Load()))
	if err != nil {
		r.cfg.Log.Warn("could not delete old streams", "dir", r.cfg.Dir, "err", err)
	} else if n > 0 {
		r.cfg.Log.Info("deleted old streams", "count", n, "older_than_days", r.keepDays.Load())
	}
}

func (r *Recorder) problem(msg string, err error) {
	r.cfg.Log.Warn(msg, "err", err)
	if r.cfg.OnProblem != nil {
		r.cfg.OnProblem(msg)
	}
}
