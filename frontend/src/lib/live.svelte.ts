import { State, type Beat, type Stats, type Status } from './types'
import type { Backend } from './backend'

/** How many beats the window keeps for its chart: ten minutes at 1/s. */
export const HISTORY_LENGTH = 600

/**
 * The live picture the window draws: the status, the last beat and the
 * session statistics. It loads the backend's snapshot first and then follows
 * its events, so the window never starts blank.
 */
export class Live {
  status = $state<Status>({ state: State.Connecting })
  beat = $state<Beat | null>(null)
  stats = $state<Stats>({ count: 0, min: 0, max: 0, average: 0 })
  /** When the last beat arrived here, in ms (for "no signal for 14 s"). */
  lastBeatAt = $state(0)
  history = $state<number[]>([])

  #stop: Array<() => void> = []

  async start(backend: Backend): Promise<void> {
    const snap = await backend.snapshot()
    this.status = snap.status
    this.stats = snap.stats
    if (snap.beat) {
      this.beat = snap.beat
      this.lastBeatAt = snap.status.last_beat_at ?? Date.now()
    }
    this.#stop.push(
      backend.onStatus((s) => (this.status = s)),
      backend.onBeat((b) => {
        this.beat = { bpm: b.bpm, measured_at: b.measured_at }
        this.stats = b.stats
        this.lastBeatAt = Date.now()
        this.history = [...this.history.slice(1 - HISTORY_LENGTH), b.bpm]
      }),
    )
  }

  stop(): void {
    for (const f of this.#stop) f()
    this.#stop = []
  }
}
