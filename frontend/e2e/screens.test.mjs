// Every screen and state of the window, at the default size (960×680) and
// the smallest the window allows (720×560), in headless Chromium with the
// Wails runtime stubbed (stub-runtime.js starts each in the scene given).
// Each is saved as build/screenshots/screen-<name>-<width>.png for people to
// look at; the test checks what a person would notice: the words of that
// state, nothing cut off sideways, and a header that never moves.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { freePort, launchChromium, repoRoot, serveWindow, screenshotDir, startBeatcast } from './harness.mjs'

let server, browser, base, beatcast

before(async () => {
  ;({ server, base } = await serveWindow())
  browser = await launchChromium()
  // A real overlay (the demo) for the builder's preview to show.
  beatcast = await startBeatcast(['--demo'], await freePort())
})
after(async () => {
  await browser?.close()
  server?.close()
  await beatcast?.stop()
})

// Each scene is made when its page opens, on the clock of that moment.
const makeScenes = (now) => {
  // Ten minutes of a strap, with forty seconds it lost the signal.
  const history = Array.from({ length: 600 }, (_, i) => i)
    .filter((i) => i < 300 || i > 340)
    .map((i) => ({ bpm: Math.round(96 + 22 * Math.sin(i / 45) + 6 * Math.sin(i / 7)), measured_at: 0, arrived_at: now - (600 - i) * 1000 }))
  // The statistics of what the chart shows, so no picture contradicts itself.
  const statsOf = (points, started_at) => {
    const bpms = points.map((p) => p.bpm)
    const average = Math.round((bpms.reduce((a, b) => a + b, 0) / bpms.length) * 10) / 10
    return { count: bpms.length, min: Math.min(...bpms), max: Math.max(...bpms), average, started_at }
  }
  const stats = statsOf(history, now - 600_000)
  // The same stream climbing past a high alert of 150 in its last 40 seconds.
  const climb = history.map((p, i) => (i < history.length - 40 ? p : { ...p, bpm: Math.round(p.bpm + ((152 - p.bpm) * (i - history.length + 40)) / 39) }))
  // The stream up to its last beat, for the states after it stopped.
  const until = (t) => {
    const upTo = history.filter((p) => p.arrived_at <= t)
    return { history: upTo, stats: statsOf(upTo, now - 600_000) }
  }
  // A minute of the demo, settling at 74.
  const demo = Array.from({ length: 60 }, (_, i) => ({ bpm: Math.round(74 + 6 * Math.sin((i - 59) / 9)), measured_at: 0, arrived_at: now - (60 - i) * 1000 }))
  const signedIn = { signed_in: true, profile_id: '4fda99b9-6dc4-4ef4-9fe7-15f64908ad3f', expires_at: now + 29.5 * 86_400_000, has_client_id: true, demo: false }
  const pulsoid = (state, extra = {}) => ({ state, source: 'pulsoid', since: now - 30_000, ...extra })

  const scenes = {
    'first-run': { scene: {}, says: 'Connect your Pulsoid account' },
    'signing-in': {
      scene: {
        status: pulsoid('signing_in'),
        signIn: { phase: 'waiting', url: 'https://pulsoid.net/oauth2/device?user_code=3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b', expires_at: now + 600_000, browser_opened: true },
      },
      says: 'Approve Beatcast on Pulsoid',
    },
    live: {
      scene: { status: pulsoid('live', { last_beat_at: now }), account: signedIn, beat: { bpm: history.at(-1).bpm, measured_at: now }, stats, history },
      says: 'Live from Pulsoid',
    },
    'live-alert': {
      scene: {
        status: pulsoid('live', { last_beat_at: now }), account: signedIn, beat: { bpm: 152, measured_at: now },
        stats: statsOf(climb, now - 600_000), history: climb, alert: { level: 'high', bpm: 152, threshold: 150 },
      },
      says: 'Above your high alert of 150 BPM',
    },
    'no-signal': {
      scene: {
        status: pulsoid('no_signal', { last_beat_at: now - 14_000, reason: 'no_signal' }), account: signedIn,
        beat: { bpm: 97, measured_at: now - 14_000 }, ...until(now - 14_000),
      },
      says: 'Is the strap on and the Pulsoid app sending?',
    },
    reconnecting: {
      scene: {
        status: pulsoid('reconnecting', { attempt: 3, retry_at: now + 2_000, reason: 'pulsoid_error', message: 'Pulsoid is having trouble right now.' }),
        account: signedIn, beat: { bpm: 97, measured_at: now - 20_000 }, ...until(now - 20_000),
      },
      says: 'Pulsoid is having trouble',
    },
    'signed-out': {
      scene: {
        // pulsoid.Explain's words for token_revoked.
        status: pulsoid('signed_out', { reason: 'token_revoked', message: 'Pulsoid no longer knows this sign-in (it was revoked, or Beatcast was removed from your Pulsoid account). Sign in again.' }),
      },
      says: 'Pulsoid no longer knows this sign-in',
    },
    demo: {
      scene: {
        status: { state: 'live', source: 'demo', since: now - 60_000, last_beat_at: now }, account: { signed_in: false, has_client_id: true, demo: true },
        beat: { bpm: 74, measured_at: now }, stats: statsOf(demo, now - 60_000), history: demo,
      },
      says: 'Demo — a made-up heart rate',
    },
  }
  return scenes
}

for (const [width, height] of [[1280, 800], [960, 680], [800, 600], [720, 560]]) {
  test(`every state at ${width}×${height}: its words, nothing cut off, a header that stays put`, async () => {
    const header = new Map()
    const shoot = async (name, page) => {
      await page.screenshot({ path: join(screenshotDir, `screen-${name}-${width}.png`) })
      const layout = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        nav: document.querySelector('nav')?.getBoundingClientRect().x ?? null,
        pill: document.querySelector('[data-testid=status-pill]').getBoundingClientRect().width,
        stats: document.querySelector('dl.stats')?.getBoundingClientRect().y ?? null,
      }))
      assert.ok(layout.overflow <= 0, `${name}: ${layout.overflow} px wider than the window`)
      header.set(name, layout)
    }
    for (const name of Object.keys(makeScenes(Date.now()))) {
      const { scene, says } = makeScenes(Date.now())[name]
      const page = await browser.newPage({ viewport: { width, height } })
      await page.addInitScript(`window.__scene = ${JSON.stringify(scene)}; window.__overlayURL = ${JSON.stringify(beatcast.url)}`)
      await page.addInitScript({ path: join(repoRoot, 'frontend', 'e2e', 'stub-runtime.js') })
      await page.goto(base)
      await page.getByText(says).first().waitFor({ timeout: 5000 })
      await shoot(name, page)
      if (name === 'first-run') {
        await page.getByRole('button', { name: 'Use a Bluetooth strap' }).click()
        await page.getByText('TICKR 4F2A').waitFor()
        await shoot('strap-picker', page)
        await page.getByRole('button', { name: 'Back', exact: true }).click()
        await page.getByRole('button', { name: 'Use a token instead' }).click()
        await page.getByLabel('Token', { exact: true }).waitFor()
        await shoot('token', page)
        // The field and its buttons sit on one line, aligned.
        const field = await page.getByLabel('Token', { exact: true }).boundingBox()
        const button = await page.getByRole('button', { name: 'Use token' }).boundingBox()
        assert.ok(Math.abs(field.y + field.height / 2 - (button.y + button.height / 2)) <= 2 || button.y >= field.y + field.height,
          `the token field (${JSON.stringify(field)}) and its button (${JSON.stringify(button)}) are out of line`)
      }
      if (name === 'live') {
        for (const view of ['History', 'Overlay', 'OBS', 'Settings']) {
          await page.getByRole('button', { name: view, exact: true }).click()
          await page.waitForTimeout(view === 'Overlay' ? 1200 : 300) // the preview connects and fades in
          await shoot(view.toLowerCase(), page)
          if (view === 'OBS') {
            // A second action: show a source in a scene, picked from OBS's lists.
            await page.getByRole('button', { name: 'Add an action' }).click()
            await page.getByLabel('Do').nth(1).selectOption('show')
            await page.getByLabel('Scene', { exact: true }).selectOption('Game')
            await page.getByLabel('Source', { exact: true }).selectOption('Flames')
            await shoot('obs-actions', page)
            continue
          }
          if (view !== 'Overlay') continue
          // A saved look, edited, with an error under its URL, and the question before deleting it.
          await page.getByLabel('Name').fill('main')
          await page.getByRole('button', { name: 'Save', exact: true }).click()
          await page.getByText('Saved main').waitFor()
          await page.getByLabel('Ring').check()
          await page.getByRole('button', { name: 'Open a URL…' }).click()
          await page.getByLabel('Overlay URL to open').fill('http://127.0.0.1:8765/o/nothing')
          await page.getByRole('button', { name: 'Open', exact: true }).click()
          await page.getByText('No overlay named nothing').waitFor()
          await shoot('overlay-saved-error', page)
          const message = await page.getByTestId('builder-message').boundingBox()
          const urlBox = await page.getByTestId('builder-url').boundingBox()
          assert.ok(message.y + message.height <= urlBox.y + 1, `the builder's message (${JSON.stringify(message)}) runs under the URL box (${JSON.stringify(urlBox)})`)
          await page.getByRole('button', { name: 'Delete…' }).click()
          await page.getByRole('button', { name: 'Delete main' }).waitFor()
          await shoot('overlay-delete', page)
          await page.getByRole('button', { name: 'Keep it' }).click()
        }
        // Settings refused, each problem next to its field.
        await page.getByLabel('No signal after').fill('0')
        await page.getByRole('button', { name: 'Save', exact: true }).click()
        await page.getByText('Enter a whole number of seconds from 1 to 600').waitFor()
        await shoot('settings-timeout-error', page)
        await page.getByLabel('No signal after').fill('')
        await page.getByLabel('Overlay address').fill('8765')
        await page.getByRole('button', { name: 'Save', exact: true }).click()
        await page.getByText('must be HOST:PORT').waitFor()
        assert.equal(await page.getByLabel('Overlay address').getAttribute('aria-invalid'), 'true')
        await shoot('settings-address-error', page)
        await page.getByLabel('Low').fill('10')
        await page.getByRole('button', { name: 'Save alerts' }).click()
        await page.getByText('Enter the low alert in BPM from 30 to 250').waitFor()
        await shoot('settings-alert-error', page)
      }
      await page.close()
    }
    const navs = new Set([...header.values()].map((h) => h.nav).filter((x) => x !== null))
    const pills = new Set([...header.values()].map((h) => h.pill))
    assert.equal(navs.size, 1, `the tabs move between states: ${JSON.stringify([...header])}`)
    assert.equal(pills.size, 1, `the status pill changes width: ${JSON.stringify([...header])}`)
    const dashboards = new Set([...header.values()].map((h) => h.stats).filter((y) => y !== null))
    assert.equal(dashboards.size, 1, `the dashboard moves between states: ${JSON.stringify([...header])}`)
  })
}
