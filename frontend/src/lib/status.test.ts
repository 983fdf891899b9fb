import { State } from './types'
import { describe, expect, it } from 'vitest'
import { statusLabel, statusSentence } from './status'

const now = 1_000_000

describe('statusSentence tells the truth in words', () => {
  it('says live and where from', () => {
    expect(statusSentence({ state: State.Live, source: 'demo' }, now, now)).toBe('Demo — a made-up heart rate, not yours')
    expect(statusSentence({ state: State.Live, source: 'pulsoid' }, now, now)).toBe('Live from Pulsoid')
  })
  it('counts the seconds without signal from the last beat', () => {
    expect(statusSentence({ state: State.NoSignal }, now, now - 14_000)).toBe('No signal from your strap for 14 s')
  })
  it('gives the reconnect countdown and attempt', () => {
    const s = statusSentence({ state: State.Reconnecting, attempt: 3, retry_at: now + 8_000 }, now, 0)
    expect(s).toBe('Reconnecting in 8 s — attempt 3')
  })
  it("keeps Go's retry sentence counting down to retry_at", () => {
    const status = { state: State.Reconnecting, attempt: 3, retry_at: now + 2_400,
      message: "Can't reach Pulsoid — retrying in 3 s. Check your internet connection.", reason: 'network' }
    expect(statusSentence(status, now, 0)).toBe("Can't reach Pulsoid — retrying in 3 s. Check your internet connection.")
    expect(statusSentence(status, now + 1_500, 0)).toBe("Can't reach Pulsoid — retrying in 1 s. Check your internet connection.")
    expect(statusSentence(status, now + 3_000, 0)).toBe("Can't reach Pulsoid — retrying now. Check your internet connection.")
    const refused = { ...status, message: 'Pulsoid refused the live connection; retrying in 4 s.', retry_at: now + 4_000 }
    expect(statusSentence(refused, now, 0)).toBe('Pulsoid refused the live connection; retrying in 4 s.')
  })
  it('gives the reason for being signed out', () => {
    expect(statusSentence({ state: State.SignedOut, message: 'the token was revoked' }, now, 0)).toBe(
      'Signed out: the token was revoked',
    )
  })
  it('labels every state', () => {
    expect(statusLabel({ state: State.NoSignal })).toBe('No signal')
    expect(statusLabel({ state: State.Live, source: 'pulsoid' })).toBe('Live')
    expect(statusLabel({ state: State.Live, source: 'demo' })).toBe('Demo')
    expect(statusLabel({ state: State.SigningIn })).toBe('Signing in')
  })
})
