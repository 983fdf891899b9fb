// The one module that talks to Wails. Everything else imports this, so
// components and tests never touch the generated bindings directly.
import * as App from '../../wailsjs/go/main/App'
import { config, service } from '../../wailsjs/go/models'
import { BrowserOpenURL, ClipboardSetText, EventsOn } from '../../wailsjs/runtime/runtime'
import type {
  Account,
  Arrival,
  BackgroundSettings,
  BeatEvent,
  BuildInfo,
  ParsedURL,
  SavedOverlay,
  Settings,
  SettingsForm,
  SignInState,
  Snapshot,
  Status,
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
  startDemo(): Promise<void>
  copy(text: string): Promise<boolean>
  openURL(url: string): void
  /** Each on* calls fn for every event and returns a function that stops it. */
  onStatus(fn: (s: Status) => void): () => void
  onBeat(fn: (b: BeatEvent) => void): () => void
  onSignIn(fn: (s: SignInState) => void): () => void
  onNotice(fn: (n: string) => void): () => void
  onAccount(fn: (a: Account) => void): () => void
}

export const wails: Backend = {
  snapshot: () => App.Snapshot(),
  history: async () => (await App.History()) ?? [],
  overlayURL: () => App.OverlayURL(),
  localOverlayPath: () => App.LocalOverlayPath(),
  notice: () => App.Notice(),
  version: () => App.Version(),
  account: () => App.Account(),
  signInState: () => App.SignInState(),
  signIn: () => App.SignIn(),
  cancelSignIn: () => App.CancelSignIn(),
  retryNow: () => App.RetryNow(),
  useToken: (token) => App.UseToken(token),
  setClientID: (id) => App.SetClientID(id),
  settings: () => App.Settings(),
  saveSettings: (s) => App.SaveSettings(config.Settings.createFrom(s)),
  signOut: () => App.SignOut(),
  background: () => App.Background(),
  setBackground: (autostart, minimised) => App.SetBackground(autostart, minimised),
  overlays: async () => (await App.Overlays()) ?? [],
  saveOverlay: (name, options) => App.SaveOverlay(name, options),
  deleteOverlay: (name) => App.DeleteOverlay(name),
  parseOverlayURL: (url) => App.ParseOverlayURL(url),
  startDemo: () => App.StartDemo(),
  copy: (text) => ClipboardSetText(text),
  openURL: (url) => BrowserOpenURL(url),
  onStatus: (fn) => EventsOn(service.Event.Status, fn),
  onBeat: (fn) => EventsOn(service.Event.Beat, fn),
  onSignIn: (fn) => EventsOn(service.Event.SignIn, fn),
  onNotice: (fn) => EventsOn(service.Event.Notice, fn),
  onAccount: (fn) => EventsOn(service.Event.Account, fn),
}

/** What a failed backend call says (Go's problem.Shown): a stable code and a sentence. */
export interface Problem {
  code: string
  message: string
}

interface Shown extends Problem {
  problems?: Problem[]
}

function shown(e: unknown): Shown {
  if (e && typeof e === 'object' && 'message' in e) {
    const s = e as Shown
    return { code: 'code' in s ? s.code : 'unexpected', message: String(s.message), problems: s.problems }
  }
  return { code: 'unexpected', message: String(e) }
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
