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
  let recent = []
  // A test may set window.__scene to start in a given state: any of status,
  // account, beat, stats, signIn, history (arrivals) and alert.
  const scene = window.__scene || {}
  if (scene.status) status = scene.status
  if (scene.account) account = scene.account
  if (scene.beat) beat = scene.beat
  if (scene.stats) stats = scene.stats
  if (scene.signIn) signIn = scene.signIn
  if (scene.history) recent = scene.history
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
  let alerts = { saved: { high: 0, low: 0 }, in_use: { high: 0, low: 0 }, flags: { high: 0, low: 0 } }
  let oscSettings = { on: false, addr: '', chatbox: false, chatbox_template: '', flag: '',
    sending: { addr: '', sent: 0, failed: 0, problem: '' }, default_addr: '127.0.0.1:9000', default_template: '❤ {bpm}' }
  let strap = { use_strap: false, flag: false, reading: false, scan_ms: 6000 }
  let obs = {
    on: true, url: '', text_source: 'Heart rate', rules: [{ when: 'high_alert', do: 'scene', scene: 'Panic' }],
    has_password: true, password_from_env: false, flags: { url: '', text_source: '', alert_scene: '' }, default_url: 'ws://127.0.0.1:4455',
    alerts: { high: 150, low: 0 },
    status: { state: 'connected', url: 'ws://127.0.0.1:4455', message: 'Connected to OBS 29.0.2 (obs-websocket 5.1.0).',
      version: { obs: '29.0.2', web_socket: '5.1.0' },
      unavailable: { chapter: 'This needs obs-websocket 5.5 (OBS 30.2) or newer; OBS 29.0.2 has obs-websocket 5.1.0, which lacks CreateRecordChapter.' } },
    moments: [{ value: 'high_alert', label: 'During a high alert' }, { value: 'low_alert', label: 'During a low alert' },
      { value: 'no_signal', label: 'While the heart rate is lost' }, { value: 'zone:threshold', label: 'In the Threshold zone (160 to 179 BPM)' }],
    effects: [{ value: 'scene', label: 'Switch to a scene, then back' }, { value: 'show', label: 'Show a source, then hide it' },
      { value: 'hide', label: 'Hide a source, then show it' }, { value: 'filter_on', label: 'Turn a filter on, then off' },
      { value: 'filter_off', label: 'Turn a filter off, then on' }, { value: 'chapter', label: 'Mark a chapter in the recording' }],
  }
  let textFile = { path: '', offline: '', flag: '', in_use: '', default_offline: '--', suggested: '/home/streamer/.local/share/beatcast/heart-rate.txt' }
  // Three recorded streams: evenings of gaming, one with a break.
  const zones = [
    { name: 'Rest', from: 0, color: '#8a93a6' }, { name: 'Warm-up', from: 50, color: '#5ac8fa' },
    { name: 'Easy', from: 60, color: '#34c759' }, { name: 'Aerobic', from: 70, color: '#ffd60a' },
    { name: 'Threshold', from: 80, color: '#ff9f0a' }, { name: 'Maximum', from: 90, color: '#ff3b30' },
  ]
  const curve = (i, seed) => Math.round(88 + 22 * Math.sin(i / (25 + seed)) + 9 * Math.sin(i / 4 + seed) + (i % 97 < 6 ? 45 : 0))
  const stream = (start, minutes, seed, gap) => {
    const n = 400
    const spark = Array.from({ length: 120 }, (_, i) => (gap && i > 60 && i < 70 ? 0 : curve(i * 3.3, seed)))
    const beats = spark.filter((v) => v > 0)
    return {
      id: new Date(start).toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z', start, end: start + minutes * 60_000,
      beats: minutes * 60, min: Math.min(...beats) - 4, max: Math.max(...beats) + 6,
      average: beats.reduce((a, b) => a + b, 0) / beats.length, zone_seconds: [420, 2400, 2100, 1200, 600, 180].map((z) => (z * minutes) / 116),
      max_bpm: 200, spark, bytes: minutes * 1700, n,
    }
  }
  const history = {
    info: { record: true, recording: true, off_by_flag: false, dir: '/home/streamer/.local/share/beatcast/sessions',
      keep_days: 0, max_bpm: 0, default_keep_days: 90, default_max_bpm: 200, zones },
    streams: [
      stream(Date.UTC(2026, 10, 22, 19, 4), 116, 1, true),
      stream(Date.UTC(2026, 10, 20, 20, 31), 74, 4, false),
      stream(Date.UTC(2026, 10, 17, 18, 2), 161, 7, false),
    ],
    detail(s) {
      const points = Array.from({ length: 1200 }, (_, i) => ({
        t: Math.round(s.start + (i * (s.end - s.start)) / 1199),
        bpm: s.spark[Math.floor((i / 1200) * 120)] === 0 ? 0 : curve(i * 0.33, s.n % 9 ? 1 : 1),
      }))
      const byBPM = [...points].sort((a, b) => b.bpm - a.bpm)
      const peaks = []
      for (const p of byBPM) {
        if (peaks.length === 3) break
        if (peaks.every((q) => Math.abs(q.t - p.t) >= 300_000)) peaks.push(p)
      }
      return { ...s, points, peaks, path: `${history.info.dir}/${s.id}.csv` }
    },
  }
  const App = {
    Snapshot: async () => ({ status, beat, stats }),
    RecentBeats: async () => recent,
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
    // As overlay.ParseURL: /o/<name> names a saved look, else the options are in the query.
    ParseOverlayURL: async (url) => {
      const u = new URL(url)
      if (u.pathname.startsWith('/o/')) return { saved: u.pathname.slice(3).replace(/\/+$/, ''), options: {} }
      return { options: Object.fromEntries(u.searchParams) }
    },
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
    SaveSettings: async (s) => {
      calls.push(['saveSettings', s])
      // As Go refuses an address it cannot serve, with its code and sentence,
      // rejected as the Wails bridge rejects: new Error(the formatter's text)
      // (Wails v2.15.0 runtime/desktop/calls.js, callResult; problem.Shown.JSON).
      if (s.overlay_addr && !/^[\w.[\]:-]+:\d{1,5}$/.test(s.overlay_addr)) {
        const message = `The overlay address "${s.overlay_addr}" must be HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:8765.`
        throw new Error(JSON.stringify({ code: 'overlay_addr', message, problems: [{ code: 'overlay_addr', message }] }))
      }
      return 'Saved.'
    },
    SignOut: async () => {
      account = { signed_in: false, has_client_id: !dev, demo: false }
      emit('beatcast:account', account)
    },
    Background: async () => ({ autostart: false, start_minimised: false, tray: true }),
    SetBackground: async (autostart, minimised) => ({ autostart, start_minimised: minimised, tray: true }),
    HistoryInfo: async () => history.info,
    SetHistory: async (record, keepDays, maxBPM) => (history.info = { ...history.info, record, recording: record, keep_days: keepDays, max_bpm: maxBPM }),
    Streams: async () => history.streams,
    Stream: async (id) => history.detail(history.streams.find((s) => s.id === id)),
    DeleteStream: async (id) => (history.streams = history.streams.filter((s) => s.id !== id)),
    ExportStream: async (id) => (calls.push(['exportSession', id]), `/home/streamer/Documents/Beatcast ${id}.csv`),
    SaveStreamChart: async (id, png) => (calls.push(['saveSessionChart', id, png]), `/home/streamer/Pictures/Beatcast ${id}.png`),
    OpenStreamsFolder: async () => calls.push(['openStreamsFolder']),
    Alerts: async () => (scene.alert ? { ...alerts, now: scene.alert } : alerts),
    SetAlerts: async (high, low) => (alerts = { ...alerts, saved: { high, low }, in_use: { high, low } }),
    OSC: async () => oscSettings,
    // OBS 29 as Beatcast sees it (obs-websocket 5.1: no chapter marks).
    // Two straps nearby: heard one after the other during a short scan.
    Strap: async () => strap,
    ScanStraps: async () => {
      const heard = [
        { address: 'A0:9E:1A:00:00:01', name: 'Polar H10 1A2B3C4D', rssi: -58 },
        { address: 'C0:00:00:00:00:01', name: 'TICKR 4F2A', rssi: -84, battery: 60 },
      ]
      await new Promise((r) => setTimeout(r, 300))
      emit('beatcast:strap-found', heard.slice(0, 1))
      await new Promise((r) => setTimeout(r, 300))
      return heard
    },
    UseStrap: async (address, name) => (strap = { ...strap, strap: { address, name }, use_strap: true }),
    ForgetStrap: async () => (strap = { ...strap, strap: undefined, use_strap: false }),
    OBS: async () => obs,
    OBSInventory: async () => ({
      scenes: [{ name: 'Game', sources: ['Heart rate', 'Flames', 'Camera'] }, { name: 'Panic', sources: ['Camera'] }, { name: 'BRB', sources: ['BRB card'] }],
      text_sources: ['Heart rate'], filters: { Camera: ['Shake'] },
    }),
    SaveOBS: async (on, url, text_source, rules) => (obs = { ...obs, on, url, text_source, rules }),
    SetOBSPassword: async (password) => (obs = { ...obs, has_password: !!password }),
    TestOBS: async () => obs.status,
    TryOBSRule: async () => {},
    ReconnectOBS: async () => {},
    SetOSC: async (on, addr, chatbox, template) =>
      (oscSettings = { ...oscSettings, on, addr, chatbox, chatbox_template: template,
        sending: { addr: on ? addr || '127.0.0.1:9000' : '', sent: on ? 42 : 0, failed: 0, problem: '' } }),
    TextFile: async () => textFile,
    SetTextFile: async (path, offline) => (textFile = { ...textFile, path, offline, in_use: path }),
    WindowVisible: async (visible) => calls.push(['windowVisible', visible]),
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
  // As Wails binds them: the window's lifecycle and dialogs on main.App,
  // the screens on screens.Screens (one object here serves both).
  window.go = { main: { App }, screens: { Screens: App } }
})()
