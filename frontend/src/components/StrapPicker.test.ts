import { Reason, Source, State } from '../lib/types'
import { fireEvent, screen, within } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import { fakeBackend, nearbyStraps, noStats, renderApp, settle, signedOutAccount } from '../lib/fake-backend'
import { bridgeError } from '../lib/backend'

const firstRun = { status: { state: State.SignedOut, source: Source.Pulsoid, reason: Reason.NotSignedIn }, stats: noStats }

describe('a Bluetooth strap', () => {
  it('is one of the three ways in on the first screen, with Pulsoid and the demo', async () => {
    await renderApp(fakeBackend(firstRun, signedOutAccount))
    expect(screen.getByRole('button', { name: 'Use a Bluetooth strap' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Sign in with Pulsoid' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Try demo' })).toBeInTheDocument()
  })

  it('is picked from the devices a scan hears, each with its signal and battery, and remembered', async () => {
    const backend = await renderApp(fakeBackend(firstRun, signedOutAccount))
    await fireEvent.click(screen.getByRole('button', { name: 'Use a Bluetooth strap' }))
    await settle()
    const straps = screen.getAllByTestId('strap')
    expect(straps.map((s) => s.textContent)).toEqual([
      expect.stringContaining('Polar H10 1A2B3C4D'),
      expect.stringContaining('TICKR 4F2A'),
    ])
    expect(straps[0]).toHaveTextContent('Signal strong')
    expect(straps[1]).toHaveTextContent('Signal weak')
    expect(straps[1]).toHaveTextContent('battery 60 %')
    expect(straps[0]).not.toHaveTextContent('battery')
    await fireEvent.click(within(straps[0]).getByRole('button', { name: 'Use Polar H10 1A2B3C4D' }))
    await settle()
    expect(backend.useStrap).toHaveBeenCalledWith(nearbyStraps[0].address, 'Polar H10 1A2B3C4D')
  })

  it('says in Go\'s words what stops Bluetooth, and looks again', async () => {
    const backend = fakeBackend(firstRun, signedOutAccount)
    backend.scanStraps = async () => {
      throw bridgeError('strap_scan', 'Bluetooth is off. Turn it on: on Windows in Settings → Bluetooth & devices; on Linux with your desktop\'s Bluetooth switch or bluetoothctl power on.')
    }
    await renderApp(backend)
    await fireEvent.click(screen.getByRole('button', { name: 'Use a Bluetooth strap' }))
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent('Bluetooth is off. Turn it on')
    backend.scanStraps = async () => []
    await fireEvent.click(screen.getByRole('button', { name: 'Look again' }))
    await settle()
    expect(screen.getByText(/No heart-rate device heard/)).toBeInTheDocument()
  })

  it('is shown in Settings, where another can be picked or it can be forgotten', async () => {
    const live = { status: { state: State.Live, source: Source.BLE, device: { name: 'Polar H10 1A2B3C4D', address: nearbyStraps[0].address, battery: 80 } },
      beat: { bpm: 72, measured_at: 1 }, stats: noStats }
    const backend = fakeBackend(live, { ...signedOutAccount, strap: 'Polar H10 1A2B3C4D' })
    await backend.useStrap(nearbyStraps[0].address, 'Polar H10 1A2B3C4D')
    await renderApp(backend)
    expect(screen.getByTestId('status-sentence')).toHaveTextContent('Live from Polar H10 1A2B3C4D · battery 80 %')
    expect(screen.getByTestId('account')).toHaveTextContent('Reading Polar H10 1A2B3C4D over Bluetooth')
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    await settle()
    const part = screen.getByRole('region', { name: 'Heart-rate strap' })
    expect(within(part).getByTestId('strap-remembered')).toHaveTextContent('Polar H10 1A2B3C4D A0:9E:1A:00:00:01 — read on every start.')
    await fireEvent.click(within(part).getByRole('button', { name: 'Forget it' }))
    await settle()
    expect(backend.forgetStrap).toHaveBeenCalled()
    expect(within(part).getByText(/No strap chosen/)).toBeInTheDocument()
  })
})
