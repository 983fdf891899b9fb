import { describe, expect, it } from 'vitest'
import { alertSpans } from './chart'

describe('alert bands', () => {
  it('join a heart rate hovering at the line, keep apart alerts minutes apart, and run on while under way', () => {
    const s = 1000
    const hovering = Array.from({ length: 12 }, (_, i) => ({ t: i * 5 * s, level: i % 2 ? 'normal' : 'high' }))
    const later = [{ t: 300 * s, level: 'high' }, { t: 320 * s, level: 'normal' }, { t: 400 * s, level: 'low' }]
    expect(alertSpans([...hovering, ...later], 0, 500 * s)).toEqual([
      { level: 'high', from: 0, to: 55 * s },
      { level: 'high', from: 300 * s, to: 320 * s },
      { level: 'low', from: 400 * s, to: 500 * s },
    ])
  })
  it('clip to what the chart shows', () => {
    expect(alertSpans([{ t: 0, level: 'high' }, { t: 100, level: 'normal' }], 50, 1000)).toEqual([{ level: 'high', from: 50, to: 100 }])
    expect(alertSpans([{ t: 0, level: 'high' }, { t: 100, level: 'normal' }], 200, 1000)).toEqual([])
  })
})
