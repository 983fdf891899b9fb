import { describe, expect, it } from 'vitest'
import { defaultOptions, overlayURL, sourceSize, zonesProblem } from './overlay-url'

const base = 'http://127.0.0.1:8765/'

describe('overlayURL', () => {
  it('is the bare URL for the default look', () => {
    expect(overlayURL(base, defaultOptions)).toBe(base)
  })
  it('writes only what differs, colour without #', () => {
    const url = overlayURL(base, { ...defaultOptions, style: 'number', color: '#FFD000', size: 96, label: 'HR' })
    expect(url).toBe(`${base}?style=number&color=ffd000&size=96&label=HR`)
  })
  it('keeps the chart length only for the chart', () => {
    expect(overlayURL(base, { ...defaultOptions, minutes: 10 })).toBe(base)
    expect(overlayURL(base, { ...defaultOptions, style: 'chart', minutes: 10 })).toBe(`${base}?style=chart&minutes=10`)
  })
  it('encodes zones and fonts safely', () => {
    const url = overlayURL(base, { ...defaultOptions, zones: '100:ffd000,140:ff3b30', font: 'Segoe UI' })
    expect(new URL(url).searchParams.get('zones')).toBe('100:ffd000,140:ff3b30')
    expect(new URL(url).searchParams.get('font')).toBe('Segoe UI')
  })
})

describe('zonesProblem', () => {
  it('accepts BPM:colour pairs and nothing', () => {
    expect(zonesProblem('')).toBe('')
    expect(zonesProblem('100:ffd000, 140:f00')).toBe('')
  })
  it('explains a bad one', () => {
    expect(zonesProblem('100-red')).toMatch(/BPM:colour/)
  })
})

it('sizes the OBS source to the style and text size', () => {
  expect(sourceSize(defaultOptions)).toEqual({ width: 400, height: 200 })
  expect(sourceSize({ ...defaultOptions, style: 'chart', size: 128 })).toEqual({ width: 1280, height: 400 })
})
