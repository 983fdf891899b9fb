// The shapes the Go backend sends, taken from the models that `make
// bindings` generates from the Go types (wailsjs/go/models.ts): nothing
// here repeats a field by hand, and a field renamed in Go fails
// svelte-check. Vocabularies are the enums Go binds (heartrate.State,
// heartrate.Reason, heartrate.SourceName, feed.SignInPhase,
// service.Event).
import { feed, heartrate } from '../../wailsjs/go/models'
import type { alert, ble, cli, config, history, obs, osc, overlay, screens, service } from '../../wailsjs/go/models'

/** A generated class's fields, without its conversion helper, all the way down. */
type Fields<T> = T extends (infer U)[]
  ? Fields<U>[]
  : T extends object
    ? { [K in keyof T as K extends 'convertValues' ? never : K]: Fields<T[K]> }
    : T

export const State = heartrate.State
export type State = heartrate.State
export const Reason = heartrate.Reason
export type Reason = heartrate.Reason
export const Source = heartrate.SourceName
export type Source = heartrate.SourceName
export const Phase = feed.SignInPhase
export type Phase = feed.SignInPhase

export type Status = Fields<heartrate.Status>
export type Beat = Fields<heartrate.Beat>
export type Stats = Fields<heartrate.Stats>
/** A beat with when it reached Beatcast. */
export type Arrival = Fields<heartrate.Arrival>
export type Snapshot = Fields<heartrate.Snapshot>
/** What the beatcast:beat event carries (service.UIBeat): a beat and the stream so far. */
export type BeatEvent = Beat & { stats: Stats }
/** The payload of Event.CloseAsked (main.CloseQuestion in decide.go, which Wails does not generate: no method returns it). */
export interface CloseQuestion {
  message: string
  keep: string
}

/** The device sign-in as the Go feed reports it. */
export type SignInState = Fields<feed.SignIn>
/** Who is signed in; never the token. */
export type Account = Fields<feed.Account>

/** The settings kept on disk; 0 and "" mean the default. */
export type Settings = Fields<config.Settings>
/** What the Settings screen edits. */
export type SettingsForm = Fields<screens.SettingsForm>

/** A look saved in the builder, with its fixed URL and local file. */
export type SavedOverlay = Fields<service.SavedOverlay>
/** An overlay URL read back for editing. */
export type ParsedURL = Fields<overlay.ParsedURL>

/** Which Beatcast this is; development: built without Beatcast's Pulsoid client id. */
export type BuildInfo = Fields<cli.Build>
/** How Beatcast lives outside its window. */
export type BackgroundSettings = Fields<screens.BackgroundSettings>

/** A recorded stream as the history lists it. */
export type StreamSummary = Fields<history.Summary>
/** A recorded stream for its full-size chart: points (bpm 0 = no beat) and peaks. */
export type StreamDetail = Fields<history.Detail>
/** One beat of a recorded stream: t in Unix ms. */
export type Point = Fields<history.Point>
/** A colour zone: from is a percentage of the maximum heart rate. */
export type Zone = Fields<history.Zone>
/** Whether and where streams are recorded. */
export type HistoryInfo = Fields<screens.HistoryInfo>
/** A crossing of an alert threshold: level is "high", "low" or "normal" (back inside). */
export type Alert = Fields<alert.Alert>
/** The alert thresholds: saved, in use (a flag wins), the flags. */
export type AlertSettings = Fields<screens.AlertSettings>
/** VRChat's OSC output and how sending goes. */
export type OSCSettings = Fields<screens.OSCSettings>
export type OSCStatus = Fields<osc.Status>
/** The heart-rate text file for OBS's Text source and bots. */
export type TextFileInfo = Fields<screens.TextFileInfo>

/** OBS driven through its websocket server: the connection, the Text source, the actions. */
export type OBSForm = Fields<screens.OBSForm>
/** The connection to OBS: state connected, connecting, refused or off, with what to do. */
export type OBSStatus = Fields<obs.Status>
/** One action: while when holds, do (undone when it ends). */
export type OBSRule = Fields<obs.Rule>
/** What OBS has to pick from. */
export type OBSInventory = Fields<obs.Inventory>

/** The Bluetooth strap remembered, and whether it is read on every start. */
export type StrapInfo = Fields<screens.StrapInfo>
/** A heart-rate device a scan heard: rssi in dBm (-50 near, -90 far), battery when it advertises it. */
export type FoundStrap = Fields<ble.Found>

/** The window's screens. */
export type View = 'dashboard' | 'history' | 'overlay' | 'obs' | 'settings'
