// The overlay page as OBS would load it: served by a running
// `beatcast --headless --demo`, drawn by headless Chromium.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { freePort, launchChromium, screenshotDir, startBeatcast } from './harness.mjs'

let browser
before(async () => {
  browser = await launchChromium()
  mkdirSync(screenshotDir, { recursive: true })
})
after(async () => browser?.close())

test('the overlay shows a changing BPM from the demo, on a transparent page', async () => {
  const port = await freePort()
  const app = await startBeatcast(['--demo'], port)
  try {
    const page = await browser.newPage({ viewport: { width: 400, height: 200 } })
    await page.goto(app.url)
    const bpm = page.locator('#bpm')
    await page.waitForFunction(() => /^\d+$/.test(document.getElementById('bpm').textContent), null, { timeout: 5000 })
    const seen = new Set()
    const until = Date.now() + 6000
    while (seen.size < 3 && Date.now() < until) {
      seen.add(await bpm.textContent())
      await page.waitForTimeout(250)
    }
    assert.ok(seen.size >= 3, `BPM took only these values in 6 s: ${[...seen]}`)
    for (const v of seen) {
      const n = Number(v)
      assert.ok(n >= 55 && n <= 175, `BPM ${v} is not a plausible demo heart rate`)
    }
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'live')

    // The page's own background is transparent, so OBS shows only the text.
    const bg = await page.evaluate(() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor])
    assert.deepEqual(bg, ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)'])
    await page.screenshot({ path: join(screenshotDir, 'overlay-demo.png'), omitBackground: true })
  } finally {
    assert.equal(await app.stop(), 0, 'beatcast --headless should exit 0 on SIGINT')
  }
})

test('the overlay hides when Beatcast goes away and comes back when it returns', async () => {
  const port = await freePort()
  let app = await startBeatcast(['--demo'], port)
  const page = await browser.newPage()
  await page.goto(app.url)
  await page.waitForFunction(() => document.body.dataset.state === 'live', null, { timeout: 5000 })
  await app.stop()
  await page.waitForFunction(() => document.body.dataset.state === 'disconnected', null, { timeout: 5000 })
  // It fades out rather than leave the last number on screen.
  await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0', null, {
    timeout: 2000,
  })

  app = await startBeatcast(['--demo'], port)
  try {
    await page.waitForFunction(() => document.body.dataset.state === 'live', null, { timeout: 8000 })
    assert.match(await page.locator('#bpm').textContent(), /^\d+$/)
  } finally {
    await app.stop()
  }
})
