import { Source, State } from '../../lib/types'
import { fireEvent, screen, within } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import { fakeBackend, noStats, renderApp, settle } from '../../lib/fake-backend'

const live = { status: { state: State.Live, source: Source.Pulsoid }, beat: { bpm: 97, measured_at: 1 }, stats: noStats }
const pulsoid = { signed_in: true, has_client_id: true, demo: false }

async function openSettings() {
  const backend = fakeBackend(live, pulsoid)
  await renderApp(backend)
  await fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
  await settle()
  return backend
}

describe('alerts', () => {
  it('are checked next to their fields, and Go says what the window cannot', async () => {
    const backend = await openSettings()
    const part = screen.getByRole('region', { name: 'Heart-rate alerts' })
    await fireEvent.input(within(part).getByLabelText('High'), { target: { value: '20' } })
    await fireEvent.click(within(part).getByRole('button', { name: 'Save alerts' }))
    await settle()
    expect(within(part).getByRole('alert')).toHaveTextContent('Enter the high alert in BPM from 30 to 250')
    expect(backend.setAlerts).not.toHaveBeenCalled()

    await fireEvent.input(within(part).getByLabelText('High'), { target: { value: '120' } })
    await fireEvent.input(within(part).getByLabelText('Low'), { target: { value: '130' } })
    await fireEvent.click(within(part).getByRole('button', { name: 'Save alerts' }))
    await settle()
    expect(within(part).getByRole('alert')).toHaveTextContent('The low alert (130 BPM) must be below the high one (120 BPM).')
    expect(within(part).getByLabelText('Low')).toHaveAttribute('aria-invalid', 'true')

    await fireEvent.input(within(part).getByLabelText('Low'), { target: { value: '' } })
    await fireEvent.click(within(part).getByRole('button', { name: 'Save alerts' }))
    await settle()
    expect(backend.setAlerts).toHaveBeenLastCalledWith(120, 0)
    expect(within(part).getByRole('status')).toHaveTextContent('Saved: alerts apply at once.')
  })

  it('show on the dashboard while under way, and each crossing is marked on the chart', async () => {
    const backend = fakeBackend(live, pulsoid)
    await renderApp(backend)
    backend.pushBeat({ bpm: 151, measured_at: 2, stats: noStats })
    backend.pushAlert({ level: 'high', bpm: 151, threshold: 150 })
    await settle()
    expect(screen.getByTestId('alert')).toHaveTextContent('Above your high alert of 150 BPM')
    backend.pushAlert({ level: 'normal', bpm: 144, threshold: 150 })
    await settle()
    expect(screen.queryByTestId('alert')).toBeNull()
    const bands = screen.getByTestId('chart').querySelectorAll('[data-testid=alert-span]')
    expect([...bands].map((b) => ['high', 'low'].find((c) => b.classList.contains(c)))).toEqual(['high'])
  })

  it('a heart rate hovering at the line is one band on the chart, not a barcode', async () => {
    const backend = fakeBackend(live, pulsoid)
    await renderApp(backend)
    for (let i = 0; i < 10; i++) {
      backend.pushAlert({ level: 'high', bpm: 151, threshold: 150 })
      backend.pushAlert({ level: 'normal', bpm: 144, threshold: 150 })
    }
    await settle()
    expect(screen.getByTestId('chart').querySelectorAll('[data-testid=alert-span]')).toHaveLength(1)
  })
})

describe('VRChat over OSC', () => {
  it('turns on to the default address and says how sending goes', async () => {
    const backend = await openSettings()
    const part = screen.getByRole('region', { name: 'VRChat (OSC)' })
    expect(within(part).getByLabelText('Address')).toBeDisabled()
    await fireEvent.click(within(part).getByLabelText('Send to VRChat'))
    await fireEvent.click(within(part).getByRole('button', { name: 'Save VRChat' }))
    await settle()
    expect(backend.setOSC).toHaveBeenCalledWith(true, '', false, '', '')
    expect(within(part).getByTestId('osc-status')).toHaveTextContent('Sending to VRChat at 127.0.0.1:9000: 12 messages so far.')
    expect(part).toHaveTextContent('isHRBeat')
  })

  it('sends one tool\'s parameters when asked, and says what isHRBeat then means', async () => {
    const backend = await openSettings()
    const part = screen.getByRole('region', { name: 'VRChat (OSC)' })
    await fireEvent.click(within(part).getByLabelText('Send to VRChat'))
    expect(part).toHaveTextContent('true for 0.1 s on each heartbeat')
    await fireEvent.change(within(part).getByLabelText('Avatar parameters'), { target: { value: 'pulsoidtoosc' } })
    expect(part).toHaveTextContent('flips on each reading')
    await fireEvent.click(within(part).getByRole('button', { name: 'Save VRChat' }))
    await settle()
    expect(backend.setOSC).toHaveBeenCalledWith(true, '', false, '', 'pulsoidtoosc')
  })
})
