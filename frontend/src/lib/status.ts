import type { Status } from './types'

/** A short label for the status pill. */
export function statusLabel(s: Status): string {
  switch (s.state) {
    case 'live':
      return 'Live'
    case 'no_signal':
      return 'No signal'
    case 'reconnecting':
      return 'Reconnecting'
    case 'connecting':
      return 'Connecting'
    case 'signing_in':
      return 'Signing in'
    case 'signed_out':
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
    case 'live':
      return s.source === 'demo' ? 'Live — demo heart rate' : 'Live from Pulsoid'
    case 'no_signal': {
      const since = lastBeatAt || s.since || now
      return `No signal from your strap for ${seconds(now - since)} s`
    }
    case 'reconnecting': {
      const wait = s.retry_at ? Math.max(0, seconds(s.retry_at - now)) : 0
      const attempt = s.attempt ? ` — attempt ${s.attempt}` : ''
      const why = s.message ? `: ${s.message}` : ''
      return (wait > 0 ? `Reconnecting in ${wait} s` : 'Reconnecting now') + attempt + why
    }
    case 'connecting':
      return `Connecting to ${from}…`
    case 'signing_in':
      return 'Waiting for you to approve Beatcast in your browser…'
    case 'signed_out':
      return s.message ? `Signed out: ${s.message}` : 'Signed out'
  }
}

function seconds(ms: number): number {
  return Math.max(0, Math.round(ms / 1000))
}
