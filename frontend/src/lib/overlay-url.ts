// The overlay's URL options (see backend/overlay/web/index.html and the
// README). The builder writes only what differs from the defaults, so the
// URL a streamer pastes into OBS stays short and readable.

export type OverlayStyle = 'heart' | 'number' | 'chart' | 'stats'

export interface OverlayOptions {
  style: OverlayStyle
  color: string // #rrggbb
  size: number
  font: string
  align: 'left' | 'center' | 'right'
  label: string
  zones: string // "100:ffd000,140:ff3b30"
  nosignal: 'dashes' | 'dim' | 'hide'
  offline: 'hide' | 'dashes'
  outline: 'shadow' | 'outline' | 'none'
  minutes: number
}

export const defaultOptions: OverlayOptions = {
  style: 'heart',
  color: '#ffffff',
  size: 64,
  font: '',
  align: 'left',
  label: 'BPM',
  zones: '',
  nosignal: 'dashes',
  offline: 'hide',
  outline: 'shadow',
  minutes: 5,
}

/** base is the served overlay URL, e.g. http://127.0.0.1:8765/. */
export function overlayURL(base: string, o: OverlayOptions): string {
  const params = new URLSearchParams()
  for (const key of Object.keys(defaultOptions) as Array<keyof OverlayOptions>) {
    if (key === 'minutes' && o.style !== 'chart') continue
    if (o[key] === defaultOptions[key]) continue
    const value = key === 'color' ? String(o.color).replace(/^#/, '').toLowerCase() : String(o[key])
    params.set(key, value)
  }
  const query = params.toString()
  return query ? `${base}?${query}` : base
}

/** The zones text is "BPM:hex,…"; returns an error message or "". */
export function zonesProblem(zones: string): string {
  if (!zones.trim()) return ''
  const ok = zones.split(',').every((z) => /^\d{1,3}:([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(z.trim()))
  return ok ? '' : 'Write zones as BPM:colour pairs, e.g. 100:ffd000,140:ff3b30'
}

/** The Browser Source size that fits a style at a text size, for the OBS steps. */
export function sourceSize(o: OverlayOptions): { width: number; height: number } {
  const wide = o.style === 'chart' || o.style === 'stats'
  const scale = o.size / 64
  return { width: Math.round((wide ? 640 : 400) * scale), height: Math.round(200 * scale) }
}
