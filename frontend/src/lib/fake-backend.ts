import {
  type Account,
  type Alert,
  type AlertSettings,
  type Arrival,
  type BeatEvent,
  type CloseQuestion,
  type FoundStrap,
  type HistoryInfo,
  type OBSForm,
  type OBSInventory,
  type OBSRule,
  type OBSStatus,
  type OSCSettings,
  type ParsedURL,
  Phase,
  type SavedOverlay,
  type SettingsForm,
  type SignInState,
  type Snapshot,
  type Status,
  type StreamDetail,
  type StrapInfo,
  type StreamSummary,
  type TextFileInfo,
} from './types'
// What the window's tests share: a Backend that records calls and lets a
// test push events, the app rendered on it, and a wait for Svelte to settle.
import { render } from '@testing-library/svelte'
import { tick } from 'svelte'
import { vi } from 'vitest'
import App from '../App.svelte'
import { bridgeError, type Backend } from './backend'

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
  pushHistory(beats: Arrival[]): void
  pushSessionEnded(s: StreamSummary): void
  pushAlert(a: Alert): void
  pushCloseAsked(q: CloseQuestion): void
  pushOBS(s: OBSStatus): void
  pushStrapFound(found: FoundStrap[]): void
}

/** Two straps a scan hears: a Polar H10 near, a Wahoo TICKR further, with its battery. */
export const nearbyStraps: FoundStrap[] = [
  { address: 'A0:9E:1A:00:00:01', name: 'Polar H10 1A2B3C4D', rssi: -58 },
  { address: 'C0:00:00:00:00:01', name: 'TICKR 4F2A', rssi: -84, battery: 60 },
]

/** OBS 29 as Beatcast sees it: no chapter marks (obs-websocket 5.1). */
export const obsConnected: OBSStatus = {
  state: 'connected', message: 'Connected to OBS 29.0.2 (obs-websocket 5.1.0).', url: 'ws://127.0.0.1:4455',
  version: { obs: '29.0.2', web_socket: '5.1.0' },
  unavailable: { chapter: 'This needs obs-websocket 5.5 (OBS 30.2) or newer; OBS 29.0.2 has obs-websocket 5.1.0, which lacks CreateRecordChapter.' },
}

export const obsInventory: OBSInventory = {
  scenes: [
    { name: 'Game', sources: ['Heart rate', 'Flames', 'Camera', 'Game capture'] },
    { name: 'Panic', sources: ['Camera'] },
    { name: 'BRB', sources: ['BRB card'] },
  ],
  text_sources: ['Heart rate', 'BPM (old)'],
  filters: { Camera: ['Shake', 'Red tint'], 'Game capture': ['Blur'] },
}

export function fakeOBSForm(status: OBSStatus): OBSForm {
  return {
    url: '', text_source: '', rules: [], has_password: false, password_from_env: false,
    flags: { url: '', text_source: '', alert_scene: '' }, status, default_url: 'ws://127.0.0.1:4455',
    alerts: { high: 150, low: 0 },
    moments: [
      { value: 'high_alert', label: 'During a high alert' }, { value: 'low_alert', label: 'During a low alert' },
      { value: 'no_signal', label: 'While the heart rate is lost' },
      { value: 'zone:threshold', label: 'In the Threshold zone (160 to 179 BPM)' },
      { value: 'zone:maximum', label: 'In the Maximum zone (180 and up)' },
    ],
    effects: [
      { value: 'scene', label: 'Switch to a scene, then back' }, { value: 'show', label: 'Show a source, then hide it' },
      { value: 'hide', label: 'Hide a source, then show it' }, { value: 'filter_on', label: 'Turn a filter on, then off' },
      { value: 'filter_off', label: 'Turn a filter off, then on' }, { value: 'chapter', label: 'Mark a chapter in the recording' },
    ],
  }
}

export const zones = [
  { name: 'Rest', from: 0, color: '#8a93a6' },
  { name: 'Warm-up', from: 50, color: '#5ac8fa' },
  { name: 'Easy', from: 60, color: '#34c759' },
  { name: 'Aerobic', from: 70, color: '#ffd60a' },
  { name: 'Threshold', from: 80, color: '#ff9f0a' },
  { name: 'Maximum', from: 90, color: '#ff3b30' },
]

/** A recorded stream of an hour and a half that began at start (ms). */
export function fakeStream(start: number, id = 'stream-' + start): StreamSummary {
  return {
    id, start, end: start + 90 * 60_000, beats: 5400, min: 62, max: 171, average: 104.3,
    zone_seconds: [600, 1500, 1800, 900, 480, 120], max_bpm: 200,
    spark: Array.from({ length: 120 }, (_, i) => (i > 50 && i < 58 ? 0 : Math.round(95 + 40 * Math.sin(i / 9)))),
    bytes: 160_000,
  }
}

export function fakeDetail(s: StreamSummary): StreamDetail {
  const step = (s.end - s.start) / 600
  const points = Array.from({ length: 600 }, (_, i) => ({
    t: Math.round(s.start + i * step),
    bpm: i > 250 && i < 290 ? 0 : Math.round(100 + 50 * Math.sin(i / 40) + 10 * Math.sin(i / 3)),
  }))
  const peaks = [...points].sort((a, b) => b.bpm - a.bpm).slice(0, 1)
  return { ...s, points, peaks, path: `/home/streamer/.local/share/beatcast/sessions/${s.id}.csv` }
}

export const historyInfo: HistoryInfo = {
  record: true, recording: true, off_by_flag: false, dir: '/home/streamer/.local/share/beatcast/sessions',
  keep_days: 0, max_bpm: 0, default_keep_days: 90, default_max_bpm: 200, zones,
}

export const noStats = { count: 0, min: 0, max: 0, average: 0 }
export const signedOutAccount: Account = { signed_in: false, has_client_id: true, demo: false }

export function fakeBackend(snapshot: Snapshot, account: Account = signedOutAccount): FakeBackend {
  const status: Listeners<Status> = new Set()
  const beat: Listeners<BeatEvent> = new Set()
  const signIn: Listeners<SignInState> = new Set()
  const notice: Listeners<string> = new Set()
  const accounts: Listeners<Account> = new Set()
  const histories: Listeners<Arrival[]> = new Set()
  const ended: Listeners<StreamSummary> = new Set()
  const alerts: Listeners<Alert> = new Set()
  const closes: Listeners<CloseQuestion> = new Set()
  const obsStatuses: Listeners<OBSStatus> = new Set()
  const strapsFound: Listeners<FoundStrap[]> = new Set()
  let strapInfo: StrapInfo = { use_strap: false, flag: false, reading: false, scan_ms: 6000 }
  let obsForm = fakeOBSForm(obsConnected)
  let thresholds: AlertSettings = { saved: { high: 0, low: 0 }, in_use: { high: 0, low: 0 }, flags: { high: 0, low: 0 } }
  let oscSettings: OSCSettings = {
    on: false, addr: '', chatbox: false, chatbox_template: '', parameters: '', flag: '',
    sending: { addr: '', sent: 0, failed: 0, problem: '' }, default_addr: '127.0.0.1:9000', default_template: '❤ {bpm}',
  }
  let saved: SavedOverlay[] = []
  let streams: StreamSummary[] = [fakeStream(Date.UTC(2026, 10, 20, 19, 0)), fakeStream(Date.UTC(2026, 10, 18, 20, 30))]
  let info = historyInfo
  let text: TextFileInfo = { path: '', offline: '', flag: '', in_use: '', default_offline: '--', suggested: '/home/streamer/.local/share/beatcast/heart-rate.txt' }
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
    historyInfo: vi.fn(async () => info),
    setHistory: vi.fn(async (record: boolean, keepDays: number, maxBPM: number) => {
      info = { ...info, record, recording: record, keep_days: keepDays, max_bpm: maxBPM }
      return info
    }),
    alerts: vi.fn(async () => thresholds),
    setAlerts: vi.fn(async (high: number, low: number) => {
      if (high && low && low >= high) throw bridgeError('alert_low', `The low alert (${low} BPM) must be below the high one (${high} BPM).`)
      return (thresholds = { ...thresholds, saved: { high, low }, in_use: { high, low } })
    }),
    osc: vi.fn(async () => oscSettings),
    setOSC: vi.fn(async (on: boolean, addr: string, chatbox: boolean, template: string, parameters: string) => {
      const sending = { addr: on ? addr || '127.0.0.1:9000' : '', sent: on ? 12 : 0, failed: 0, problem: '' }
      return (oscSettings = { ...oscSettings, on, addr, chatbox, chatbox_template: template, parameters, sending })
    }),
    obs: vi.fn(async () => obsForm),
    saveOBS: vi.fn(async (on: boolean, url: string, textSource: string, rules: OBSRule[]) => {
      if (url && !url.startsWith('ws://')) throw bridgeError('obs_url', `Give OBS's websocket address as ws://HOST:PORT, e.g. ws://127.0.0.1:4455 (OBS on this computer), not "${url}".`)
      return (obsForm = { ...obsForm, on, url, text_source: textSource, rules })
    }),
    setOBSPassword: vi.fn(async (password: string) => (obsForm = { ...obsForm, has_password: password !== '' })),
    testOBS: vi.fn(async (): Promise<OBSStatus> => obsConnected),
    obsInventory: vi.fn(async () => obsInventory),
    tryOBSRule: vi.fn(async () => {}),
    reconnectOBS: vi.fn(async () => {}),
    strap: vi.fn(async () => strapInfo),
    scanStraps: vi.fn(async () => {
      strapsFound.forEach((f) => f(nearbyStraps.slice(0, 1)))
      return nearbyStraps
    }),
    useStrap: vi.fn(async (address: string, name: string) => {
      strapInfo = { ...strapInfo, strap: { address, name }, use_strap: true }
    }),
    forgetStrap: vi.fn(async () => {
      strapInfo = { ...strapInfo, strap: undefined, use_strap: false }
    }),
    textFile: vi.fn(async () => text),
    setTextFile: vi.fn(async (path: string, offline: string) => (text = { ...text, path, offline, in_use: path })),
    streams: vi.fn(async () => streams),
    stream: vi.fn(async (id: string) => fakeDetail(streams.find((x) => x.id === id) ?? streams[0])),
    deleteStream: vi.fn(async (id: string) => {
      streams = streams.filter((x) => x.id !== id)
    }),
    exportStream: vi.fn(async (id: string) => `/home/streamer/Documents/${id}.csv`),
    saveStreamChart: vi.fn(async (id: string) => `/home/streamer/Pictures/${id}.png`),
    openStreamsFolder: vi.fn(async () => {}),
    startDemo: vi.fn(async () => {}),
    setWindowVisible: vi.fn(async () => {}),
    copy: vi.fn(async () => true),
    openURL: vi.fn(),
    onStatus: listen(status),
    onBeat: listen(beat),
    onSignIn: listen(signIn),
    onNotice: listen(notice),
    onAccount: listen(accounts),
    onRecent: listen(histories),
    onStreamEnded: listen(ended),
    onAlert: listen(alerts),
    onCloseAsked: listen(closes),
    onOBS: listen(obsStatuses),
    onStrapFound: listen(strapsFound),
    keepRunning: vi.fn(async () => {}),
    quit: vi.fn(async () => {}),
    pushStatus: (s) => status.forEach((f) => f(s)),
    pushBeat: (b) => beat.forEach((f) => f(b)),
    pushSignIn: (s) => signIn.forEach((f) => f(s)),
    pushAccount: (a) => accounts.forEach((f) => f(a)),
    pushHistory: (b) => histories.forEach((f) => f(b)),
    pushSessionEnded: (x) => ended.forEach((f) => f(x)),
    pushAlert: (a) => alerts.forEach((f) => f(a)),
    pushCloseAsked: (q) => closes.forEach((f) => f(q)),
    pushOBS: (st) => obsStatuses.forEach((f) => f(st)),
    pushStrapFound: (found) => strapsFound.forEach((f) => f(found)),
  }
}

/** Lets Svelte apply state changes and the fake's promises resolve. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await tick()
    await new Promise((r) => setTimeout(r, 0))
  }
}

/**
 * Renders the whole window on backend (a fakeBackend, perhaps changed).
 * Tests on fake timers settle by advancing them; the rest use renderApp.
 */
export function mountApp(backend: FakeBackend): FakeBackend {
  render(App, { backend })
  return backend
}

/** Renders the whole window on backend and lets it load. */
export async function renderApp(backend: FakeBackend): Promise<FakeBackend> {
  mountApp(backend)
  await settle()
  return backend
}
