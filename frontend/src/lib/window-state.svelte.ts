import { errorText, type Backend } from './backend'
import { Clock } from './clock.svelte'
import { Live } from './live.svelte'
import { OverlayDraft } from './overlay-draft.svelte'
import { Phase, State, type Account, type BuildInfo, type CloseQuestion, type SignInState, type StreamSummary, type View } from './types'

/**
 * Everything the window shows besides one screen's own fields: the live
 * stream, who is signed in, the sign-in flow, notices, the overlay's
 * addresses, the chosen screen. It loads from the backend once, then
 * follows its events; App creates it and provides it by context.
 */
export class WindowState {
  readonly live = new Live()
  readonly clock = new Clock()
  /** The overlay being built: it outlives a switch to another screen. */
  readonly draft: OverlayDraft

  account = $state<Account>({ signed_in: false, has_client_id: false, demo: false })
  signIn = $state<SignInState>({ phase: Phase.Idle })
  notice = $state('')
  overlayURL = $state('')
  localFile = $state('')
  build = $state<BuildInfo>({ version: '', commit: '', development: false })
  view = $state<View>('dashboard')
  /** The streamer chose to connect Pulsoid while the demo runs. */
  connecting = $state(false)
  /** Sign out was asked for while the overlay shows a heart rate: confirm first. */
  confirmingSignOut = $state(false)
  /** The window was closed while OBS shows the overlay: the question to ask, or null. */
  closing = $state<CloseQuestion | null>(null)
  /** The recorded stream open in History ("" for the list). */
  openStream = $state('')
  /** The stream that just ended, for its recap (null once dismissed). */
  recap = $state<StreamSummary | null>(null)
  /** Somebody can see the window: hidden or minimised, nothing moves or ticks. */
  visible = $state(true)
  /**
   * The streamer asked their desktop for less motion (Windows' "Animation
   * effects" off, GNOME's "Reduce animation"): the heart shows the signal
   * without beating, which also spares the frames a beating heart costs.
   */
  reducedMotion = $state(false)

  /** Nothing streams without a sign-in, or one is under way. */
  readonly needsSignIn = $derived(
    this.live.status.state === State.SignedOut ||
      this.live.status.state === State.SigningIn ||
      this.signIn.phase === Phase.Waiting ||
      this.signIn.phase === Phase.Starting,
  )
  readonly showSignIn = $derived(this.needsSignIn || (this.connecting && (this.account.demo || !!this.account.strap)))

  #backend: Backend
  #stops: Array<() => void> = []

  constructor(backend: Backend) {
    this.#backend = backend
    this.draft = new OverlayDraft(backend)
  }

  start(): void {
    const b = this.#backend
    void this.live.start(b)
    void b.overlayURL().then((u) => (this.overlayURL = u))
    void b.localOverlayPath().then((p) => (this.localFile = p))
    void b.version().then((v) => (this.build = v))
    void b.notice().then((n) => (this.notice = n))
    void b.signInState().then((s) => (this.signIn = s))
    void b.account().then((a) => (this.account = a))
    this.#stops.push(
      b.onSignIn((s) => (this.signIn = s)),
      b.onNotice((n) => (this.notice = n)),
      b.onAccount((a) => this.#accountChanged(a)),
      b.onStreamEnded((s) => (this.recap = s)),
      b.onCloseAsked((q) => (this.closing = q)),
    )
    this.clock.start(() => this.visible && (this.live.status.state !== State.Live || this.signIn.phase !== Phase.Idle))
    const onVisibility = () => this.setVisible(document.visibilityState === 'visible')
    document.addEventListener('visibilitychange', onVisibility)
    this.#stops.push(() => document.removeEventListener('visibilitychange', onVisibility))
    this.setVisible(document.visibilityState === 'visible')
    this.#followMotionPreference()
  }

  /** A fresh sign-in lands on the dashboard, wherever the streamer was meanwhile. */
  #accountChanged(a: Account): void {
    if (a.signed_in && !this.account.signed_in) this.view = 'dashboard'
    this.account = a
  }

  #followMotionPreference(): void {
    const query = window.matchMedia?.('(prefers-reduced-motion: reduce)')
    if (!query) return // a webview without media queries moves as before
    this.reducedMotion = query.matches
    const onChange = (e: MediaQueryListEvent) => (this.reducedMotion = e.matches)
    query.addEventListener('change', onChange)
    this.#stops.push(() => query.removeEventListener('change', onChange))
  }

  /**
   * Follows whether anybody can see the window. Hidden, Beatcast sends it
   * nothing; shown again, it loads the picture afresh, the minutes it
   * missed included.
   */
  setVisible(visible: boolean): void {
    const was = this.visible
    this.visible = visible
    void this.#backend.setWindowVisible(visible)
    if (visible && !was) void this.live.load(this.#backend, true)
  }

  stop(): void {
    this.clock.stop()
    this.#stops.forEach((stop) => stop())
    this.#stops = []
    this.live.stop()
  }

  /** Opens a recorded stream in History. */
  showStream(id: string): void {
    this.openStream = id
    this.view = 'history'
  }

  /**
   * Sign out, asking first while the overlay shows a heart rate: signing
   * out mid-stream blanks the overlay in OBS.
   */
  askSignOut(): void {
    const showing = this.live.status.state === State.Live || this.live.status.state === State.NoSignal
    if (showing) this.confirmingSignOut = true
    else void this.signOut()
  }

  /** Answers the close question: keep streaming (the window goes to the tray), quit, or neither (cancel). */
  answerClose(answer: 'keep' | 'quit' | 'cancel'): void {
    this.closing = null
    if (answer === 'keep') void this.#backend.keepRunning()
    if (answer === 'quit') void this.#backend.quit()
  }

  async signOut(): Promise<void> {
    this.confirmingSignOut = false
    try {
      await this.#backend.signOut()
    } catch (e) {
      this.notice = errorText(e)
    }
  }
}
