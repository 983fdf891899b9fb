import { Reason, Source, State, type Status } from './types'
import facts from './facts.json'

/** A short label for the status pill: the demo is never called live. */
export function statusLabel(s: Status): string {
  switch (s.state) {
    case State.Live:
      return s.source === Source.Demo ? 'Demo' : 'Live'
    case State.NoSignal:
      return 'No signal'
    case State.Reconnecting:
      return 'Reconnecting'
    case State.Connecting:
      return 'Connecting'
    case State.SigningIn:
      return 'Signing in'
    case State.SignedOut:
      return 'Signed out'
  }
}

/**
 * The status in a sentence that tells the truth at this moment, e.g.
 * "No signal from your strap for 14 s" or "Can't reach Pulsoid. … Retrying
 * in 8 s (attempt 3).".
 * now and lastBeatAt are milliseconds.
 */
export function statusSentence(s: Status, now: number, lastBeatAt: number): string {
  const from = s.source === Source.Demo ? 'the demo' : 'Pulsoid'
  // A strap read directly: Go's words say all (no retry is scheduled, it keeps looking).
  const strap = s.source === Source.BLE
  switch (s.state) {
    case State.Live:
      if (strap) return `Live from ${s.device?.name || 'your strap'}${battery(s)}`
      return s.source === Source.Demo ? 'Demo — a made-up heart rate, not yours' : 'Live from Pulsoid'
    case State.NoSignal: {
      if (s.reason === Reason.NoContact && s.message) return s.message
      const since = lastBeatAt || s.since || now
      return `No signal from your strap for ${elapsed(now - since)}`
    }
    case State.Reconnecting: {
      if (strap && s.message) return s.message
      // Go sends why in words and when as data; the countdown is written here.
      const when = `Retrying ${retryIn(s.retry_at, now)}`
      const attempt = s.attempt && s.attempt > 1 ? ` (attempt ${s.attempt})` : ''
      return s.message ? `${s.message} ${when}${attempt}.` : `Reconnecting: ${when.toLowerCase()}${attempt}.`
    }
    case State.Connecting:
      if (strap) return s.message || 'Looking for your strap…'
      return `Connecting to ${from}…`
    case State.SigningIn:
      return 'Waiting for you to approve Beatcast in your browser…'
    case State.SignedOut:
      return s.message ? `Signed out: ${s.message}` : 'Signed out'
  }
}

/** " · battery 80 %" when the strap reports its battery. */
function battery(s: Status): string {
  return s.device?.battery !== undefined ? ` · battery ${s.device.battery} %` : ''
}

/**
 * When the next try comes, from Go's retry_at (Unix ms): "in 3 s", or "now"
 * once it is due. Rounded up, as a countdown reads 1 until it is 0.
 */
export function retryIn(retryAt: number | undefined, now: number): string {
  const wait = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0
  return wait > 0 ? `in ${wait} s` : 'now'
}

/** A time that has passed, as a person says it: "14 s", "5 min 25 s", "2 h 5 min". */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const min = Math.floor(s / 60)
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`
  return min % 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${Math.floor(min / 60)} h`
}

/**
 * How long a sign-in that ends at expiresAt still lasts, for "the sign-in
 * lasts …": in days, or in hours and then minutes on its last day, so a
 * token with hours left never reads "0 more days".
 */
export function signInLasts(expiresAt: number, now: number): string {
  const ms = Math.max(0, expiresAt - now)
  const days = Math.floor(ms / 86_400_000)
  if (days >= 1) return days === 1 ? '1 more day' : `${days} more days`
  const hours = Math.floor(ms / 3_600_000)
  if (hours >= 1) return hours === 1 ? '1 more hour' : `${hours} more hours`
  const minutes = Math.ceil(ms / 60_000)
  return minutes === 1 ? '1 more minute' : `${minutes} more minutes`
}

/** What to do about the status, when there is something to do that no button does. */
export function statusAdvice(s: Status): string {
  if (s.state !== State.NoSignal || s.reason === Reason.NoContact) return '' // the strap's sentence says what to do
  return s.source === Source.BLE ? facts.no_signal_advice_ble : facts.no_signal_advice
}
