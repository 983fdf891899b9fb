// The overlay's options, read from the one table that the overlay page and
// the Go server read too (backend/overlay/web/options.json): the builder
// draws its controls from it and writes URLs with it. Nothing here repeats
// a default, a range or a choice.
import table from '../../../backend/overlay/web/options.json'

export type OptionType = 'choice' | 'color' | 'int' | 'text' | 'zones'

export interface Choice {
  value: string
  label: string
  help?: string
  /** Browser Source size that fits this look at the default text size (style only). */
  width?: number
  height?: number
}

export interface OptionRow {
  name: string
  type: OptionType
  default: string | number
  min?: number
  max?: number
  step?: number
  unit?: string
  max_length?: number
  pattern?: string
  choices?: Choice[]
  /** The looks the option applies to; absent: all. */
  styles?: string[]
  label: string
  help: string
}

export const OPTIONS = table.options as OptionRow[]

/** A look: option name → value as in a URL. */
export type Look = Record<string, string>

export function option(name: string): OptionRow {
  const row = OPTIONS.find((o) => o.name === name)
  if (!row) throw new Error(`no overlay option ${name}`)
  return row
}

export const STYLES: Choice[] = option('style').choices ?? []

/** Every option at its default. */
export function defaults(): Look {
  return Object.fromEntries(OPTIONS.map((o) => [o.name, String(o.default)]))
}

/** Whether an option means anything for a look. */
export function applies(o: OptionRow, style: string): boolean {
  return !o.styles || o.styles.includes(style)
}

/** Only the options that differ from their default and apply to the look. */
export function changes(look: Look): Look {
  const style = look.style ?? String(option('style').default)
  return Object.fromEntries(
    OPTIONS.filter((o) => applies(o, style) && look[o.name] !== undefined && look[o.name] !== String(o.default)).map(
      (o) => [o.name, look[o.name]],
    ),
  )
}

/** base is the served overlay URL, e.g. http://127.0.0.1:8765/; only changes are written. */
export function lookURL(base: string, look: Look): string {
  const query = new URLSearchParams(changes(look)).toString()
  return query ? `${base}?${query}` : base
}

/** The Browser Source size that fits a look at its text size, for the OBS steps and the preview. */
export function sourceSize(look: Look): { width: number; height: number } {
  const style = STYLES.find((s) => s.value === look.style) ?? STYLES[0]
  const scale = Number(look.size ?? option('size').default) / Number(option('size').default)
  return { width: Math.round((style.width ?? 400) * scale), height: Math.round((style.height ?? 140) * scale) }
}

/** One colour zone: from this BPM up, this colour (#rrggbb). */
export interface Zone {
  from: number
  color: string
}

/** "100:ffd000,140:ff3b30" as rows; the page checks the text itself. */
export function parseZones(text: string): Zone[] {
  if (!text) return []
  return text.split(',').flatMap((part) => {
    const m = /^(\d{1,3}):([0-9a-fA-F]{3,8})$/.exec(part.trim())
    return m ? [{ from: Number(m[1]), color: '#' + m[2].toLowerCase() }] : []
  })
}

/** Rows back to the option's text, lowest BPM first. */
export function formatZones(zones: Zone[]): string {
  return [...zones]
    .sort((a, b) => a.from - b.from)
    .map((z) => `${z.from}:${z.color.replace(/^#/, '').toLowerCase()}`)
    .join(',')
}

/** A colour option's value as an <input type=color> wants it (#rrggbb). */
export function toColorInput(hex: string): string {
  const h = hex.replace(/^#/, '')
  if (h.length === 3 || h.length === 4) return '#' + [...h.slice(0, 3)].map((c) => c + c).join('')
  return '#' + h.slice(0, 6)
}
