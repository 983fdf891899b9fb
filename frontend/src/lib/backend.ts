// The one module that talks to Wails. Everything else imports this, so
// components and tests never touch the generated bindings directly.
import * as App from '../../wailsjs/go/main/App'
import { ClipboardSetText, EventsOn } from '../../wailsjs/runtime/runtime'
import type { BeatEvent, Snapshot, Status } from './types'

export interface Backend {
  snapshot(): Promise<Snapshot>
  overlayURL(): Promise<string>
  notice(): Promise<string>
  version(): Promise<string>
  startDemo(): Promise<void>
  copy(text: string): Promise<boolean>
  /** Calls fn for every status change; returns a function that stops it. */
  onStatus(fn: (s: Status) => void): () => void
  /** Calls fn for every beat; returns a function that stops it. */
  onBeat(fn: (b: BeatEvent) => void): () => void
}

export const wails: Backend = {
  snapshot: () => App.Snapshot() as Promise<unknown> as Promise<Snapshot>,
  overlayURL: () => App.OverlayURL(),
  notice: () => App.Notice(),
  version: () => App.Version(),
  startDemo: () => App.StartDemo(),
  copy: (text) => ClipboardSetText(text),
  onStatus: (fn) => EventsOn('beatcast:status', fn),
  onBeat: (fn) => EventsOn('beatcast:beat', fn),
}
