import { Source, State } from './lib/types'
import { fireEvent, screen, within } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import App from './App.svelte'
import { fakeBackend, noStats, renderApp, settle } from './lib/fake-backend'

const stats = { count: 3, min: 61, max: 90, average: 74.4 }

describe('App', () => {
  it('starts from the snapshot, so the window is never blank', async () => {
    const backend = fakeBackend({ status: { state: State.Live, source: Source.Demo }, beat: { bpm: 77, measured_at: 1 }, stats })
    await renderApp(backend)
    expect(screen.getByTestId('bpm')).toHaveTextContent('77')
    expect(screen.getByTestId('status-pill')).toHaveTextContent('Demo')
    expect(screen.getByText('61')).toBeInTheDocument()
    expect(screen.getByText('90')).toBeInTheDocument()
    expect(screen.getByTestId('overlay-url')).toHaveTextContent('http://127.0.0.1:8765/')
    expect(screen.getByTestId('version')).toHaveTextContent('0.2.0')
    expect(screen.queryByTestId('development')).toBeNull()
  })

  it('follows beats and status events', async () => {
    const backend = fakeBackend({ status: { state: State.Connecting, source: Source.Demo }, stats: noStats })
    await renderApp(backend)
    expect(screen.getByTestId('bpm')).toHaveTextContent('--')
    backend.pushStatus({ state: State.Live, source: Source.Demo })
    backend.pushBeat({ bpm: 101, measured_at: 5, stats: { count: 1, min: 101, max: 101, average: 101 } })
    await settle()
    expect(screen.getByTestId('bpm')).toHaveTextContent('101')
  })

  it('never shows the old number as live when the signal is lost', async () => {
    const backend = fakeBackend({ status: { state: State.Live, source: Source.Pulsoid }, beat: { bpm: 110, measured_at: 1 }, stats })
    await renderApp(backend)
    backend.pushStatus({ state: State.NoSignal, source: Source.Pulsoid })
    await settle()
    expect(screen.getByTestId('bpm')).toHaveTextContent('--')
    expect(screen.getByTestId('bpm')).not.toHaveTextContent('110')
    expect(screen.getByTestId('status-sentence')).toHaveTextContent(/No signal from your strap for \d+ s/)
  })

  it('copies the overlay URL and the local-file path', async () => {
    const backend = fakeBackend({ status: { state: State.Live }, stats: noStats })
    await renderApp(backend)
    await fireEvent.click(screen.getByRole('button', { name: 'Copy URL' }))
    expect(backend.copy).toHaveBeenCalledWith('http://127.0.0.1:8765/')
    expect(screen.getByTestId('overlay-file')).toHaveTextContent('/home/streamer/.local/share/beatcast/overlay.html')
    await fireEvent.click(screen.getByRole('button', { name: 'Copy path' }))
    expect(backend.copy).toHaveBeenCalledWith('/home/streamer/.local/share/beatcast/overlay.html')
    await settle()
    expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument()
  })

  it('offers the saved look, whose URL never changes, not the default one; it wraps only after a slash', async () => {
    const backend = fakeBackend({ status: { state: State.Live }, stats: noStats })
    await backend.saveOverlay('main', { style: 'ring' })
    await renderApp(backend)
    expect(screen.getByTestId('overlay-look')).toHaveTextContent('main')
    expect(screen.getByTestId('overlay-url')).toHaveTextContent('http://127.0.0.1:8765/o/main')
    expect(screen.getByTestId('overlay-url').innerHTML).toContain('o/<wbr>main')
    expect(screen.getByText(/width 200, height 180/)).toBeInTheDocument()
    expect(screen.getByTestId('overlay-file')).toHaveTextContent('/data/overlays/main.html')
    await fireEvent.click(screen.getByRole('button', { name: 'Copy URL' }))
    expect(backend.copy).toHaveBeenCalledWith('http://127.0.0.1:8765/o/main')
  })

  it('shows a start-up notice until dismissed', async () => {
    const backend = fakeBackend({ status: { state: State.Live }, stats: noStats })
    backend.notice = async () => 'Your settings file could not be read'
    await renderApp(backend)
    expect(screen.getByRole('status')).toHaveTextContent('Your settings file could not be read')
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByText(/settings file could not be read/)).toBeNull()
  })
})

describe('who is signed in', () => {
  it('follows the account event, without asking the backend again on every status', async () => {
    const backend = fakeBackend({ status: { state: State.Live, source: Source.Demo }, stats: noStats }, {
      signed_in: false, has_client_id: true, demo: true,
    })
    await renderApp(backend)
    expect(screen.getByTestId('account')).toHaveTextContent(/demo/)
    for (const state of [State.NoSignal, State.Live, State.NoSignal]) backend.pushStatus({ state, source: Source.Demo })
    backend.pushAccount({ signed_in: true, profile_id: 'p1', has_client_id: true, demo: false })
    await settle()
    expect(screen.getByTestId('account')).toHaveTextContent(/Signed in to your Pulsoid account/)
    expect(backend.account).toHaveBeenCalledOnce()
  })
})

describe('the footer', () => {
  it('says a development build is one', async () => {
    const backend = fakeBackend({ status: { state: State.Live, source: Source.Demo }, stats: noStats })
    backend.version = vi.fn(async () => ({ version: '0.2.0+5', commit: 'abc1234', development: true }))
    await renderApp(backend)
    expect(screen.getByRole('contentinfo')).toHaveTextContent('Beatcast 0.2.0+5 · development build')
    expect(screen.getByRole('contentinfo')).toHaveAttribute('title', 'commit abc1234')
  })
})

describe('a window nobody can see', () => {
  const setVisibility = (state: 'visible' | 'hidden') => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
  }

  it('tells Beatcast, rests, and loads the picture afresh when it shows again', async () => {
    const backend = fakeBackend({ status: { state: State.Live, source: Source.Pulsoid }, beat: { bpm: 77, measured_at: 1 }, stats })
    await renderApp(backend)
    expect(backend.setWindowVisible).toHaveBeenLastCalledWith(true)
    expect(backend.history).toHaveBeenCalledTimes(1)
    try {
      setVisibility('hidden')
      await settle()
      expect(backend.setWindowVisible).toHaveBeenLastCalledWith(false)
      expect(screen.getByTestId('heart')).not.toHaveClass('thump')
      setVisibility('visible')
      await settle()
      expect(backend.setWindowVisible).toHaveBeenLastCalledWith(true)
      expect(backend.history).toHaveBeenCalledTimes(2) // the minutes it missed
      expect(backend.snapshot).toHaveBeenCalledTimes(2)
    } finally {
      setVisibility('visible')
    }
  })
})

describe('a streamer who asked their desktop for less motion', () => {
  // jsdom has no matchMedia: this one answers prefers-reduced-motion as a
  // desktop whose animations are off, and can change its mind.
  function reduceMotion(reduce: boolean) {
    const listeners = new Set<(e: MediaQueryListEvent) => void>()
    const query = {
      matches: reduce,
      addEventListener: (_: string, f: (e: MediaQueryListEvent) => void) => listeners.add(f),
      removeEventListener: (_: string, f: (e: MediaQueryListEvent) => void) => listeners.delete(f),
    }
    window.matchMedia = vi.fn((q: string) => {
      expect(q).toBe('(prefers-reduced-motion: reduce)')
      return query as unknown as MediaQueryList
    })
    return (next: boolean) => {
      query.matches = next
      listeners.forEach((f) => f({ matches: next } as MediaQueryListEvent))
    }
  }

  it('sees a still heart in full colour and each new number at once', async () => {
    const change = reduceMotion(true)
    try {
      const backend = fakeBackend({ status: { state: State.Live, source: Source.Pulsoid }, beat: { bpm: 77, measured_at: 1 }, stats })
      await renderApp(backend)
      const heart = screen.getByTestId('heart')
      expect(heart).toHaveClass('live')
      expect(heart).not.toHaveClass('thump')
      backend.pushBeat({ bpm: 131, measured_at: 2, stats })
      await settle()
      expect(screen.getByTestId('bpm')).toHaveTextContent('131') // not held for a thump that never comes
      expect(heart).not.toHaveClass('thump')

      change(false) // animations back on: it beats again, at once
      await settle()
      expect(heart).toHaveClass('thump')
    } finally {
      // @ts-expect-error jsdom had none
      delete window.matchMedia
    }
  })

  // WebKitGTK answers an edit of a text node in place with a third of a
  // second of wake-ups between its processes (src/lib/text.ts): each new
  // number is a new text node, and a statistic that did not change is not
  // touched at all.
  it('sees each new number drawn as a new text, and unchanged statistics left alone', async () => {
    reduceMotion(true) // each number at once, not at the next thump
    try {
      const backend = fakeBackend({ status: { state: State.Live, source: Source.Pulsoid }, beat: { bpm: 77, measured_at: 1 }, stats })
      await renderApp(backend)
      const number = screen.getByTestId('bpm').firstChild
      const min = screen.getByText('61').firstChild
      backend.pushBeat({ bpm: 78, measured_at: 2, stats: { ...stats, count: 4, max: 91 } })
      await settle()
      expect(screen.getByTestId('bpm')).toHaveTextContent('78')
      expect(screen.getByTestId('bpm').firstChild).not.toBe(number)
      expect(screen.getByText('91')).toBeInTheDocument()
      expect(screen.getByText('61').firstChild).toBe(min)
    } finally {
      // @ts-expect-error jsdom had none
      delete window.matchMedia
    }
  })
})

describe('closing the window while OBS shows the overlay', () => {
  const question = {
    message: 'OBS is showing your heart rate from Beatcast. Keep Beatcast running in the background so it stays on stream? ' +
      'Its icon in the notification area brings this window back.',
    keep: 'Keep it running in the tray',
  }
  for (const [button, call] of [['Keep it running in the tray', 'keepRunning'], ['Quit: the overlay stops', 'quit']] as const) {
    it(`asks with buttons that say what they do: ${button}`, async () => {
      const backend = await renderApp(fakeBackend({ status: { state: State.Live, source: Source.Pulsoid }, stats: noStats }))
      backend.pushCloseAsked(question)
      await settle()
      const dialog = screen.getByRole('dialog', { name: 'Keep your heart rate on stream?' })
      expect(dialog).toHaveTextContent(question.message)
      expect(within(dialog).queryByRole('button', { name: /^(Yes|No)$/ })).toBeNull()
      await fireEvent.click(within(dialog).getByRole('button', { name: button }))
      await settle()
      expect(backend[call]).toHaveBeenCalledOnce()
      expect(backend[call === 'quit' ? 'keepRunning' : 'quit']).not.toHaveBeenCalled()
      expect(screen.queryByRole('dialog')).toBeNull()
    })
  }

  it('Cancel leaves the window open and Beatcast as it was', async () => {
    const backend = await renderApp(fakeBackend({ status: { state: State.Live, source: Source.Pulsoid }, stats: noStats }))
    backend.pushCloseAsked(question)
    await settle()
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    await settle()
    expect(backend.keepRunning).not.toHaveBeenCalled()
    expect(backend.quit).not.toHaveBeenCalled()
    expect(screen.queryByRole('dialog')).toBeNull()
  })
})
