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
