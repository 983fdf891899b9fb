// The one module that talks to Wails. Everything else imports this, so
// components and tests never touch the generated bindings directly.
import * as App from '../../wailsjs/go/main/App'
import * as Screens from '../../wailsjs/go/screens/Screens'
import { config, obs, service } from '../../wailsjs/go/models'
import { BrowserOpenURL, ClipboardSetText, EventsOn } from '../../wailsjs/runtime/runtime'
import type {
  Account,
  Alert,
  AlertSettings,
  Arrival,
  BackgroundSettings,
  BeatEvent,
  BuildInfo,
  CloseQuestion,
  FoundStrap,
  HistoryInfo,
  OBSForm,
  OBSInventory,
  OBSRule,
  OBSStatus,
  OSCSettings,
  ParsedURL,
  SavedOverlay,
  Settings,
  SettingsForm,
  SignInState,
  Snapshot,
  Status,
  StreamDetail,
  StrapInfo,
  StreamSummary,
  TextFileInfo,
} from './types'

export interface Backend {
  snapshot(): Promise<Snapshot>
  /** The recent beats, oldest first. */
  history(): Promise<Arrival[]>
  overlayURL(): Promise<string>
  /** The overlay file for OBS's "Local file" option ("" if none). */
  localOverlayPath(): Promise<string>
  notice(): Promise<string>
  version(): Promise<BuildInfo>
  account(): Promise<Account>
  signInState(): Promise<SignInState>
  /** Starts the device sign-in; rejects with a message saying what to do. */
  signIn(): Promise<SignInState>
  cancelSignIn(): Promise<void>
  /** Skips the wait before the next attempt to reach Pulsoid. */
  retryNow(): Promise<void>
  /** Validates and keeps a pasted token; rejects with the reason. */
  useToken(token: string): Promise<void>
  setClientID(id: string): Promise<void>
  settings(): Promise<SettingsForm>
  /** Saves; resolves with what happened ("Saved. Restart …"), rejects with what to fix. */
  saveSettings(s: Settings): Promise<string>
  signOut(): Promise<void>
  background(): Promise<BackgroundSettings>
  /** Starts Beatcast with the computer (or not), minimised (or not). */
  setBackground(autostart: boolean, minimised: boolean): Promise<BackgroundSettings>
  overlays(): Promise<SavedOverlay[]>
  /** Saves a look under name; rejects with what to fix. */
  saveOverlay(name: string, options: Record<string, string>): Promise<SavedOverlay>
  deleteOverlay(name: string): Promise<void>
  /** Reads an overlay URL pasted from OBS; rejects when it is not one. */
  parseOverlayURL(url: string): Promise<ParsedURL>
  historyInfo(): Promise<HistoryInfo>
  /** Records or not, keeps days, counts zones against maxBPM (0: defaults); rejects with what to fix. */
  setHistory(record: boolean, keepDays: number, maxBPM: number): Promise<HistoryInfo>
  alerts(): Promise<AlertSettings>
  /** Keeps the thresholds (0: off), applied at once; rejects with what to fix. */
  setAlerts(high: number, low: number): Promise<AlertSettings>
  osc(): Promise<OSCSettings>
  /** VRChat's OSC on or off, to addr ("" for the default), with the chatbox or not; rejects with what to fix. */
  setOSC(on: boolean, addr: string, chatbox: boolean, template: string, parameters: string): Promise<OSCSettings>
  obs(): Promise<OBSForm>
  /** Keeps whether to drive OBS, its address ("" for OBS on this computer), the Text source ("" none) and the actions; rejects with what to fix. */
  saveOBS(on: boolean, url: string, textSource: string, rules: OBSRule[]): Promise<OBSForm>
  /** Keeps OBS's websocket password ("" forgets it); it is never read back. */
  setOBSPassword(password: string): Promise<OBSForm>
  /** Connects once (password "" for the kept one) and says how it went. */
  testOBS(url: string, password: string): Promise<OBSStatus>
  /** What the connected OBS has: scenes and their sources, Text sources, filters. */
  obsInventory(): Promise<OBSInventory>
  /** Does the action now and undoes it a few seconds later; rejects with what went wrong. */
  tryOBSRule(rule: OBSRule): Promise<void>
  reconnectOBS(): Promise<void>
  strap(): Promise<StrapInfo>
  /** Listens for heart-rate devices for a few seconds (each heard also comes to onStrapFound); rejects with what stops Bluetooth. */
  scanStraps(): Promise<FoundStrap[]>
  /** Remembers the strap and reads it, now and on every start. */
  useStrap(address: string, name: string): Promise<void>
  /** Forgets the remembered strap (back to Pulsoid if the stream came from it). */
  forgetStrap(): Promise<void>
  textFile(): Promise<TextFileInfo>
  /** Keeps the BPM in path ("" for none), offline while there is none; rejects with what to fix. */
  setTextFile(path: string, offline: string): Promise<TextFileInfo>
  /** The recorded streams, newest first. */
  streams(): Promise<StreamSummary[]>
  stream(id: string): Promise<StreamDetail>
  deleteStream(id: string): Promise<void>
  /** Asks where and saves the stream's CSV there; resolves with where ("" if cancelled). */
  exportStream(id: string): Promise<string>
  /** Asks where and saves the chart picture (a PNG, base64) there; resolves with where ("" if cancelled). */
  saveStreamChart(id: string, pngBase64: string): Promise<string>
  openStreamsFolder(): Promise<void>
  startDemo(): Promise<void>
  /** Tells Beatcast whether anybody can see the window: while not, it sends none of the stream. */
  setWindowVisible(visible: boolean): Promise<void>
  copy(text: string): Promise<boolean>
  openURL(url: string): void
  /** Each on* calls fn for every event and returns a function that stops it. */
  onStatus(fn: (s: Status) => void): () => void
  onBeat(fn: (b: BeatEvent) => void): () => void
  onSignIn(fn: (s: SignInState) => void): () => void
  onNotice(fn: (n: string) => void): () => void
  onAccount(fn: (a: Account) => void): () => void
  /** The recent beats start over (the source changed). */
  onRecent(fn: (beats: Arrival[]) => void): () => void
  /** A recorded stream ended: its recap. */
  onStreamEnded(fn: (s: StreamSummary) => void): () => void
  /** The heart rate crossed an alert threshold, or came back. */
  onAlert(fn: (a: Alert) => void): () => void
  /** A scan heard another strap: every one so far. */
  onStrapFound(fn: (found: FoundStrap[]) => void): () => void
  /** The connection to OBS changed. */
  onOBS(fn: (s: OBSStatus) => void): () => void
  /** The streamer closed the window while OBS shows the overlay: ask, then keepRunning or quit. */
  onCloseAsked(fn: (q: CloseQuestion) => void): () => void
  /** Answers the close question: stay on stream, in the tray or minimised. */
  keepRunning(): Promise<void>
  /** Answers the close question: quit, and the overlay stops. */
  quit(): Promise<void>
}

export const wails: Backend = {
  snapshot: () => Screens.Snapshot(),
  history: async () => (await Screens.RecentBeats()) ?? [],
  overlayURL: () => Screens.OverlayURL(),
  localOverlayPath: () => Screens.LocalOverlayPath(),
  notice: () => Screens.Notice(),
  version: () => Screens.Version(),
  account: () => Screens.Account(),
  signInState: () => Screens.SignInState(),
  signIn: () => Screens.SignIn(),
  cancelSignIn: () => Screens.CancelSignIn(),
  retryNow: () => Screens.RetryNow(),
  useToken: (token) => Screens.UseToken(token),
  setClientID: (id) => Screens.SetClientID(id),
  settings: () => Screens.Settings(),
  saveSettings: (s) => Screens.SaveSettings(config.Settings.createFrom(s)),
  signOut: () => Screens.SignOut(),
  background: () => Screens.Background(),
  setBackground: (autostart, minimised) => Screens.SetBackground(autostart, minimised),
  overlays: async () => (await Screens.Overlays()) ?? [],
  saveOverlay: (name, options) => Screens.SaveOverlay(name, options),
  deleteOverlay: (name) => Screens.DeleteOverlay(name),
  parseOverlayURL: (url) => Screens.ParseOverlayURL(url),
  historyInfo: () => Screens.HistoryInfo(),
  setHistory: (record, keepDays, maxBPM) => Screens.SetHistory(record, keepDays, maxBPM),
  alerts: () => Screens.Alerts(),
  setAlerts: (high, low) => Screens.SetAlerts(high, low),
  osc: () => Screens.OSC(),
  setOSC: (on, addr, chatbox, template, parameters) => Screens.SetOSC(on, addr, chatbox, template, parameters),
  obs: () => Screens.OBS(),
  saveOBS: (on, url, textSource, rules) => Screens.SaveOBS(on, url, textSource, rules.map((r) => obs.Rule.createFrom(r))),
  setOBSPassword: (password) => Screens.SetOBSPassword(password),
  testOBS: (url, password) => Screens.TestOBS(url, password),
  obsInventory: () => Screens.OBSInventory(),
  tryOBSRule: (rule) => Screens.TryOBSRule(obs.Rule.createFrom(rule)),
  reconnectOBS: () => Screens.ReconnectOBS(),
  strap: () => Screens.Strap(),
  scanStraps: async () => (await Screens.ScanStraps()) ?? [],
  useStrap: (address, name) => Screens.UseStrap(address, name),
  forgetStrap: () => Screens.ForgetStrap(),
  textFile: () => Screens.TextFile(),
  setTextFile: (path, offline) => Screens.SetTextFile(path, offline),
  streams: async () => (await Screens.Streams()) ?? [],
  stream: (id) => Screens.Stream(id),
  deleteStream: (id) => Screens.DeleteStream(id),
  exportStream: (id) => App.ExportStream(id),
  saveStreamChart: (id, png) => App.SaveStreamChart(id, png),
  openStreamsFolder: () => Screens.OpenStreamsFolder(),
  startDemo: () => Screens.StartDemo(),
  setWindowVisible: (visible) => App.WindowVisible(visible),
  copy: (text) => ClipboardSetText(text),
  openURL: (url) => BrowserOpenURL(url),
  onStatus: (fn) => EventsOn(service.Event.Status, fn),
  onBeat: (fn) => EventsOn(service.Event.Beat, fn),
  onSignIn: (fn) => EventsOn(service.Event.SignIn, fn),
  onNotice: (fn) => EventsOn(service.Event.Notice, fn),
  onAccount: (fn) => EventsOn(service.Event.Account, fn),
  onRecent: (fn) => EventsOn(service.Event.Recent, (beats: Arrival[] | null) => fn(beats ?? [])),
  onStreamEnded: (fn) => EventsOn(service.Event.StreamEnded, fn),
  onAlert: (fn) => EventsOn(service.Event.Alert, fn),
  onOBS: (fn) => EventsOn(service.Event.OBS, fn),
  onStrapFound: (fn) => EventsOn(service.Event.StrapFound, (found: FoundStrap[] | null) => fn(found ?? [])),
  onCloseAsked: (fn) => EventsOn(service.Event.CloseAsked, fn),
  keepRunning: () => App.KeepRunning(),
  quit: () => App.QuitBeatcast(),
}

/** What a failed backend call says (Go's problem.Shown): a stable code and a sentence. */
export interface Problem {
  code: string
  message: string
}

interface Shown extends Problem {
  problems?: Problem[]
}

/**
 * What Go's error became on its way here. The Wails bridge rejects a call
 * with new Error(message.error) (Wails v2.15.0
 * internal/frontend/runtime/desktop/calls.js, callResult), so Go sends its
 * problem.Shown as JSON text (problem.Shown.JSON) and it arrives as that
 * Error's message. Anything else is shown with its own text.
 */
function shown(e: unknown): Shown {
  const text = e instanceof Error ? e.message : String(e)
  try {
    const s = JSON.parse(text) as Partial<Shown>
    if (s && typeof s.code === 'string' && typeof s.message === 'string') {
      return { code: s.code, message: s.message, problems: s.problems ?? undefined }
    }
  } catch {
    // Not Go's problem: a fault of the bridge or the page, said as it is.
  }
  return { code: 'unexpected', message: text }
}

/** How the Wails bridge rejects a failed Go call (see shown): for fakes and tests. */
export function bridgeError(code: string, message: string, problems?: Problem[]): Error {
  return new Error(JSON.stringify({ code, message, problems }))
}

/** The sentence of a rejected backend call. */
export function errorText(e: unknown): string {
  return shown(e).message
}

/** Each problem of a rejected call, by code (a settings field's name, for one). */
export function problemsOf(e: unknown): Problem[] {
  const s = shown(e)
  return s.problems?.length ? s.problems : [{ code: s.code, message: s.message }]
}
