import { describe, expect, it } from 'vitest'
import { statusLabel, statusSentence } from './status'

const now = 1_000_000

describe('statusSentence tells the truth in words', () => {
  it('says live and where from', () => {
    expect(statusSentence({ state: 'live', source: 'demo' }, now, now)).toBe('Live — demo heart rate')
    expect(statusSentence({ state: 'live', source: 'pulsoid' }, now, now)).toBe('Live from Pulsoid')
  })
  it('counts the seconds without signal from the last beat', () => {
    expect(statusSentence({ state: 'no_signal' }, now, now - 14_000)).toBe('No signal from your strap for 14 s')
  })
  it('gives the reconnect countdown and attempt', () => {
    const s = statusSentence({ state: 'reconnecting', attempt: 3, retry_at: now + 8_000 }, now, 0)
    expect(s).toBe('Reconnecting in 8 s — attempt 3')
  })
  it('gives the reason for being signed out', () => {
    expect(statusSentence({ state: 'signed_out', message: 'the token was revoked' }, now, 0)).toBe(
      'Signed out: the token was revoked',
    )
  })
  it('labels every state', () => {
    expect(statusLabel({ state: 'no_signal' })).toBe('No signal')
    expect(statusLabel({ state: 'signing_in' })).toBe('Signing in')
  })
})
