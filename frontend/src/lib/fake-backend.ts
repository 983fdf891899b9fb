// A Backend for tests: it records calls and lets a test push events.
import { vi } from 'vitest'
import type { Backend } from './backend'
import type { BeatEvent, Snapshot, Status } from './types'

export interface FakeBackend extends Backend {
  pushStatus(s: Status): void
  pushBeat(b: BeatEvent): void
}

export function fakeBackend(snapshot: Snapshot): FakeBackend {
  const statusFns = new Set<(s: Status) => void>()
  const beatFns = new Set<(b: BeatEvent) => void>()
  return {
    snapshot: vi.fn(async () => snapshot),
    overlayURL: vi.fn(async () => 'http://127.0.0.1:8765/'),
    notice: vi.fn(async () => ''),
    version: vi.fn(async () => 'test'),
    startDemo: vi.fn(async () => {}),
    copy: vi.fn(async () => true),
    onStatus: (fn) => {
      statusFns.add(fn)
      return () => statusFns.delete(fn)
    },
    onBeat: (fn) => {
      beatFns.add(fn)
      return () => beatFns.delete(fn)
    },
    pushStatus: (s) => statusFns.forEach((f) => f(s)),
    pushBeat: (b) => beatFns.forEach((f) => f(b)),
  }
}

export const noStats = { count: 0, min: 0, max: 0, average: 0 }
