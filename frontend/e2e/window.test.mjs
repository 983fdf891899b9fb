// The built desktop UI (frontend/dist) in headless Chromium with the Wails
// runtime stubbed (stub-runtime.js): a first run from sign-in to the demo.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { freePort, launchChromium, repoRoot, serveWindow, screenshotDir, startBeatcast } from './harness.mjs'

let server, browser, base

before(async () => {
  ;({ server, base } = await serveWindow())
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  server?.close()
})

test('first run: sign in shows the QR code and link, cancel, then try the demo', async () => {
  const page = await browser.newPage({ viewport: { width: 960, height: 680 } })
  await page.addInitScript({ path: join(repoRoot, 'frontend', 'e2e', 'stub-runtime.js') })
  await page.goto(base)
  await page.getByRole('heading', { name: 'Connect your Pulsoid account' }).waitFor()
  await page.screenshot({ path: join(screenshotDir, 'ui-first-run.png') })

  await page.getByRole('button', { name: 'Sign in with Pulsoid' }).click()
  await page.getByRole('heading', { name: 'Approve Beatcast on Pulsoid' }).waitFor()
  assert.match(await page.getByTestId('countdown').textContent(), /works for (10:00|9:5\d) more/)
  const qr = page.getByRole('img', { name: /QR code/ })
  const box = await qr.boundingBox()
  assert.ok(box.width >= 150 && box.height >= 150, `QR code is ${box.width}×${box.height}, too small to scan`)
  await page.getByRole('button', { name: 'Copy link' }).click()
  await page.screenshot({ path: join(screenshotDir, 'ui-sign-in-waiting.png') })
  const calls = await page.evaluate(() => window.__calls)
  assert.deepEqual(calls.find((c) => c[0] === 'copy'), ['copy', 'https://pulsoid.net/oauth2/device?user_code=3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b'])

  await page.getByRole('button', { name: 'Cancel' }).click()
  await page.getByRole('button', { name: 'Try demo' }).click()
  const bpm = page.getByTestId('bpm')
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid=bpm]').textContent))
  const first = await bpm.textContent()
  await page.waitForFunction((v) => document.querySelector('[data-testid=bpm]').textContent !== v, first, { timeout: 5000 })
  assert.match(await page.getByTestId('account').textContent(), /demo/)
  await page.getByRole('button', { name: 'Copy URL' }).click()
  const copied = await page.evaluate(() => window.__calls.filter((c) => c[0] === 'copy').map((c) => c[1]))
  assert.ok(copied.includes('http://127.0.0.1:8765/'), 'the overlay URL was not copied')
  await page.screenshot({ path: join(screenshotDir, 'ui-demo.png') })
})

test('a development build says so, and its first screen names the three ways in', async () => {
  const page = await browser.newPage({ viewport: { width: 960, height: 680 } })
  await page.addInitScript('window.__development = true')
  await page.addInitScript({ path: join(repoRoot, 'frontend', 'e2e', 'stub-runtime.js') })
  await page.goto(base)
  const ways = page.getByTestId('ways-in')
  await ways.waitFor()
  assert.match(await ways.textContent(), /development build/)
  assert.equal(await ways.locator('li').count(), 3)
  assert.equal(await page.getByRole('button', { name: 'Sign in with Pulsoid' }).count(), 0)
  assert.match(await page.locator('footer').textContent(), /0\.2\.0\+3 · development build/)
  await page.screenshot({ path: join(screenshotDir, 'ui-first-run-development.png') })
})

test('history: the streams, one full size, its chart saved as a picture to post', async () => {
  const page = await browser.newPage({ viewport: { width: 960, height: 680 } })
  await page.addInitScript({ path: join(repoRoot, 'frontend', 'e2e', 'stub-runtime.js') })
  await page.goto(base)
  await page.getByRole('button', { name: 'Try demo' }).click()
  await page.getByRole('button', { name: 'History' }).click()
  await page.getByTestId('stream').first().waitFor()
  assert.equal(await page.getByTestId('stream').count(), 3)
  await page.screenshot({ path: join(screenshotDir, 'ui-history.png') })

  await page.getByTestId('stream').first().click()
  await page.getByTestId('stream-chart').waitFor()
  assert.equal(await page.getByTestId('peak').count(), 3)
  await page.screenshot({ path: join(screenshotDir, 'ui-history-session.png'), fullPage: true })

  await page.getByRole('button', { name: 'Save chart picture…' }).click()
  await page.getByRole('status').filter({ hasText: 'Saved the chart to' }).waitFor()
  const png = Buffer.from(await page.evaluate(() => window.__calls.find((c) => c[0] === 'saveSessionChart')[2]), 'base64')
  assert.equal(png.subarray(0, 8).toString('latin1'), '\x89PNG\r\n\x1a\n')
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630])
  writeFileSync(join(screenshotDir, 'history-chart-export.png'), png)
})

test('demo → overlay builder with a live preview of the real overlay → copy URL → settings', async () => {
  const app = await startBeatcast(['--demo'], await freePort())
  try {
    const page = await browser.newPage({ viewport: { width: 960, height: 760 } })
    await page.addInitScript(`window.__overlayURL = ${JSON.stringify(app.url)}`)
    await page.addInitScript({ path: join(repoRoot, 'frontend', 'e2e', 'stub-runtime.js') })
    await page.goto(base)
    await page.getByRole('button', { name: 'Try demo' }).click()
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid=bpm]').textContent))
    await page.getByRole('button', { name: 'Overlay' }).click()
    await page.getByLabel('Number').check()
    await page.getByRole('button', { name: '+ Add a zone' }).click()
    await page.getByRole('button', { name: '+ Add a zone' }).click()
    const url = `${app.url}?style=number&zones=100%3Affd000%2C120%3Aff3b30`
    assert.equal(await page.getByTestId('builder-url').textContent(), url)
    // The preview is the real page OBS will load, live from Beatcast; it is
    // told each change of the look rather than reloaded.
    const preview = page.frameLocator('iframe[title="Overlay preview"]')
    await preview.locator('body[data-look="live"]').waitFor({ timeout: 8000 })
    assert.match(await preview.locator('#bpm').textContent(), /^\d+$/)
    await preview.locator('body.style-number').waitFor({ timeout: 3000 })
    await page.getByRole('button', { name: 'Copy URL' }).click()
    const copied = await page.evaluate(() => window.__calls.filter((c) => c[0] === 'copy').map((c) => c[1]))
    assert.ok(copied.includes(url), `copied ${copied}`)

    // A big look is drawn to scale, never clipped.
    await page.getByLabel('Size').fill('160')
    const box = await page.getByLabel(/Live preview/).boundingBox()
    const frame = await page.locator('iframe[title="Overlay preview"]').boundingBox()
    assert.ok(frame.width <= box.width + 1 && frame.height <= box.height + 1, `preview ${frame.width}×${frame.height} in ${box.width}×${box.height}`)
    assert.match(await page.getByTestId('preview-scale').textContent(), /^\d+ %$/)
    assert.ok(parseInt(await page.getByTestId('preview-scale').textContent()) < 100)
    await page.getByLabel('Size').fill('64')

    // Saved under a name: a fixed URL for OBS.
    await page.getByLabel('Name').fill('main')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByTestId('builder-message').filter({ hasText: 'Saved main' }).waitFor()
    assert.equal(await page.getByTestId('builder-url').textContent(), `${app.url}o/main`)
    await page.waitForTimeout(600) // let the preview's fade-in finish for the picture
    await page.screenshot({ path: join(screenshotDir, 'ui-overlay-builder.png') })

    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByLabel('No signal after').fill('15')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    await page.screenshot({ path: join(screenshotDir, 'ui-settings.png'), fullPage: true })
  } finally {
    await app.stop()
  }
})
