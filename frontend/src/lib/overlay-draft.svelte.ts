import { errorText, type Backend } from './backend'
import { changes, defaults, type Look } from './overlay-options'
import type { SavedOverlay } from './types'

/**
 * The overlay being edited in the builder, and the saved overlays. It lives
 * as long as the window, so switching tabs keeps an unsaved look; saved
 * looks outlive a restart, and the builder reopens the first of them.
 */
export class OverlayDraft {
  /** Every option of the look being edited. */
  look = $state<Look>(defaults())
  /** The saved overlay this look was opened from and saves over; "" for a new look. */
  name = $state('')
  saved = $state<SavedOverlay[]>([])
  /** What the last action did ("Saved …") or why it failed; error says which. */
  message = $state('')
  error = $state(false)

  #backend: Backend
  #loaded = false

  constructor(backend: Backend) {
    this.#backend = backend
  }

  /** The saved overlay being edited, if any. */
  get current(): SavedOverlay | undefined {
    return this.saved.find((s) => s.name === this.name)
  }

  /** Whether the look differs from what is saved under its name. */
  get unsaved(): boolean {
    const saved = this.current
    const now = changes(this.look)
    if (!saved) return Object.keys(now).length > 0
    const was = saved.options
    return Object.keys(now).length !== Object.keys(was).length || Object.keys(now).some((k) => now[k] !== was[k])
  }

  /** Loads the saved overlays once, opening the first if nothing is being edited. */
  async load(): Promise<void> {
    if (this.#loaded) return
    this.#loaded = true
    await this.#refresh()
    if (!this.name && !this.unsaved && this.saved.length) this.open(this.saved[0])
  }

  async #refresh(): Promise<void> {
    this.saved = await this.#backend.overlays()
  }

  open(s: SavedOverlay): void {
    this.name = s.name
    this.look = { ...defaults(), ...s.options }
    this.#say('')
  }

  newLook(): void {
    this.name = ''
    this.look = defaults()
    this.#say('')
  }

  set(name: string, value: string): void {
    this.look = { ...this.look, [name]: value }
    this.#say('') // "Saved …" is no longer true of what is on screen
  }

  /** Opens an overlay URL pasted from OBS: a saved overlay, or a look to edit. */
  async openURL(url: string): Promise<void> {
    try {
      const parsed = await this.#backend.parseOverlayURL(url)
      if (parsed.saved) {
        await this.#refresh()
        const s = this.saved.find((x) => x.name === parsed.saved)
        if (!s) return this.#say(`No overlay named ${parsed.saved} is saved in this Beatcast.`, true)
        return this.open(s)
      }
      this.name = ''
      this.look = { ...defaults(), ...parsed.options }
      const problems = parsed.problems ?? []
      this.#say(problems.length ? `Opened; ignored what the overlay does not accept: ${problems.join('; ')}.` : 'Opened.', problems.length > 0)
    } catch (e) {
      this.#say(errorText(e), true)
    }
  }

  /** Saves the look under name; OBS sources showing it restyle at once. */
  async save(name: string): Promise<void> {
    try {
      const replacing = this.saved.some((s) => s.name === name) && name !== this.name
      const s = await this.#backend.saveOverlay(name, changes(this.look))
      await this.#refresh()
      this.name = s.name
      this.#say(replacing ? `Saved over ${s.name}.` : `Saved ${s.name}: every OBS source showing it updates at once.`)
    } catch (e) {
      this.#say(errorText(e), true)
    }
  }

  async remove(): Promise<void> {
    const name = this.name
    try {
      await this.#backend.deleteOverlay(name)
      await this.#refresh()
      this.name = ''
      this.#say(`Deleted ${name}. The look stays here until you leave it; save it again to keep it.`)
    } catch (e) {
      this.#say(errorText(e), true)
    }
  }

  #say(message: string, error = false): void {
    this.message = message
    this.error = error
  }
}
