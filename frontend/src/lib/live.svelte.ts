import { State, type Alert, type Arrival, type Beat, type Point, type Stats, type Status } from './types'
import type { Backend } from './backend'
import facts from './facts.json'

/** How much the window keeps for its chart: what Beatcast replays. */
export const HISTORY_MS = facts.recent_ms

const noStats: Stats = { count: 0, min: 0, max: 0, average: 0 }

/**
 * The live picture the window draws: the status, the last beat, the
 * stream statistics and the recent beats by arrival time. It loads the
 * backend's snapshot first and then follows its events, so the window
 * never starts blank; a change of source starts it over.
 */
export class Live {
  status = $state<Status>({ state: State.Connecting })
  beat = $state<Beat | null>(null)
  stats = $state<Stats>(noStats)
  /** When the last beat arrived here, in ms (for "no signal for 14 s"). */
  lastBeatAt = $state(0)
  /** The recent beats, oldest first: t is when each arrived (ms). */
  history = $state<Point[]>([])
  /** The alert under way, if any (null when the level is normal). */
  alert = $state<Alert | null>(null)
  /** Counts replacements of the history (a new stream, a refill), for views that redraw on those only. */
  generation = $state(0)
  /** Crossings of the alert lines this stream, for the chart: t is when. */
  crossings = $state<Array<Alert & { t: number }>>([])

  #stop: Array<() => void> = []

  async start(backend: Backend): Promise<void> {
    this.#stop.push(
      backend.onStatus((s) => (this.status = s)),
      backend.onBeat((b) => {
        this.beat = { bpm: b.bpm, measured_at: b.measured_at }
        this.stats = b.stats
        this.lastBeatAt = Date.now()
        const from = this.lastBeatAt - HISTORY_MS
        const kept = this.history[0]?.t < from ? this.history.filter((p) => p.t >= from) : this.history
        this.history = [...kept, { t: this.lastBeatAt, bpm: b.bpm }]
      }),
      backend.onRecent((beats) => this.replace(beats)),
      backend.onAlert((a) => {
        this.alert = a.level === 'normal' ? null : a
        // Each crossing follows the beat that made it: it is drawn there.
        const t = this.lastBeatAt || Date.now()
        this.crossings = [...this.crossings.filter((c) => c.t >= t - HISTORY_MS), { ...a, t }]
      }),
    )
    await this.load(backend, false)
  }

  /**
   * Loads the picture from the backend: at start (keeping what events
   * brought meanwhile), and when the window shows again after being
   * hidden, when nothing was sent to it (again: everything is replaced).
   */
  async load(backend: Backend, again: boolean): Promise<void> {
    const [snap, beats, alerts] = await Promise.all([backend.snapshot(), backend.history(), backend.alerts()])
    if (again) {
      this.alert = alerts.now && alerts.now.level !== 'normal' ? alerts.now : null
      this.replace(beats)
    } else if (alerts.now && alerts.now.level !== 'normal') this.alert ??= alerts.now
    this.status = snap.status
    this.stats = snap.stats
    if (snap.beat) {
      this.beat = snap.beat
      this.lastBeatAt = snap.status.last_beat_at ?? Date.now()
    }
    if (!this.history.length) {
      this.history = beats.map(toPoint)
      this.generation++
    }
  }

  /** The backend's recent beats replace the window's; none means a new stream. */
  replace(beats: Arrival[]): void {
    this.history = beats.map(toPoint)
    this.generation++
    if (!beats.length) {
      this.stats = noStats
      this.beat = null
      this.lastBeatAt = 0
      this.crossings = []
    }
  }

  stop(): void {
    for (const f of this.#stop) f()
    this.#stop = []
  }
}

function toPoint(a: Arrival): Point {
  return { t: a.arrived_at, bpm: a.bpm }
}
