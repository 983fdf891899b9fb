import { State, type Status } from './types'

/** A short label for the status pill: the demo is never called live. */
export function statusLabel(s: Status): string {
  switch (s.state) {
    case State.Live:
      return s.source === 'demo' ? 'Demo' : 'Live'
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
 * "No signal from your strap for 14 s" or "Reconnecting in 8 s — attempt 3".
 * now and lastBeatAt are milliseconds.
 */
export function statusSentence(s: Status, now: number, lastBeatAt: number): string {
  const from = s.source === 'demo' ? 'the demo' : 'Pulsoid'
  switch (s.state) {
    case State.Live:
      return s.source === 'demo' ? 'Demo — a made-up heart rate, not yours' : 'Live from Pulsoid'
    case State.NoSignal: {
      const since = lastBeatAt || s.since || now
      return `No signal from your strap for ${seconds(now - since)} s`
    }
    case State.Reconnecting: {
      // Rounded up, as Go does: a countdown reads 1 until the moment it is 0.
      const wait = s.retry_at ? Math.max(0, Math.ceil((s.retry_at - now) / 1000)) : 0
      if (s.message && RETRY_IN.test(s.message)) return countDown(s.message, wait)
      const attempt = s.attempt ? ` — attempt ${s.attempt}` : ''
      const why = s.message ? `: ${s.message}` : ''
      return (wait > 0 ? `Reconnecting in ${wait} s` : 'Reconnecting now') + attempt + why
    }
    case State.Connecting:
      return `Connecting to ${from}…`
    case State.SigningIn:
      return 'Waiting for you to approve Beatcast in your browser…'
    case State.SignedOut:
      return s.message ? `Signed out: ${s.message}` : 'Signed out'
  }
}

/**
 * Go words a retry as "… retrying in 3 s." (or "reconnecting in"), true
 * when it was sent; the window keeps that number counting down to the
 * status's retry_at.
 */
const RETRY_IN = /(retrying|reconnecting) in \d+ s/

/** message with its "retrying in N s" counting down: "… retrying now" at 0. */
export function countDown(message: string, wait: number): string {
  return message.replace(RETRY_IN, (_, verb: string) => (wait > 0 ? `${verb} in ${wait} s` : `${verb} now`))
}

function seconds(ms: number): number {
  return Math.max(0, Math.round(ms / 1000))
}

/** What to do about the status, when there is something to do that no button does. */
export function statusAdvice(s: Status): string {
  return s.state === State.NoSignal ? 'Is the strap on and the Pulsoid app sending?' : ''
}
