import { Phase, type Account, type BeatEvent, type ParsedURL, type SavedOverlay, type SettingsForm, type SignInState, type Snapshot, type Status } from './types'
// What the window's tests share: a Backend that records calls and lets a
// test push events, the app rendered on it, and a wait for Svelte to settle.
import { render } from '@testing-library/svelte'
import { tick } from 'svelte'
import { vi } from 'vitest'
import App from '../App.svelte'
import type { Backend } from './backend'

type Listeners<T> = Set<(v: T) => void>

function listen<T>(set: Listeners<T>) {
  return (fn: (v: T) => void) => {
    set.add(fn)
    return () => void set.delete(fn)
  }
}

export interface FakeBackend extends Backend {
  pushStatus(s: Status): void
  pushBeat(b: BeatEvent): void
  pushSignIn(s: SignInState): void
  pushAccount(a: Account): void
}

export const noStats = { count: 0, min: 0, max: 0, average: 0 }
export const signedOutAccount: Account = { signed_in: false, has_client_id: true, demo: false }

export function fakeBackend(snapshot: Snapshot, account: Account = signedOutAccount): FakeBackend {
  const status: Listeners<Status> = new Set()
  const beat: Listeners<BeatEvent> = new Set()
  const signIn: Listeners<SignInState> = new Set()
  const notice: Listeners<string> = new Set()
  const accounts: Listeners<Account> = new Set()
  let saved: SavedOverlay[] = []
  return {
    snapshot: vi.fn(async () => snapshot),
    history: vi.fn(async () => []),
    overlayURL: vi.fn(async () => 'http://127.0.0.1:8765/'),
    localOverlayPath: vi.fn(async () => '/home/streamer/.local/share/beatcast/overlay.html'),
    notice: vi.fn(async () => ''),
    version: vi.fn(async () => ({ version: '0.2.0', commit: 'abc1234', development: false })),
    account: vi.fn(async () => account),
    signInState: vi.fn(async (): Promise<SignInState> => ({ phase: Phase.Idle })),
    signIn: vi.fn(async (): Promise<SignInState> => ({ phase: Phase.Waiting })),
    cancelSignIn: vi.fn(async () => {}),
    retryNow: vi.fn(async () => {}),
    useToken: vi.fn(async () => {}),
    setClientID: vi.fn(async () => {}),
    settings: vi.fn(
      async (): Promise<SettingsForm> => ({
        client_id_from_env: false,
        default_overlay_addr: '127.0.0.1:8765',
        default_signal_timeout_seconds: 10,
      }),
    ),
    saveSettings: vi.fn(async () => 'Saved.'),
    signOut: vi.fn(async () => {}),
    background: vi.fn(async () => ({ autostart: false, start_minimised: false, tray: true })),
    setBackground: vi.fn(async (autostart: boolean, minimised: boolean) => ({ autostart, start_minimised: minimised, tray: true })),
    overlays: vi.fn(async () => saved),
    saveOverlay: vi.fn(async (name: string, options: Record<string, string>) => {
      const s: SavedOverlay = { name, options, url: `http://127.0.0.1:8765/o/${name}`, local_file: `/data/overlays/${name}.html` }
      saved = [...saved.filter((x) => x.name !== name), s]
      return s
    }),
    deleteOverlay: vi.fn(async (name: string) => {
      saved = saved.filter((x) => x.name !== name)
    }),
    parseOverlayURL: vi.fn(async (url: string): Promise<ParsedURL> => {
      const u = new URL(url)
      if (u.pathname.startsWith('/o/')) return { saved: u.pathname.slice(3), options: {} }
      return { options: Object.fromEntries(u.searchParams) }
    }),
    startDemo: vi.fn(async () => {}),
    copy: vi.fn(async () => true),
    openURL: vi.fn(),
    onStatus: listen(status),
    onBeat: listen(beat),
    onSignIn: listen(signIn),
    onNotice: listen(notice),
    onAccount: listen(accounts),
    pushStatus: (s) => status.forEach((f) => f(s)),
    pushBeat: (b) => beat.forEach((f) => f(b)),
    pushSignIn: (s) => signIn.forEach((f) => f(s)),
    pushAccount: (a) => accounts.forEach((f) => f(a)),
  }
}

/** Lets Svelte apply state changes and the fake's promises resolve. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await tick()
    await new Promise((r) => setTimeout(r, 0))
  }
}

/** Renders the whole window on a fake backend and lets it load. */
export async function renderApp(snapshot: Snapshot, account?: Account): Promise<FakeBackend> {
  const backend = fakeBackend(snapshot, account)
  render(App, { backend })
  await settle()
  return backend
}
