// The geometry of a heart-rate chart over time, apart from drawing it, so
// the dashboard, the history and the exported picture agree and tests can
// read it: a line that breaks where beats stopped, a time axis with round
// ticks, and a BPM scale with room above and below.
import type { Point } from './types'

export interface Plot {
  /** SVG path: one M…L… run per stretch without a gap. */
  path: string
  ticks: Array<{ x: number; label: string }>
  /** The BPM at the top and bottom of the plot. */
  hi: number
  lo: number
  /** Where a point sits, for marks (peaks). */
  at(p: Point): { x: number; y: number }
}

const STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720]

/**
 * Lays points (t in ms; bpm 0 means no beat) out on a width × height plot
 * from `from` to `to`. Two beats further apart than gapMs are not joined.
 */
export function plot(points: Point[], from: number, to: number, width: number, height: number, gapMs: number): Plot {
  const span = Math.max(1, to - from)
  const beats = points.filter((p) => p.bpm > 0 && p.t >= from && p.t <= to)
  let lo = Infinity
  let hi = -Infinity
  for (const p of beats) {
    lo = Math.min(lo, p.bpm)
    hi = Math.max(hi, p.bpm)
  }
  if (!beats.length) {
    lo = 60
    hi = 120
  }
  lo = Math.max(0, Math.floor((lo - 5) / 10) * 10)
  hi = Math.ceil((hi + 5) / 10) * 10
  const x = (t: number) => ((t - from) / span) * width
  const y = (bpm: number) => height - ((bpm - lo) / (hi - lo)) * height
  let path = ''
  let prev: Point | null = null
  for (const p of points) {
    if (p.t < from || p.t > to) continue
    if (p.bpm <= 0) {
      prev = null
      continue
    }
    const joined = prev !== null && p.t - prev.t <= gapMs
    path += `${joined ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.bpm).toFixed(1)}`
    prev = p
  }
  return { path, ticks: ticks(from, to, width), hi, lo, at: (p) => ({ x: x(p.t), y: y(p.bpm) }) }
}

/** Round times (every 1, 2, 5, 10… minutes) at least ~90 px apart, labelled HH:MM. */
function ticks(from: number, to: number, width: number): Array<{ x: number; label: string }> {
  const span = to - from
  const wanted = Math.max(1, Math.floor(width / 90))
  const stepMin = STEPS_MIN.find((m) => span / (m * 60_000) <= wanted) ?? STEPS_MIN[STEPS_MIN.length - 1]
  const step = stepMin * 60_000
  // Round in local time, so ticks land on :00, :05, :10 of the clock.
  const offset = new Date(from).getTimezoneOffset() * 60_000
  const out: Array<{ x: number; label: string }> = []
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) {
    out.push({ x: ((t - from) / span) * width, label: clock(t) })
  }
  return out
}

/** 19:05, in this computer's time. */
export function clock(t: number): string {
  const d = new Date(t)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

/** 1 h 05 min, 12 min, 45 s. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

/** A stretch of time an alert was under way, for the chart's band. */
export interface AlertSpan {
  level: string
  from: number
  to: number
}

/**
 * The alerts as stretches of time between from and to: each high or low
 * crossing begins one, a crossing back to normal ends it, one still under
 * way lasts to `to`. Stretches of one level less than mergeMs apart are
 * one: a heart rate hovering at the line is one band, not a barcode of
 * lines.
 */
export function alertSpans(crossings: Array<{ t: number; level: string }>, from: number, to: number, mergeMs = 30_000): AlertSpan[] {
  const spans: AlertSpan[] = []
  let open: AlertSpan | null = null
  const close = (t: number) => {
    if (!open) return
    open.to = t
    const last = spans.at(-1)
    if (last && last.level === open.level && open.from - last.to < mergeMs) last.to = open.to
    else spans.push(open)
    open = null
  }
  for (const c of [...crossings].sort((a, b) => a.t - b.t)) {
    close(c.t)
    if (c.level !== 'normal') open = { level: c.level, from: c.t, to: c.t }
  }
  close(to)
  return spans
    .filter((s) => s.to >= from && s.from <= to)
    .map((s) => ({ ...s, from: Math.max(from, s.from), to: Math.min(to, s.to) }))
}
