import { State, type Account, type Status } from '../lib/types'
import { fireEvent, render, screen } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import App from '../App.svelte'
import { fakeBackend, noStats, settle } from '../lib/fake-backend'


const stats = { count: 120, min: 58, max: 141, average: 90.2, started_at: Date.now() - 125_000 }
const demoAccount: Account = { signed_in: false, has_client_id: true, demo: true }
const pulsoidAccount: Account = { signed_in: true, profile_id: 'abc', has_client_id: true, demo: false }

function open(status: Status, account: Account = pulsoidAccount) {
  const backend = fakeBackend({ status, beat: { bpm: 97, measured_at: 1 }, stats }, account)
  render(App, { backend })
  return backend
}

describe('the dashboard tells the truth in every state', () => {
  it('live from Pulsoid: the number, the heart beating at the rate, the session', async () => {
    open({ state: State.Live, source: 'pulsoid' })
    await settle()
    expect(screen.getByTestId('bpm')).toHaveTextContent('97')
    expect(screen.getByTestId('status-pill')).toHaveTextContent('Live')
    expect(screen.getByTestId('status-sentence')).toHaveTextContent('Live from Pulsoid')
    expect(screen.getByTestId('heart')).toHaveClass('beating')
    expect(screen.getByTestId('duration')).toHaveTextContent(/^2:0[45]$/)
    expect(screen.getByText('58')).toBeInTheDocument()
    expect(screen.getByText('141')).toBeInTheDocument()
  })

  it('no signal: dashes, a still heart and how long', async () => {
    open({ state: State.NoSignal, source: 'pulsoid', last_beat_at: Date.now() - 14_000 })
    await settle()
    expect(screen.getByTestId('bpm')).toHaveTextContent('--')
    expect(screen.getByTestId('heart')).not.toHaveClass('beating')
    expect(screen.getByTestId('status-pill')).toHaveTextContent('No signal')
  })

  it('reconnecting: when and which attempt', async () => {
    open({ state: State.Reconnecting, source: 'pulsoid', attempt: 3, retry_at: Date.now() + 8_000, message: "Can't reach Pulsoid." })
    await settle()
    expect(screen.getByTestId('bpm')).toHaveTextContent('--')
    expect(screen.getByTestId('status-sentence')).toHaveTextContent(/Reconnecting in [78] s — attempt 3: Can't reach Pulsoid\./)
  })

  it("reconnecting with Go's sentence: counts it down and offers Retry now", async () => {
    const backend = open({
      state: State.Reconnecting, source: 'pulsoid', attempt: 2, reason: 'refused', retry_at: Date.now() + 2_000,
      message: 'Pulsoid refused the live connection; retrying in 2 s.',
    })
    await settle()
    expect(screen.getByTestId('status-sentence')).toHaveTextContent(/Pulsoid refused the live connection; retrying in [12] s\./)
    await fireEvent.click(screen.getByRole('button', { name: 'Retry now' }))
    expect(backend.retryNow).toHaveBeenCalledOnce()
  })

  it('connecting: says to what', async () => {
    open({ state: State.Connecting, source: 'pulsoid' })
    await settle()
    expect(screen.getByTestId('status-sentence')).toHaveTextContent('Connecting to Pulsoid…')
  })

  it('demo: says it is the demo and offers to connect Pulsoid', async () => {
    open({ state: State.Live, source: 'demo' }, demoAccount)
    await settle()
    expect(screen.getByTestId('status-sentence')).toHaveTextContent('Live — demo heart rate')
    expect(screen.getByRole('button', { name: 'Connect Pulsoid' })).toBeInTheDocument()
  })

  it('follows beats into the chart', async () => {
    const backend = open({ state: State.Live, source: 'demo' }, demoAccount)
    await settle()
    for (const bpm of [80, 85, 90]) backend.pushBeat({ bpm, measured_at: bpm, stats: noStats })
    await settle()
    expect(screen.getByTestId('chart').querySelector('polyline')!.getAttribute('points')!.split(' ')).toHaveLength(3)
  })
})


describe('settings', () => {
  it('saves, shows what happened, and says what to fix', async () => {
    const backend = open({ state: State.Live, source: 'pulsoid' })
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    await settle()
    expect(screen.getByLabelText('No signal after')).toHaveAttribute('placeholder', '10')
    await fireEvent.input(screen.getByLabelText('No signal after'), { target: { value: '15' } })
    await fireEvent.input(screen.getByLabelText('Overlay address'), { target: { value: '127.0.0.1:9000' } })
    backend.saveSettings = async () => 'Saved. Restart Beatcast to serve the overlay on 127.0.0.1:9000, then update the URL in OBS.'
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    expect(screen.getByRole('status')).toHaveTextContent('Restart Beatcast')

    await fireEvent.input(screen.getByLabelText('No signal after'), { target: { value: 'ten' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent('whole number of seconds')

    backend.saveSettings = async () => {
      throw 'the overlay address "9000" must be HOST:PORT, e.g. 127.0.0.1:8765'
    }
    await fireEvent.input(screen.getByLabelText('No signal after'), { target: { value: '' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent('HOST:PORT')
  })

  it('sends the values typed', async () => {
    const backend = open({ state: State.Live, source: 'pulsoid' })
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    await settle()
    await fireEvent.input(screen.getByLabelText('No signal after'), { target: { value: '30' } })
    await fireEvent.input(screen.getByLabelText('Pulsoid client id'), { target: { value: ' my-client ' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(backend.saveSettings).toHaveBeenCalledWith({ signal_timeout_seconds: 30, overlay_addr: '', client_id: 'my-client' })
  })

  it('signs out from settings', async () => {
    const backend = open({ state: State.Live, source: 'pulsoid' })
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(backend.signOut).toHaveBeenCalledOnce()
  })
})
