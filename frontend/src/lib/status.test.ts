import { Reason, Source, State } from './types'
import { describe, expect, it } from 'vitest'
import { elapsed, signInLasts, statusAdvice, statusLabel, statusSentence } from './status'

const now = 1_000_000

describe('statusSentence tells the truth in words', () => {
  it('says live and where from', () => {
    expect(statusSentence({ state: State.Live, source: Source.Demo }, now, now)).toBe('Demo — a made-up heart rate, not yours')
    expect(statusSentence({ state: State.Live, source: Source.Pulsoid }, now, now)).toBe('Live from Pulsoid')
  })
  it('counts the time without signal from the last beat, in minutes once it is more than one', () => {
    expect(statusSentence({ state: State.NoSignal }, now, now - 14_000)).toBe('No signal from your strap for 14 s')
    expect(statusSentence({ state: State.NoSignal }, now, now - 325_000)).toBe('No signal from your strap for 5 min 25 s')
    expect(elapsed(3_900_000)).toBe('1 h 5 min')
    expect(elapsed(120_000)).toBe('2 min')
  })
  it('says how long a sign-in lasts in days, then hours, then minutes, never "0 more days"', () => {
    const day = 86_400_000
    expect(signInLasts(now + 29.5 * day, now)).toBe('29 more days')
    expect(signInLasts(now + 1.2 * day, now)).toBe('1 more day')
    expect(signInLasts(now + 5.5 * 3_600_000, now)).toBe('5 more hours')
    expect(signInLasts(now + 20 * 60_000, now)).toBe('20 more minutes')
  })
  it('gives the reconnect countdown and attempt', () => {
    const s = statusSentence({ state: State.Reconnecting, attempt: 3, retry_at: now + 8_000 }, now, 0)
    expect(s).toBe('Reconnecting: retrying in 8 s (attempt 3).')
  })
  it("counts down to Go's retry_at after Go's reason in words", () => {
    const status = { state: State.Reconnecting, attempt: 1, retry_at: now + 2_400,
      message: "Can't reach Pulsoid. Check your internet connection.", reason: Reason.Network }
    expect(statusSentence(status, now, 0)).toBe("Can't reach Pulsoid. Check your internet connection. Retrying in 3 s.")
    expect(statusSentence(status, now + 1_500, 0)).toBe("Can't reach Pulsoid. Check your internet connection. Retrying in 1 s.")
    expect(statusSentence(status, now + 3_000, 0)).toBe("Can't reach Pulsoid. Check your internet connection. Retrying now.")
    const refused = { ...status, message: 'Pulsoid refused the live connection.', reason: Reason.Refused, attempt: 2, retry_at: now + 4_000 }
    expect(statusSentence(refused, now, 0)).toBe('Pulsoid refused the live connection. Retrying in 4 s (attempt 2).')
  })
  it('says a strap in its own words: its name and battery, contact, looking for it again', () => {
    const device = { name: 'Polar H10 1A2B3C4D', address: 'A0:9E:1A:00:00:01', battery: 80 }
    expect(statusSentence({ state: State.Live, source: Source.BLE, device }, now, now)).toBe('Live from Polar H10 1A2B3C4D · battery 80 %')
    expect(statusSentence({ state: State.Live, source: Source.BLE, device: { ...device, battery: undefined } }, now, now)).toBe(
      'Live from Polar H10 1A2B3C4D')
    const noContact = { state: State.NoSignal, source: Source.BLE, reason: Reason.NoContact,
      message: 'Polar H10 1A2B3C4D is not touching your skin: wet its electrodes and tighten it.' }
    expect(statusSentence(noContact, now, now - 3_000)).toBe(noContact.message)
    expect(statusAdvice(noContact)).toBe('')
    expect(statusAdvice({ state: State.NoSignal, source: Source.BLE, reason: Reason.NoSignal })).toBe(
      'Is the strap on, touching your skin and near this computer?')
    const lost = { state: State.Reconnecting, source: Source.BLE, reason: Reason.StrapLost,
      message: 'Polar H10 1A2B3C4D is out of reach or off: Beatcast is looking for it again.' }
    expect(statusSentence(lost, now, 0)).toBe(lost.message) // no countdown: it keeps looking
    expect(statusSentence({ state: State.Connecting, source: Source.BLE, message: 'Looking for your strap: put it on.' }, now, 0)).toBe(
      'Looking for your strap: put it on.')
  })
  it('gives the reason for being signed out', () => {
    expect(statusSentence({ state: State.SignedOut, message: 'the token was revoked' }, now, 0)).toBe(
      'Signed out: the token was revoked',
    )
  })
  it('labels every state', () => {
    expect(statusLabel({ state: State.NoSignal })).toBe('No signal')
    expect(statusLabel({ state: State.Live, source: Source.Pulsoid })).toBe('Live')
    expect(statusLabel({ state: State.Live, source: Source.Demo })).toBe('Demo')
    expect(statusLabel({ state: State.SigningIn })).toBe('Signing in')
  })
})
