import { Source, State } from '../../lib/types'
import { fireEvent, screen, within } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import { fakeBackend, fakeOBSForm, noStats, obsConnected, obsInventory, renderApp, settle } from '../../lib/fake-backend'
import { bridgeError } from '../../lib/backend'

const live = { status: { state: State.Live, source: Source.Demo }, beat: { bpm: 97, measured_at: 1 }, stats: noStats }

async function openOBS(backend = fakeBackend(live)) {
  await renderApp(backend)
  await fireEvent.click(screen.getByRole('button', { name: 'OBS' }))
  await settle()
  return backend
}

function select(label: string, within_: HTMLElement, value: string) {
  return fireEvent.change(within(within_).getByLabelText(label), { target: { value } })
}

describe('the OBS screen', () => {
  it('picks "switch to Panic during a high alert" and the Text source from what OBS has, and saves them', async () => {
    const backend = await openOBS()
    expect(screen.getByTestId('obs-status')).toHaveTextContent('Connected: Connected to OBS 29.0.2 (obs-websocket 5.1.0).')
    expect(screen.getByLabelText('Address')).toHaveAttribute('placeholder', 'ws://127.0.0.1:4455')
    await fireEvent.click(screen.getByLabelText('Connect to OBS'))
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'hunter2' } })
    // Only OBS's Text sources are offered.
    const text = screen.getByLabelText('Text source') as HTMLSelectElement
    expect([...text.options].map((o) => o.value)).toEqual(['', 'Heart rate', 'BPM (old)'])
    await fireEvent.change(text, { target: { value: 'Heart rate' } })

    await fireEvent.click(screen.getByRole('button', { name: 'Add an action' }))
    await settle()
    const rule = screen.getByTestId('obs-rule')
    const scenes = within(rule).getByLabelText('Scene to switch to') as HTMLSelectElement
    expect([...scenes.options].map((o) => o.value)).toEqual(['', 'Game', 'Panic', 'BRB'])
    await select('Scene to switch to', rule, 'Panic')
    await fireEvent.click(screen.getByRole('button', { name: 'Save OBS' }))
    await settle()
    expect(backend.setOBSPassword).toHaveBeenCalledWith('hunter2')
    expect(backend.saveOBS).toHaveBeenLastCalledWith(true, '', 'Heart rate',
      [{ when: 'high_alert', do: 'scene', scene: 'Panic' }])
    expect(screen.getByText('Saved: Beatcast connects to OBS by itself.')).toBeInTheDocument()
    // The password is never read back: the field only says one is kept.
    expect(screen.getByLabelText('Password')).toHaveValue('')
    expect(screen.getByLabelText('Password')).toHaveAttribute('placeholder', 'Kept (hidden): type to replace it')
  })

  it('offers a scene\'s own sources to show, and a source\'s own filters', async () => {
    await openOBS()
    await fireEvent.click(screen.getByRole('button', { name: 'Add an action' }))
    await settle()
    const rule = screen.getByTestId('obs-rule')
    await select('Do', rule, 'show')
    await select('Scene', rule, 'Game')
    await settle()
    const sources = within(rule).getByLabelText('Source') as HTMLSelectElement
    expect([...sources.options].map((o) => o.value)).toEqual(['', ...obsInventory.scenes[0].sources])
    await select('Do', rule, 'filter_on')
    await select('Source', rule, 'Camera')
    await settle()
    const filters = within(rule).getByLabelText('Filter') as HTMLSelectElement
    expect([...filters.options].map((o) => o.value)).toEqual(['', 'Shake', 'Red tint'])
  })

  it('shows what this OBS cannot do, with the reason, and Try it says what happened', async () => {
    const backend = await openOBS()
    await fireEvent.click(screen.getByRole('button', { name: 'Add an action' }))
    await settle()
    const rule = screen.getByTestId('obs-rule')
    const chapter = within(rule).getByRole('option', { name: 'Mark a chapter in the recording (not with this OBS)' }) as HTMLOptionElement
    expect(chapter.disabled).toBe(true)
    expect(chapter.title).toContain('obs-websocket 5.5 (OBS 30.2)')

    await select('Scene to switch to', rule, 'Panic')
    await fireEvent.click(within(rule).getByRole('button', { name: 'Try it' }))
    await settle()
    expect(backend.tryOBSRule).toHaveBeenCalledWith({ when: 'high_alert', do: 'scene', scene: 'Panic' })
    expect(within(rule).getByRole('status')).toHaveTextContent('Done: undone in 5 seconds.')

    backend.tryOBSRule = async () => { throw bridgeError('obs_try', 'During a high alert: switch to the scene "Panic", then back: OBS has no such scene, source or filter (renamed or deleted?). Pick it again in Settings → OBS.') }
    await fireEvent.click(within(rule).getByRole('button', { name: 'Try it' }))
    await settle()
    expect(within(rule).getByRole('status')).toHaveTextContent('OBS has no such scene')
  })

  it('says each state in words as it changes, with Reconnect where it helps', async () => {
    const backend = await openOBS()
    backend.pushOBS({ state: 'refused', url: 'ws://127.0.0.1:4455',
      message: 'OBS refused the password. Copy it again from OBS (Tools → WebSocket Server Settings → Show Connect Info) into Beatcast\'s Settings → OBS.' })
    await settle()
    expect(screen.getByTestId('obs-status')).toHaveTextContent('Refused: OBS refused the password.')
    await fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }))
    expect(backend.reconnectOBS).toHaveBeenCalled()
    backend.pushOBS({ state: 'off', url: 'ws://127.0.0.1:4455',
      message: 'OBS is running, but its websocket server is off. In OBS, open Tools → WebSocket Server Settings, tick "Enable WebSocket server" and check the port is 4455.' })
    await settle()
    expect(screen.getByTestId('obs-status')).toHaveTextContent('Websocket server off: OBS is running, but its websocket server is off.')
    expect(screen.getByRole('button', { name: 'Add an action' })).toBeDisabled()
  })

  it('keeps a saved scene OBS no longer has, marked, rather than changing the action', async () => {
    const backend = fakeBackend(live)
    backend.obs = async () => ({ ...fakeOBSForm(obsConnected), url: 'ws://127.0.0.1:4455',
      rules: [{ when: 'no_signal', do: 'scene', scene: 'Old BRB' }] })
    await openOBS(backend)
    const rule = screen.getByTestId('obs-rule')
    expect(within(rule).getByLabelText('Scene to switch to')).toHaveValue('Old BRB')
    expect(within(rule).getByRole('option', { name: 'Old BRB (not in OBS now)' })).toBeInTheDocument()
  })

  it('an address that is not ws:// is refused next to its field, with Go\'s sentence', async () => {
    await openOBS()
    await fireEvent.input(screen.getByLabelText('Address'), { target: { value: '127.0.0.1:4455' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save OBS' }))
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent('Give OBS\'s websocket address as ws://HOST:PORT')
    expect(screen.getByLabelText('Address')).toHaveAttribute('aria-invalid', 'true')
  })
})
