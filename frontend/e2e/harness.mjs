// Helpers for the browser end-to-end tests: start the real Beatcast binary
// headless, and launch Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer as createHTTPServer } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize, resolve } from 'node:path'
import { chromium } from 'playwright-core'

export const repoRoot = resolve(import.meta.dirname, '..', '..')
export const binary = join(repoRoot, 'build', 'bin', 'beatcast')
// One folder per engine when CHROMIUM_MAJOR names one, so the runs in OBS's
// engines keep their pictures beside Debian's.
export const screenshotDir = join(repoRoot, 'build', 'screenshots', process.env.CHROMIUM_MAJOR ? `chromium-${process.env.CHROMIUM_MAJOR}` : '')

/** A free loopback port. */
export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => ok(port))
    })
    srv.on('error', fail)
  })
}

/**
 * Starts `beatcast --headless` with args and resolves once the overlay
 * answers. home is the XDG home to use (a fresh one by default), so a test
 * can restart Beatcast on the same files; settings, if given, is written
 * as its settings.json first. stop() sends SIGINT and resolves with the
 * exit code.
 */
export async function startBeatcast(args, port, { env = {}, home, settings } = {}) {
  home ??= mkdtempSync(join(tmpdir(), 'beatcast-e2e-'))
  if (settings) {
    mkdirSync(join(home, 'config', 'beatcast'), { recursive: true })
    writeFileSync(join(home, 'config', 'beatcast', 'settings.json'), JSON.stringify(settings))
  }
  const child = spawn(binary, ['--headless', '--overlay-addr', `127.0.0.1:${port}`, ...args], {
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise((ok) => child.on('exit', (code, signal) => ok(code ?? signal)))
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/state`)
      if (r.ok) break
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`beatcast did not start (exit ${child.exitCode}):\n${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    home,
    localFile: join(home, 'data', 'beatcast', 'overlay.html'),
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGINT')
      return exited
    },
  }
}

/**
 * Starts the in-project fake Pulsoid (build/bin/fakepulsoid) with a token
 * registered. send(bpm) sends a beat to every open socket.
 */
export async function startFakePulsoid(token) {
  const child = spawn(join(repoRoot, 'build', 'bin', 'fakepulsoid'), ['-token', token], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise((ok, fail) => {
    child.stdout.once('data', (d) => ok(String(d)))
    child.once('exit', (code) => fail(new Error(`fakepulsoid exited ${code}`)))
  })
  const { url, control } = JSON.parse(line)
  const post = (path) => fetch(control + path, { method: 'POST' }).then((r) => assertOk(r, path))
  return {
    url,
    env: { BEATCAST_PULSOID_API_URL: url, BEATCAST_PULSOID_AUTH_URL: url, BEATCAST_TOKEN: token },
    send: (bpm) => post(`/send?bpm=${bpm}`),
    connections: () => fetch(control + '/connections').then((r) => r.text()).then(Number),
    stop: () => child.kill('SIGTERM'),
  }
}

function assertOk(r, what) {
  if (!r.ok) throw new Error(`fakepulsoid ${what}: ${r.status}`)
}

/** Resolves when cond() is true, polling; rejects after ms. */
export async function until(what, cond, ms = 5000) {
  const deadline = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Headless Chromium: Debian's, or the one CHROMIUM names; playwright gives
 * every launch a fresh profile. The builds of OBS's own engines (Chromium
 * 103 and 127, from @sparticuz/chromium, unpacked by
 * scripts/old-chromium.sh) keep their package's arguments in args.json
 * beside them: without those they hang at start. extraArgs adds switches,
 * e.g. --disable-features=LocalNetworkAccessChecks to play OBS's browser,
 * whose Chromium predates those checks.
 */
export async function launchChromium(extraArgs = []) {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium'
  const argsFile = join(dirname(executablePath), 'args.json')
  // Not their --disable-web-security and kin: OBS keeps web security on,
  // and the tests check what another website can read. Not 127's
  // --single-process either: OBS's CEF runs pages in their own processes,
  // and in one process the browser dies with the first page closed.
  const dropped = [
    '--headless',
    '--disable-web-security',
    '--allow-running-insecure-content',
    '--disable-site-isolation-trials',
    '--single-process',
  ]
  const own = existsSync(argsFile)
    ? JSON.parse(readFileSync(argsFile, 'utf8')).filter((a) => !dropped.some((d) => a.startsWith(d)))
    : []
  const browser = await chromium.launch({
    executablePath,
    args: [
      ...own,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  })
  // CHROMIUM_MAJOR says which engine the run is meant to test, so a wrong
  // or missing binary fails rather than passing in another engine.
  const want = process.env.CHROMIUM_MAJOR
  if (want && browser.version().split('.')[0] !== want) {
    await browser.close()
    throw new Error(`${executablePath} is Chromium ${browser.version()}, not ${want}; run make setup-test`)
  }
  return browser
}

/**
 * Lets a test add messages to what the page's websocket receives, as if
 * Beatcast sent them: send(msg) dispatches msg on the page's socket.
 * Playwright's routeWebSocket does this too, but not in Chromium 103 (OBS
 * 28–30's engine), where a routed socket never opens; a subclass of the
 * page's own WebSocket works in every engine.
 */
export async function tapSocket(page) {
  await page.addInitScript(() => {
    const Native = window.WebSocket
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args)
        window.__beatcastSocket = this
      }
    }
  })
  return (msg) =>
    page.evaluate((data) => window.__beatcastSocket.dispatchEvent(new MessageEvent('message', { data })), JSON.stringify(msg))
}

/**
 * The luminance contrast (WCAG formula) between the darkest and the
 * brightest pixels of an element as drawn, 1st against 99th percentile: an
 * edge that separates a glyph from any background shows up as a high
 * ratio; white text washing out on a bright scene as one near 1.
 */
export async function drawnContrast(page, selector) {
  const box = await page.locator(selector).boundingBox()
  const png = (await page.screenshot({ clip: box })).toString('base64')
  return page.evaluate(async (data) => {
    const img = new Image()
    img.src = 'data:image/png;base64,' + data
    await img.decode()
    const c = document.createElement('canvas')
    c.width = img.width
    c.height = img.height
    const ctx = c.getContext('2d')
    ctx.drawImage(img, 0, 0)
    const px = ctx.getImageData(0, 0, img.width, img.height).data
    const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    const lum = []
    for (let i = 0; i < px.length; i += 4) lum.push(0.2126 * lin(px[i]) + 0.7152 * lin(px[i + 1]) + 0.0722 * lin(px[i + 2]))
    lum.sort((a, b) => a - b)
    const lo = lum[Math.floor(lum.length * 0.01)]
    const hi = lum[Math.floor(lum.length * 0.99)]
    return (hi + 0.05) / (lo + 0.05)
  }, png)
}

/** Scenes to look at the overlay over (as html's background, fixed to the viewport); game is the README's pictures'. */
export const SCENES = {
  bright: '#f7f5ee',
  dark: '#10141f',
  busy: 'repeating-linear-gradient(45deg, #e8d44d 0 18px, #2d6cdf 18px 36px, #f4f4f4 36px 54px, #c0392b 54px 72px)',
  game: 'linear-gradient(160deg, #1d2b3a, #33443c 55%, #5e5238)',
}

/**
 * Serves the built desktop UI (frontend/dist) on loopback, for a browser
 * with the Wails runtime stubbed (stub-runtime.js). Returns its base URL
 * and the server, to close.
 */
export async function serveWindow() {
  const dist = join(repoRoot, 'frontend', 'dist')
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }
  const server = createHTTPServer((req, res) => {
    const path = normalize(req.url === '/' ? '/index.html' : req.url.split('?')[0])
    try {
      const body = readFileSync(join(dist, path))
      res.writeHead(200, { 'Content-Type': types[extname(path)] || 'application/octet-stream' })
      res.end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  return { server, base: `http://127.0.0.1:${server.address().port}/` }
}
