// A Backend for tests: it records calls and lets a test push events.
import { vi } from 'vitest'
import type { Backend } from './backend'
import type { Account, BeatEvent, ParsedURL, SavedOverlay, SettingsForm, SignInState, Snapshot, Status } from './types'

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
}

export const noStats = { count: 0, min: 0, max: 0, average: 0 }
export const signedOutAccount: Account = { signed_in: false, has_client_id: true, demo: false }

export function fakeBackend(snapshot: Snapshot, account: Account = signedOutAccount): FakeBackend {
  const status: Listeners<Status> = new Set()
  const beat: Listeners<BeatEvent> = new Set()
  const signIn: Listeners<SignInState> = new Set()
  const notice: Listeners<string> = new Set()
  let saved: SavedOverlay[] = []
  return {
    snapshot: vi.fn(async () => snapshot),
    history: vi.fn(async () => []),
    overlayURL: vi.fn(async () => 'http://127.0.0.1:8765/'),
    localOverlayPath: vi.fn(async () => '/home/streamer/.local/share/beatcast/overlay.html'),
    notice: vi.fn(async () => ''),
    version: vi.fn(async () => 'test'),
    account: vi.fn(async () => account),
    signInState: vi.fn(async (): Promise<SignInState> => ({ phase: 'idle' })),
    signIn: vi.fn(async (): Promise<SignInState> => ({ phase: 'waiting' })),
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
    pushStatus: (s) => status.forEach((f) => f(s)),
    pushBeat: (b) => beat.forEach((f) => f(b)),
    pushSignIn: (s) => signIn.forEach((f) => f(s)),
  }
}
