/**
 * The window's clock for countdowns and "no signal for 14 s". It ticks once
 * a second only while something on screen needs it: while live, beats move
 * the picture on, and ticking too would repaint the window for nothing.
 */
export class Clock {
  now = $state(Date.now())
  #timer: ReturnType<typeof setInterval> | undefined

  start(needed: () => boolean): void {
    this.stop()
    this.#timer = setInterval(() => {
      if (needed()) this.now = Date.now()
    }, 1000)
  }

  stop(): void {
    clearInterval(this.#timer)
  }
}
