// Stands in for the Wails runtime and the Go bindings so the built
// frontend can run in a plain browser. It plays a small Beatcast: signed
// out at first, a device sign-in that waits, and a demo that beats.
(() => {
  const listeners = new Map()
  const emit = (name, payload) => (listeners.get(name) || []).forEach((fn) => fn(payload))
  const calls = (window.__calls = [])
  let status = { state: 'signed_out', source: 'pulsoid', reason: 'not_signed_in', message: 'Sign in with Pulsoid to show your heart rate.' }
  // A test sets window.__development to play a build without a client id.
  const dev = !!window.__development
  let account = { signed_in: false, has_client_id: !dev, demo: false }
  let beat = null
  let stats = { count: 0, min: 0, max: 0, average: 0 }
  let signIn = { phase: 'idle' }
  const setStatus = (s) => ((status = s), emit('beatcast:status', s))

  window.runtime = {
    EventsOnMultiple(name, fn) {
      if (!listeners.has(name)) listeners.set(name, [])
      listeners.get(name).push(fn)
      return () => listeners.set(name, listeners.get(name).filter((f) => f !== fn))
    },
    ClipboardSetText: async (text) => (calls.push(['copy', text]), true),
    BrowserOpenURL: (url) => calls.push(['open', url]),
  }
  let overlays = []
  const App = {
    Snapshot: async () => ({ status, beat, stats }),
    History: async () => [],
    RetryNow: async () => calls.push(['retryNow']),
    Overlays: async () => overlays,
    SaveOverlay: async (name, options) => {
      calls.push(['saveOverlay', name, options])
      const base = window.__overlayURL || 'http://127.0.0.1:8765/'
      const saved = { name, options, url: `${base}o/${name}`, local_file: `/home/streamer/.local/share/beatcast/overlays/${name}.html` }
      overlays = [...overlays.filter((o) => o.name !== name), saved]
      return saved
    },
    DeleteOverlay: async (name) => (overlays = overlays.filter((o) => o.name !== name)),
    ParseOverlayURL: async (url) => ({ options: Object.fromEntries(new URL(url).searchParams) }),
    // A test may point the window at a real running overlay.
    OverlayURL: async () => window.__overlayURL || 'http://127.0.0.1:8765/',
    LocalOverlayPath: async () => '/home/streamer/.local/share/beatcast/overlay.html',
    Notice: async () => '',
    Version: async () => ({ version: dev ? '0.2.0+3' : '0.2.0', commit: 'e2e1234', development: dev }),
    Account: async () => account,
    SignInState: async () => signIn,
    SignIn: async () => {
      calls.push(['signIn'])
      signIn = {
        phase: 'waiting',
        url: 'https://pulsoid.net/oauth2/device?user_code=3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
        expires_at: Date.now() + 600_000,
      }
      emit('beatcast:signin', signIn)
      setStatus({ state: 'signing_in', source: 'pulsoid', message: 'Waiting for you to approve Beatcast on Pulsoid.' })
      return signIn
    },
    CancelSignIn: async () => {
      signIn = { phase: 'idle' }
      emit('beatcast:signin', signIn)
      setStatus({ state: 'signed_out', source: 'pulsoid', reason: 'not_signed_in' })
    },
    UseToken: async () => {},
    SetClientID: async () => {},
    Settings: async () => ({ client_id_from_env: false, default_overlay_addr: '127.0.0.1:8765', default_signal_timeout_seconds: 10 }),
    SaveSettings: async (s) => (calls.push(['saveSettings', s]), 'Saved.'),
    SignOut: async () => {
      account = { signed_in: false, has_client_id: !dev, demo: false }
      emit('beatcast:account', account)
    },
    Background: async () => ({ autostart: false, start_minimised: false, tray: true }),
    SetBackground: async (autostart, minimised) => ({ autostart, start_minimised: minimised, tray: true }),
    StartDemo: async () => {
      calls.push(['demo'])
      signIn = { phase: 'idle' }
      emit('beatcast:signin', signIn)
      account = { signed_in: false, has_client_id: !dev, demo: true }
      emit('beatcast:account', account)
      setStatus({ state: 'live', source: 'demo' })
      let bpm = 72
      setInterval(() => {
        bpm += Math.round(Math.random() * 6 - 3)
        beat = { bpm, measured_at: Date.now() }
        stats = { count: stats.count + 1, min: Math.min(stats.min || bpm, bpm), max: Math.max(stats.max, bpm), average: bpm }
        emit('beatcast:beat', { ...beat, stats })
      }, 300)
    },
  }
  window.go = { main: { App } }
})()
