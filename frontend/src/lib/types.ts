// The shapes the Go backend sends (see backend/heartrate and backend/service).

export type State =
  | 'signed_out'
  | 'signing_in'
  | 'connecting'
  | 'live'
  | 'no_signal'
  | 'reconnecting'

export interface Status {
  state: State
  source?: string
  reason?: string
  message?: string
  attempt?: number
  retry_at?: number
  since?: number
  last_beat_at?: number
}

export interface Stats {
  count: number
  min: number
  max: number
  average: number
  started_at?: number
}

export interface Beat {
  bpm: number
  measured_at: number
}

export interface BeatEvent extends Beat {
  stats: Stats
}

export interface Snapshot {
  status: Status
  beat?: Beat
  stats: Stats
}

/** The device sign-in as the Go session reports it (session.SignIn). */
export interface SignInState {
  /** starting: asking Pulsoid for a link; waiting: for the streamer to approve. */
  phase: 'idle' | 'starting' | 'waiting' | 'failed'
  url?: string
  expires_at?: number
  error?: string
  message?: string
  /** Pulsoid can't be reached right now; Beatcast keeps trying (while starting, next at retry_at). */
  offline?: boolean
  retry_at?: number
  /** The approval page was opened in the browser. */
  browser_opened?: boolean
}

/** Who is signed in (session.Account); never the token. */
export interface Account {
  signed_in: boolean
  profile_id?: string
  expires_at?: number
  has_client_id: boolean
  demo: boolean
}

/** The settings kept on disk (config.Settings); 0 / "" mean the default. */
export interface Settings {
  overlay_addr?: string
  signal_timeout_seconds?: number
  client_id?: string
}

/** What the Settings screen edits (main.SettingsForm). */
export interface SettingsForm extends Settings {
  client_id_from_env: boolean
  default_overlay_addr: string
  default_signal_timeout_seconds: number
}

/** A beat with when it reached Beatcast (heartrate.Arrival). */
export interface Arrival extends Beat {
  arrived_at: number
}

/** A look saved in the builder (service.SavedOverlay). */
export interface SavedOverlay {
  name: string
  /** Options that differ from the defaults. */
  options: Record<string, string>
  /** Its fixed Browser Source URL, and its file for OBS's Local file mode ("" if none). */
  url: string
  local_file: string
}

/** An overlay URL read back (overlay.ParsedURL). */
export interface ParsedURL {
  /** The saved overlay's name, for /o/<name>. */
  saved?: string
  options: Record<string, string>
  problems?: string[]
}

/** The window's screens. */
export type View = 'dashboard' | 'overlay' | 'settings'
