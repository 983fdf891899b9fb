import { State, type Arrival, type Beat, type Point, type Stats, type Status } from './types'
import type { Backend } from './backend'

/** How much the window keeps for its chart: what Beatcast replays, 30 minutes. */
export const HISTORY_MS = 30 * 60_000

const noStats: Stats = { count: 0, min: 0, max: 0, average: 0 }

/**
 * The live picture the window draws: the status, the last beat, the
 * session statistics and the recent beats by arrival time. It loads the
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
      backend.onHistory((beats) => this.replace(beats)),
    )
    const [snap, beats] = await Promise.all([backend.snapshot(), backend.history()])
    this.status = snap.status
    this.stats = snap.stats
    if (snap.beat) {
      this.beat = snap.beat
      this.lastBeatAt = snap.status.last_beat_at ?? Date.now()
    }
    if (!this.history.length) this.history = beats.map(toPoint)
  }

  /** The backend's recent beats replace the window's; none means a new session. */
  replace(beats: Arrival[]): void {
    this.history = beats.map(toPoint)
    if (!beats.length) {
      this.stats = noStats
      this.beat = null
      this.lastBeatAt = 0
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
