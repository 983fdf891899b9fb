// How recorded streams read in the window: dates, durations, zones.
import { clock, duration } from './chart'
import type { StreamSummary, Zone } from './types'

/** "Fri, Nov 20, 20:00": the day in this computer's language, the time as the charts' axes show it. */
export function when(t: number): string {
  const day = new Date(t).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })
  return `${day}, ${clock(t)}`
}

/** The stream's length, first beat to last. */
export function length(s: StreamSummary): string {
  return duration(s.end - s.start)
}

/** The zones with the time spent in each, and each zone's BPM range for max. */
export function zoneTimes(s: StreamSummary, zones: Zone[]): Array<Zone & { seconds: number; range: string }> {
  return zones.map((z, i) => {
    const lo = Math.round((z.from * s.max_bpm) / 100)
    const next = zones[i + 1]
    const range = next ? `${lo}–${Math.round((next.from * s.max_bpm) / 100) - 1}` : `${lo}+`
    return { ...z, seconds: s.zone_seconds?.[i] ?? 0, range }
  })
}
