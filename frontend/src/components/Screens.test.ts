import { type Account, Reason, Source, State, type Status } from '../lib/types'
import { fireEvent, screen } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import { bridgeError } from '../lib/backend'
import { fakeBackend, mountApp, noStats, settle } from '../lib/fake-backend'


const stats = { count: 120, min: 58, max: 141, average: 90.2, started_at: Date.now() - 125_000 }
const demoAccount: Account = { signed_in: false, has_client_id: true, demo: true }
const pulsoidAccount: Account = { signed_in: true, profile_id: 'abc', has_client_id: true, demo: false }

function open(status: Status, account: Account = pulsoidAccount) {
  const backend = fakeBackend({ status, beat: { bpm: 97, measured_at: 1 }, stats }, account)
  return mountApp(backend)
}

describe('the dashboard tells the truth in every state', () => {
  it('live from Pulsoid: the number, the heart beating at the rate, the stream so far', async () => {
    open({ state: State.Live, source: Source.Pulsoid })
    await settle()
    expect(screen.getByTestId('bpm')).toHaveTextContent('97')
    expect(screen.getByTestId('status-pill')).toHaveTextContent('Live')
    expect(screen.getByTestId('status-sentence')).toHaveTextContent('Live from Pulsoid')
    expect(screen.getByTestId('heart')).toHaveClass('live')
    expect(screen.getByTestId('heart')).toHaveClass('thump') // its first thump comes at once
    expect(screen.getByTestId('duration')).toHaveTextContent(/^2 min$/)
    expect(screen.getByText('58')).toBeInTheDocument()
    expect(screen.getByText('141')).toBeInTheDocument()
  })

  it('no signal: dashes, a still heart and how long', async () => {
    open({ state: State.NoSignal, source: Source.Pulsoid, last_beat_at: Date.now() - 14_000 })
    await settle()
    expect(screen.getByTestId('bpm')).toHaveTextContent('--')
    // The stream so far ends at its last beat (111 s after its first), as History counts it.
    expect(screen.getByTestId('duration')).toHaveTextContent(/^1 min$/)
    expect(screen.getByTestId('heart')).not.toHaveClass('live')
    expect(screen.getByTestId('heart')).not.toHaveClass('thump')
    expect(screen.getByTestId('status-pill')).toHaveTextContent('No signal')
    expect(screen.getByTestId('status-advice')).toHaveTextContent('Is the strap on and the Pulsoid app sending?')
  })

  it('reconnecting: when and which attempt', async () => {
    open({ state: State.Reconnecting, source: Source.Pulsoid, attempt: 3, retry_at: Date.now() + 8_000, message: "Can't reach Pulsoid." })
    await settle()
    expect(screen.getByTestId('bpm')).toHaveTextContent('--')
    expect(screen.getByTestId('status-sentence')).toHaveTextContent(/Can't reach Pulsoid\. Retrying in [78] s \(attempt 3\)\./)
  })

  it("reconnecting: Go's reason in words, counted down, and Retry now", async () => {
    const backend = open({
      state: State.Reconnecting, source: Source.Pulsoid, attempt: 2, reason: Reason.Refused, retry_at: Date.now() + 2_000,
      message: 'Pulsoid refused the live connection.',
    })
    await settle()
    expect(screen.getByTestId('status-sentence')).toHaveTextContent(/Pulsoid refused the live connection\. Retrying in [12] s \(attempt 2\)\./)
    await fireEvent.click(screen.getByRole('button', { name: 'Retry now' }))
    expect(backend.retryNow).toHaveBeenCalledOnce()
  })

  it('reconnecting: a missing paid plan in plain words, and the next try', async () => {
    open({
      state: State.Reconnecting, source: Source.Pulsoid, attempt: 4, reason: Reason.PremiumRequired, retry_at: Date.now() + 10_000,
      message: "This Pulsoid account needs Pulsoid's paid plan (BRO) for this. Upgrade at pulsoid.net, or use another account.",
    })
    await settle()
    expect(screen.getByTestId('status-sentence')).toHaveTextContent(/needs Pulsoid's paid plan .* Retrying in (9|10) s \(attempt 4\)\./)
  })

  it('connecting: says to what', async () => {
    open({ state: State.Connecting, source: Source.Pulsoid })
    await settle()
    expect(screen.getByTestId('status-sentence')).toHaveTextContent('Connecting to Pulsoid…')
  })

  it('demo: says it is the demo and offers to connect Pulsoid', async () => {
    open({ state: State.Live, source: Source.Demo }, demoAccount)
    await settle()
    expect(screen.getByTestId('status-sentence')).toHaveTextContent('Demo — a made-up heart rate, not yours')
    expect(screen.getByTestId('status-pill')).toHaveTextContent(/^Demo$/)
    expect(screen.getByTestId('status-pill')).toHaveClass('demo')
    expect(screen.getByRole('button', { name: 'Connect Pulsoid' })).toBeInTheDocument()
  })

  it('follows beats into the chart, which moves on every 5 s rather than every beat', async () => {
    const t0 = 1_800_000_000_000 // on a 5-second step
    vi.useFakeTimers()
    try {
      vi.setSystemTime(t0)
      const backend = open({ state: State.Live, source: Source.Demo }, demoAccount)
      await vi.advanceTimersByTimeAsync(0)
      // A beat at `at` ms; the time then runs on to `until`, while the heart thumps.
      const beat = async (bpm: number, at: number, until: number) => {
        await vi.advanceTimersByTimeAsync(t0 + at - Date.now())
        backend.pushBeat({ bpm, measured_at: bpm, stats: noStats })
        await vi.advanceTimersByTimeAsync(until - at)
      }
      const drawn = () => screen.getByTestId('chart').querySelector('path.line')!.getAttribute('d')!.match(/[ML]/g)
      await beat(80, 1000, 1900) // a new step: drawn
      await beat(85, 2000, 4900) // the same step: not yet
      expect(drawn()).toEqual(['M'])
      await beat(90, 6000, 6900) // the next step: everything so far
      expect(drawn()).toEqual(['M', 'L', 'L'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('draws what a beat changes as the heart thumps, in the same frame', async () => {
    vi.useFakeTimers()
    try {
      const backend = open({ state: State.Live, source: Source.Pulsoid }) // 97 BPM: a thump every 619 ms
      await vi.advanceTimersByTimeAsync(0)
      expect(screen.getByTestId('bpm')).toHaveTextContent('97') // at once, with a thump
      expect(screen.getByTestId('heart')).toHaveClass('thump')
      await vi.advanceTimersByTimeAsync(300) // the thump is over
      expect(screen.getByTestId('heart')).not.toHaveClass('thump')
      backend.pushBeat({ bpm: 60, measured_at: 2, stats: { ...stats, count: 121, max: 150 } })
      await vi.advanceTimersByTimeAsync(0)
      expect(screen.getByTestId('bpm')).toHaveTextContent('97') // waits for the heart
      expect(screen.getByText('Max').nextElementSibling).toHaveTextContent('141')
      await vi.advanceTimersByTimeAsync(330) // the next thump
      expect(screen.getByTestId('heart')).toHaveClass('thump')
      expect(screen.getByTestId('bpm')).toHaveTextContent('60')
      expect(screen.getByText('Max').nextElementSibling).toHaveTextContent('150')
      // Without a live signal the heart rests, and a change shows at once.
      backend.pushStatus({ state: State.NoSignal, source: Source.Pulsoid })
      await vi.advanceTimersByTimeAsync(0)
      expect(screen.getByTestId('bpm')).toHaveTextContent('--')
    } finally {
      vi.useRealTimers()
    }
  })

  it('the heart keeps its rhythm when the rate changes between beats', async () => {
    // A new rate every 400 ms, as a watch may send: each must not restart
    // the wait for the next thump, or the heart would never beat.
    vi.useFakeTimers()
    try {
      const backend = open({ state: State.Live, source: Source.Pulsoid })
      await vi.advanceTimersByTimeAsync(0)
      let thumps = 0
      for (let t = 0; t < 5000; t += 10) {
        if (t % 400 === 0) backend.pushBeat({ bpm: t % 800 ? 60 : 61, measured_at: t, stats })
        const before = screen.getByTestId('heart').classList.contains('thump')
        await vi.advanceTimersByTimeAsync(10)
        if (!before && screen.getByTestId('heart').classList.contains('thump')) thumps++
      }
      expect(thumps).toBeGreaterThanOrEqual(4) // about 60 BPM over 5 s
      expect(thumps).toBeLessThanOrEqual(6)
    } finally {
      vi.useRealTimers()
    }
  })

  it('draws a silence as a gap, with the time on its axis', async () => {
    const backend = open({ state: State.Live, source: Source.Pulsoid })
    await settle()
    const t = Date.now() - 60_000
    // Three beats, half a minute of nothing, two beats.
    const arrivals = [0, 1000, 2000, 32000, 33000].map((dt, i) => ({ bpm: 90 + i, measured_at: 0, arrived_at: t + dt }))
    backend.pushHistory(arrivals)
    await settle()
    const chart = screen.getByTestId('chart')
    expect(chart.querySelector('path.line')!.getAttribute('d')!.match(/[ML]/g)).toEqual(['M', 'L', 'L', 'M', 'L'])
    expect([...chart.querySelectorAll('text.tick')].map((e) => e.textContent)).not.toHaveLength(0)
    expect(chart.querySelector('text.tick')!.textContent).toMatch(/^\d\d:\d\d$/)
  })

  it('starts over when the source changes: no stats or beats of the old one', async () => {
    const backend = open({ state: State.Live, source: Source.Pulsoid })
    await settle()
    expect(screen.getByText('141')).toBeInTheDocument()
    backend.pushHistory([])
    backend.pushStatus({ state: State.Connecting, source: Source.Demo })
    await settle()
    expect(screen.queryByText('141')).toBeNull()
    expect(screen.getByTestId('bpm')).toHaveTextContent('--')
    expect(screen.getByTestId('chart').querySelector('path.line')!.getAttribute('d')).toBe('')
  })
})


describe('settings', () => {
  async function openSettings() {
    const backend = open({ state: State.Reconnecting, source: Source.Pulsoid })
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    await settle()
    return backend
  }
  const field = (label: string) => screen.getByLabelText(label)

  it('saves the values typed and says what happened where the layout has room for it', async () => {
    const backend = await openSettings()
    expect(field('No signal after')).toHaveAttribute('placeholder', '10')
    await fireEvent.input(field('No signal after'), { target: { value: '30' } })
    await fireEvent.input(field('Pulsoid client id'), { target: { value: ' my-client ' } })
    backend.saveSettings = vi.fn(async () => 'Saved. Restart Beatcast to serve the overlay on 127.0.0.1:9000, then update the URL in OBS.')
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    expect(backend.saveSettings).toHaveBeenCalledWith({ signal_timeout_seconds: 30, overlay_addr: '', overlay_lan: false, client_id: 'my-client' })
    expect(screen.getByTestId('settings-saved')).toHaveTextContent('Restart Beatcast')
  })

  it('the address field shows the --overlay-addr in use, not the default', async () => {
    const backend = open({ state: State.Live, source: Source.Pulsoid })
    backend.settings = vi.fn(async () => ({
      client_id_from_env: false, default_overlay_addr: '127.0.0.1:8765', default_signal_timeout_seconds: 10, overlay_addr_flag: '127.0.0.1:9001',
    }))
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    await settle()
    expect(field('Overlay address')).toHaveAttribute('placeholder', '127.0.0.1:9001')
    expect(screen.getByTestId('addr-flag')).toHaveTextContent('Beatcast was started with --overlay-addr 127.0.0.1:9001, which wins')
    expect(screen.queryByText(/Empty: 127.0.0.1:8765/)).toBeNull()
  })

  it('refuses 0 and words, next to the field, in a sentence', async () => {
    const backend = await openSettings()
    for (const bad of ['0', 'ten', '601']) {
      await fireEvent.input(field('No signal after'), { target: { value: bad } })
      await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
      await settle()
      expect(screen.getByRole('alert')).toHaveTextContent(/^Enter a whole number of seconds from 1 to 600, or leave it empty for the default \(10 s\)\.$/)
      expect(field('No signal after')).toHaveAttribute('aria-invalid', 'true')
    }
    expect(backend.saveSettings).not.toHaveBeenCalled()
  })

  it("puts Go's problems next to the fields they name", async () => {
    const backend = await openSettings()
    backend.saveSettings = async () => {
      const why = 'Serving the overlay on 0.0.0.0:8765 would show your heart rate to every device on your network.'
      throw bridgeError('overlay_addr', why, [{ code: 'overlay_addr', message: why }])
    }
    await fireEvent.input(field('Overlay address'), { target: { value: '0.0.0.0:8765' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    expect(field('Overlay address')).toHaveAttribute('aria-invalid', 'true')
    expect(field('Overlay address').parentElement).toHaveTextContent('every device on your network')
    expect(field('No signal after')).not.toHaveAttribute('aria-invalid')
  })

  it('sharing on the network is a choice, said plainly', async () => {
    const backend = await openSettings()
    await fireEvent.click(screen.getByLabelText('Share on my network'))
    expect(screen.getByRole('note')).toHaveTextContent('every device on your network can open it')
    await fireEvent.input(field('Overlay address'), { target: { value: '0.0.0.0:8765' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(backend.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ overlay_addr: '0.0.0.0:8765', overlay_lan: true }))
  })

  it('starts with the computer at once, minimised or not, as the system keeps it', async () => {
    const backend = await openSettings()
    await fireEvent.click(screen.getByLabelText('Start Beatcast when I sign in to this computer'))
    await settle()
    expect(backend.setBackground).toHaveBeenLastCalledWith(true, false)
    await fireEvent.click(screen.getByLabelText(/in the notification area, without the window/))
    await settle()
    expect(backend.setBackground).toHaveBeenLastCalledWith(true, true)
    expect(backend.saveSettings).not.toHaveBeenCalled()
  })

  it('restores the defaults', async () => {
    const backend = await openSettings()
    await fireEvent.input(field('No signal after'), { target: { value: '45' } })
    await fireEvent.input(field('Overlay address'), { target: { value: '127.0.0.1:9000' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Restore defaults' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(backend.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ signal_timeout_seconds: 0, overlay_addr: '', overlay_lan: false }))
  })
})
