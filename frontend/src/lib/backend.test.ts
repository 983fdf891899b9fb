import { State } from './types'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const events = new Map<string, (p: unknown) => void>()
vi.mock('../../wailsjs/runtime/runtime', () => ({
  EventsOn: vi.fn((name: string, fn: (p: unknown) => void) => {
    events.set(name, fn)
    return () => events.delete(name)
  }),
  ClipboardSetText: vi.fn(async () => true),
}))
vi.mock('../../wailsjs/go/main/App', () => ({}))
vi.mock('../../wailsjs/go/screens/Screens', () => ({
  Snapshot: vi.fn(async () => ({ status: { state: State.Live }, stats: { count: 0 } })),
  OverlayURL: vi.fn(async () => 'http://127.0.0.1:8765/'),
  Notice: vi.fn(async () => ''),
  Version: vi.fn(async () => 'v1'),
  StartDemo: vi.fn(async () => {}),
}))

import { wails } from './backend'

describe('the Wails backend adapter', () => {
  beforeEach(() => events.clear())

  it('listens to the event names the Go side emits', () => {
    const statuses: unknown[] = []
    const beats: unknown[] = []
    const stopStatus = wails.onStatus((s) => statuses.push(s))
    wails.onBeat((b) => beats.push(b))
    events.get('beatcast:status')!({ state: State.NoSignal })
    events.get('beatcast:beat')!({ bpm: 70 })
    expect(statuses).toEqual([{ state: State.NoSignal }])
    expect(beats).toEqual([{ bpm: 70 }])
    stopStatus()
    expect(events.has('beatcast:status')).toBe(false)
  })

  it('calls the bound methods', async () => {
    expect((await wails.snapshot()).status.state).toBe('live')
    expect(await wails.overlayURL()).toBe('http://127.0.0.1:8765/')
  })
})
