/**
 * Copies text and remembers, for two seconds, which thing was copied, so a
 * button can say "Copied" (in the window the clipboard gives no feedback).
 */
export class Copier {
  /** The name of what was copied last, or "" once the two seconds pass. */
  copied = $state('')
  #write: (text: string) => Promise<boolean>
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(write: (text: string) => Promise<boolean>) {
    this.#write = write
  }

  async copy(what: string, text: string): Promise<void> {
    if (!(await this.#write(text))) return
    this.copied = what
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => (this.copied = ''), 2000)
  }
}
