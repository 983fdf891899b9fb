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

// Wails v2 rejects a failed call with new Error(message.error) (calls.js,
// callResult); Go sends its problem as JSON text (problem.Shown.JSON).
describe('an error from Go reaches the window as its sentence', () => {
  it('unwraps the sentence and keeps the code and every problem', async () => {
    const { errorText, problemsOf } = await import('./backend')
    const why = 'Port 99999 is not a port: use a number from 1 to 65535.'
    const rejected = new Error(JSON.stringify({ code: 'overlay_addr', message: why, problems: [{ code: 'overlay_addr', message: why }] }))
    expect(errorText(rejected)).toBe(why)
    expect(problemsOf(rejected)).toEqual([{ code: 'overlay_addr', message: why }])
  })
  it('says a fault that is not a problem of Go in its own words', async () => {
    const { errorText, problemsOf } = await import('./backend')
    expect(errorText(new Error('Callback timed out'))).toBe('Callback timed out')
    expect(problemsOf(new Error('Callback timed out'))).toEqual([{ code: 'unexpected', message: 'Callback timed out' }])
  })
})
