// The one module that talks to Wails. Everything else imports this, so
// components and tests never touch the generated bindings directly.
import * as App from '../../wailsjs/go/main/App'
import { BrowserOpenURL, ClipboardSetText, EventsOn } from '../../wailsjs/runtime/runtime'
import type {
  Account,
  Arrival,
  BeatEvent,
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
  version(): Promise<string>
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
}

export const wails: Backend = {
  snapshot: () => App.Snapshot() as Promise<unknown> as Promise<Snapshot>,
  history: async () => ((await App.History()) ?? []) as Arrival[],
  overlayURL: () => App.OverlayURL(),
  localOverlayPath: () => App.LocalOverlayPath(),
  notice: () => App.Notice(),
  version: () => App.Version(),
  account: () => App.Account() as Promise<unknown> as Promise<Account>,
  signInState: () => App.SignInState() as Promise<unknown> as Promise<SignInState>,
  signIn: () => App.SignIn() as Promise<unknown> as Promise<SignInState>,
  cancelSignIn: () => App.CancelSignIn(),
  retryNow: () => App.RetryNow(),
  useToken: (token) => App.UseToken(token),
  setClientID: (id) => App.SetClientID(id),
  settings: () => App.Settings() as Promise<unknown> as Promise<SettingsForm>,
  saveSettings: (s) => App.SaveSettings(s as never),
  signOut: () => App.SignOut(),
  overlays: async () => ((await App.Overlays()) ?? []) as SavedOverlay[],
  saveOverlay: (name, options) => App.SaveOverlay(name, options) as Promise<unknown> as Promise<SavedOverlay>,
  deleteOverlay: (name) => App.DeleteOverlay(name),
  parseOverlayURL: (url) => App.ParseOverlayURL(url) as Promise<unknown> as Promise<ParsedURL>,
  startDemo: () => App.StartDemo(),
  copy: (text) => ClipboardSetText(text),
  openURL: (url) => BrowserOpenURL(url),
  onStatus: (fn) => EventsOn('beatcast:status', fn),
  onBeat: (fn) => EventsOn('beatcast:beat', fn),
  onSignIn: (fn) => EventsOn('beatcast:signin', fn),
  onNotice: (fn) => EventsOn('beatcast:notice', fn),
}

/** The message of a rejected backend call (Wails rejects with a string). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
