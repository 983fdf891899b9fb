import { Reason, Source, State } from '../../lib/types'
import { fireEvent, screen, within } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import { bridgeError } from '../../lib/backend'
import { fakeBackend, fakeStream, noStats, renderApp, settle } from '../../lib/fake-backend'

const live = { status: { state: State.Live, source: Source.Pulsoid }, beat: { bpm: 97, measured_at: 1 }, stats: noStats }
const pulsoid = { signed_in: true, has_client_id: true, demo: false }

async function openHistory() {
  const backend = fakeBackend(live, pulsoid)
  await renderApp(backend)
  await fireEvent.click(screen.getByRole('button', { name: 'History' }))
  await settle()
  return backend
}

describe('the history', () => {
  it('lists each recorded stream with its date, length, min/avg/max and zones, newest first', async () => {
    await openHistory()
    const rows = screen.getAllByTestId('stream')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent('1 h 30 min')
    expect(rows[0]).toHaveTextContent(/min\s*62/)
    expect(rows[0]).toHaveTextContent(/avg\s*104/)
    expect(rows[0]).toHaveTextContent(/max\s*171/)
    expect(within(rows[0]).getByTestId('zone-bar').children).toHaveLength(6)
    expect(screen.getByTestId('recording-state')).toHaveTextContent('/home/streamer/.local/share/beatcast/sessions')
    expect(screen.getByTestId('recording-state')).toHaveTextContent('kept 90 days')
  })

  it('opens one full size with its peaks, zones in minutes, and exports it', async () => {
    const backend = await openHistory()
    await fireEvent.click(screen.getAllByTestId('stream')[0])
    await settle()
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('1 h 30 min')
    expect(screen.getByTestId('stream-chart').querySelectorAll('[data-testid=peak]')).toHaveLength(1)
    // The detail has a stretch without beats: the line breaks there.
    expect(screen.getByTestId('stream-chart').querySelector('path.line')!.getAttribute('d')!.match(/M/g)!.length).toBeGreaterThan(1)
    const legend = screen.getByTestId('zone-legend')
    expect(legend).toHaveTextContent(/Easy\s*120–139 BPM\s*30 min/)
    expect(legend).toHaveTextContent(/Maximum\s*180\+ BPM\s*2 min/)

    await fireEvent.click(screen.getByRole('button', { name: 'Export CSV…' }))
    await settle()
    const id = fakeStream(Date.UTC(2026, 10, 20, 19, 0)).id
    expect(backend.exportStream).toHaveBeenCalledWith(id)
    expect(screen.getByRole('status')).toHaveTextContent(`Saved the heart rate to /home/streamer/Documents/${id}.csv.`)
  })

  it('shows the HRV of a strap\'s stream, in the list and open, and none for Pulsoid\'s', async () => {
    const backend = fakeBackend(live, pulsoid)
    const strap = { ...fakeStream(Date.UTC(2026, 10, 22, 19, 0)), source: Source.BLE, rmssd: 42.5, rr_intervals: 5300 }
    backend.streams = async () => [strap, fakeStream(Date.UTC(2026, 10, 18, 20, 30))]
    await renderApp(backend)
    await fireEvent.click(screen.getByRole('button', { name: 'History' }))
    await settle()
    const rows = screen.getAllByTestId('stream')
    expect(rows[0]).toHaveTextContent(/HRV\s*42.5/)
    expect(rows[1]).not.toHaveTextContent('HRV')
    backend.stream = async () => ({ ...strap, points: [], peaks: [], path: '/x.csv' })
    await fireEvent.click(rows[0])
    await settle()
    expect(screen.getByTestId('hrv')).toHaveTextContent('HRV (RMSSD)42.5 ms')
    expect(screen.getByText(/from 5,300 beat-to-beat intervals/)).toBeInTheDocument()
  })

  it('deletes a stream only when asked twice', async () => {
    const backend = await openHistory()
    await fireEvent.click(screen.getAllByTestId('stream')[1])
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Delete…' }))
    expect(backend.deleteStream).not.toHaveBeenCalled()
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }))
    await settle()
    expect(backend.deleteStream).toHaveBeenCalledOnce()
    expect(screen.getAllByTestId('stream')).toHaveLength(1)
  })

  it('says there is nothing yet, and why the demo is not there', async () => {
    const backend = fakeBackend(live, pulsoid)
    backend.streams = async () => []
    await renderApp(backend)
    await fireEvent.click(screen.getByRole('button', { name: 'History' }))
    await settle()
    expect(screen.getByTestId('no-streams')).toHaveTextContent('No streams recorded yet')
    expect(screen.getByTestId('recording-state')).toHaveTextContent('never the demo')
  })

  it('recording settings: checked next to their fields, applied at once', async () => {
    const backend = await openHistory()
    await fireEvent.click(screen.getByText('Recording settings'))
    await fireEvent.input(screen.getByLabelText('Keep them for'), { target: { value: '0' } })
    await fireEvent.input(screen.getByLabelText('My maximum heart rate'), { target: { value: '185' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a number of days from 1 to 3650, or leave it empty for 90.')
    expect(backend.setHistory).not.toHaveBeenCalled()
    await fireEvent.input(screen.getByLabelText('Keep them for'), { target: { value: '30' } })
    await fireEvent.click(screen.getByLabelText('Record my streams'))
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    expect(backend.setHistory).toHaveBeenCalledWith(false, 30, 185)
    expect(screen.getByTestId('recording-state')).toHaveTextContent('Recording is off')
  })
})

describe('the recap', () => {
  it('appears when a stream ends, with its summary, and leads to it', async () => {
    const backend = fakeBackend(live, pulsoid)
    await renderApp(backend)
    const s = fakeStream(Date.UTC(2026, 10, 20, 19, 0))
    backend.pushSessionEnded(s)
    await settle()
    expect(screen.getByTestId('recap')).toHaveTextContent('Stream recorded: 1 h 30 min · min 62 · avg 104 · max 171 BPM.')
    await fireEvent.click(within(screen.getByTestId('recap')).getByRole('button', { name: 'View' }))
    await settle()
    expect(screen.queryByTestId('recap')).toBeNull()
    expect(backend.stream).toHaveBeenCalledWith(s.id)
  })

  it('leads to its stream after a sign-out too, and the next sign-in lands on the dashboard', async () => {
    const backend = fakeBackend(live, pulsoid)
    await renderApp(backend)
    backend.pushStatus({ state: State.SignedOut, source: Source.Pulsoid, reason: Reason.SignedOutByUser, message: 'You signed out.' })
    backend.pushAccount({ signed_in: false, has_client_id: true, demo: false })
    const s = fakeStream(Date.UTC(2026, 10, 20, 19, 0))
    backend.pushSessionEnded(s)
    await settle()
    await fireEvent.click(within(screen.getByTestId('recap')).getByRole('button', { name: 'View' }))
    await settle()
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('1 h 30 min')
    expect(screen.getByTestId('stream-chart')).toBeInTheDocument()
    // The first tab is the sign-in while signed out.
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    await settle()
    expect(screen.getByRole('button', { name: /Sign in with Pulsoid/ })).toBeInTheDocument()
    await fireEvent.click(screen.getByRole('button', { name: 'History' }))
    backend.pushAccount(pulsoid)
    backend.pushStatus(live.status)
    await settle()
    expect(screen.getByTestId('bpm')).toBeInTheDocument()
    expect(screen.queryByTestId('stream-chart')).toBeNull()
  })
})

describe('the text file', () => {
  it('is set on the Overlay screen, then shows its path with Copy and the OBS steps', async () => {
    const backend = fakeBackend(live, pulsoid)
    await renderApp(backend)
    await fireEvent.click(screen.getByRole('button', { name: 'Overlay' }))
    await settle()
    expect(screen.queryByTestId('text-file-in-use')).toBeNull()
    await fireEvent.click(screen.getByRole('button', { name: /^Use / }))
    await fireEvent.click(screen.getByRole('button', { name: 'Save text file' }))
    await settle()
    expect(backend.setTextFile).toHaveBeenCalledWith('/home/streamer/.local/share/beatcast/heart-rate.txt', '')
    const inUse = screen.getByTestId('text-file-in-use')
    expect(inUse).toHaveTextContent('/home/streamer/.local/share/beatcast/heart-rate.txt')
    expect(screen.getByText(/Read from file/)).toBeInTheDocument()
    await fireEvent.click(within(inUse).getByRole('button', { name: 'Copy path' }))
    await settle()
    expect(backend.copy).toHaveBeenCalledWith('/home/streamer/.local/share/beatcast/heart-rate.txt')
    expect(within(inUse).getByRole('button', { name: 'Copied' })).toBeInTheDocument()
  })

  it('a file that cannot be written is refused next to its field, never "Saved"', async () => {
    const backend = fakeBackend(live, pulsoid)
    const sentence = 'Beatcast cannot write to /root/bpm.txt (permission denied). Pick a file in a folder you can write to.'
    backend.setTextFile = vi.fn(async () => {
      throw bridgeError('text_file', sentence)
    })
    await renderApp(backend)
    await fireEvent.click(screen.getByRole('button', { name: 'Overlay' }))
    await settle()
    await fireEvent.input(screen.getByLabelText('File'), { target: { value: '/root/bpm.txt' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save text file' }))
    await settle()
    expect(screen.getByRole('alert')).toHaveTextContent(sentence)
    expect(screen.getByLabelText('File')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByText(/Saved/)).toBeNull()
    expect(screen.queryByTestId('text-file-in-use')).toBeNull()
  })
})
