import { type Account, Source, State } from '../lib/types'
import { fireEvent, screen, within } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import { fakeBackend, noStats, renderApp, settle } from '../lib/fake-backend'
import { OPTIONS } from '../lib/overlay-options'


const demo: Account = { signed_in: false, has_client_id: true, demo: true }

async function openBuilder() {
  const backend = fakeBackend({ status: { state: State.Live, source: Source.Demo }, beat: { bpm: 80, measured_at: 1 }, stats: noStats }, demo)
  await renderApp(backend)
  await fireEvent.click(screen.getByRole('button', { name: 'Overlay' }))
  await settle()
  return backend
}

const url = () => screen.getByTestId('builder-url').textContent

describe('the overlay builder', () => {
  it('draws a control for each option of the table that applies to the look', async () => {
    await openBuilder()
    for (const o of OPTIONS.filter((o) => o.name !== 'style' && !o.styles)) {
      expect(screen.getByText(o.label)).toBeInTheDocument()
    }
    expect(screen.queryByText('Chart length')).toBeNull()
    await fireEvent.click(screen.getByLabelText('Chart'))
    expect(screen.getByText('Chart length')).toBeInTheDocument()
    expect(screen.queryByText("Ring's full scale")).toBeNull()
  })

  it('writes only what differs into the URL; the preview keeps its page and is told the look', async () => {
    const backend = await openBuilder()
    expect(url()).toBe('http://127.0.0.1:8765/')
    await fireEvent.click(screen.getByLabelText('Chart'))
    await fireEvent.input(screen.getByLabelText('Label'), { target: { value: 'HR' } })
    await settle()
    expect(url()).toBe('http://127.0.0.1:8765/?style=chart&label=HR')
    expect(screen.getByTitle('Overlay preview')).toHaveAttribute('src', 'http://127.0.0.1:8765/')
    expect(screen.getByTestId('obs-width')).toHaveTextContent('640')
    await fireEvent.click(screen.getByRole('button', { name: /Copy URL/ }))
    expect(backend.copy).toHaveBeenCalledWith('http://127.0.0.1:8765/?style=chart&label=HR')
  })

  it('edits colour zones as rows, never as typed text', async () => {
    await openBuilder()
    const zones = screen.getByTestId('zones')
    await fireEvent.click(within(zones).getByRole('button', { name: '+ Add a zone' }))
    await fireEvent.click(within(zones).getByRole('button', { name: '+ Add a zone' }))
    await settle()
    expect(new URL(url()!).searchParams.get('zones')).toBe('100:ffd000,120:ff3b30')
    await fireEvent.change(screen.getByLabelText('Zone 2 starts at BPM'), { target: { value: '300' } })
    await settle()
    expect(new URL(url()!).searchParams.get('zones')).toBe('100:ffd000,250:ff3b30')
    await fireEvent.click(screen.getByRole('button', { name: 'Remove zone 1' }))
    await settle()
    expect(new URL(url()!).searchParams.get('zones')).toBe('250:ff3b30')
  })

  it('saves a look under a name at a fixed URL with its own local file', async () => {
    const backend = await openBuilder()
    await fireEvent.click(screen.getByLabelText('Ring'))
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Boss Fight' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    expect(backend.saveOverlay).toHaveBeenCalledWith('boss-fight', { style: 'ring' })
    expect(url()).toBe('http://127.0.0.1:8765/o/boss-fight')
    expect(screen.getByTestId('builder-file')).toHaveTextContent('/data/overlays/boss-fight.html')
    expect(screen.getByTestId('builder-message')).toHaveTextContent('Saved boss-fight')
    // A later change is unsaved until saved again; OBS keeps the saved look meanwhile.
    await fireEvent.input(screen.getByLabelText('Label'), { target: { value: 'HR' } })
    await settle()
    expect(screen.getByTestId('builder-message')).toHaveTextContent('Unsaved changes')
    await fireEvent.click(screen.getByRole('button', { name: 'Save changes' }))
    await settle()
    expect(backend.saveOverlay).toHaveBeenLastCalledWith('boss-fight', { style: 'ring', label: 'HR' })
  })

  it("with unsaved edits a saved look keeps the URL OBS has, and the steps say what saving does", async () => {
    await openBuilder()
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'main' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    await fireEvent.click(screen.getByLabelText('Ring'))
    await settle()
    expect(url()).toBe('http://127.0.0.1:8765/o/main')
    expect(screen.getByText(/Save changes/, { selector: 'strong' }).closest('li')).toHaveTextContent(
      'Save changes and every OBS source with this URL restyles at once; until then it shows the saved look.',
    )
  })

  it('deletes a saved look only when asked twice, saying what goes blank in OBS', async () => {
    const backend = await openBuilder()
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'main' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Delete…' }))
    expect(backend.deleteOverlay).not.toHaveBeenCalled()
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Every OBS source showing http://127.0.0.1:8765/o/main goes blank')
    await fireEvent.click(screen.getByRole('button', { name: 'Keep it' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    await fireEvent.click(screen.getByRole('button', { name: 'Delete…' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Delete main' }))
    await settle()
    expect(backend.deleteOverlay).toHaveBeenCalledWith('main')
    expect(screen.getByTestId('builder-message')).toHaveTextContent('Deleted main.')
  })

  it('keeps an unsaved look across a tab switch', async () => {
    await openBuilder()
    await fireEvent.click(screen.getByLabelText('Badge'))
    await fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    await fireEvent.click(screen.getByRole('button', { name: 'Overlay' }))
    await settle()
    expect(url()).toBe('http://127.0.0.1:8765/?style=badge')
    expect(screen.getByLabelText('Badge')).toBeChecked()
  })

  it('opens a URL pasted from OBS to edit it', async () => {
    await openBuilder()
    await fireEvent.click(screen.getByRole('button', { name: 'Open a URL…' }))
    await fireEvent.input(screen.getByLabelText('Overlay URL to open'), {
      target: { value: 'http://127.0.0.1:8765/?style=stats&size=96' },
    })
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }))
    await settle()
    expect(screen.getByLabelText('Min / avg / max')).toBeChecked()
    expect(url()).toBe('http://127.0.0.1:8765/?style=stats&size=96')
  })
})
