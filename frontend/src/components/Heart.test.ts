import { render, screen } from '@testing-library/svelte'
import { tick } from 'svelte'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import Heart from './Heart.svelte'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

async function thumpsWithin(ms: number): Promise<number> {
  let thumps = 0
  for (let t = 0; t < ms; t += 10) {
    const before = screen.getByTestId('heart').classList.contains('thump')
    vi.advanceTimersByTime(10)
    await tick()
    if (!before && screen.getByTestId('heart').classList.contains('thump')) thumps++
  }
  return thumps
}

it('thumps once per beat at the current rate, and follows a change', async () => {
  const { rerender } = render(Heart, { bpm: 60, live: true, beating: true })
  expect(await thumpsWithin(6000)).toBe(6) // 60 BPM: one a second
  await rerender({ bpm: 120, live: true, beating: true })
  expect(await thumpsWithin(6000)).toBeGreaterThanOrEqual(11) // 120 BPM: two a second
})

it('is still and dim when there is no live signal', async () => {
  render(Heart, { bpm: 80, live: false, beating: false })
  expect(await thumpsWithin(3000)).toBe(0)
  expect(screen.getByTestId('heart')).not.toHaveClass('live')
})

it('can show a live signal without beating', async () => {
  render(Heart, { bpm: 80, live: true, beating: false })
  expect(await thumpsWithin(3000)).toBe(0)
  expect(screen.getByTestId('heart')).toHaveClass('live')
})

it('calls onthump as each thump starts, the first at once', async () => {
  let calls = 0
  render(Heart, { bpm: 120, live: true, beating: true, onthump: () => calls++ })
  await tick()
  expect(calls).toBe(1)
  expect(await thumpsWithin(2000)).toBe(calls - 1) // one call for every thump after the first
})
