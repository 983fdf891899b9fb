// The overlay as OBS loads it, in headless Chromium, against the real
// `beatcast --headless`: fed by the demo, or by the fake Pulsoid when a
// test must control the beats.
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, test } from 'node:test'
import {
  drawnContrast,
  freePort,
  launchChromium,
  repoRoot,
  SCENES,
  screenshotDir,
  startBeatcast,
  startFakePulsoid,
  tapSocket,
  until,
} from './harness.mjs'

const LOOKS = ['heart', 'number', 'chart', 'stats', 'badge', 'ecg', 'ring']
const table = JSON.parse(readFileSync(join(repoRoot, 'backend/overlay/web/options.json'), 'utf8'))
const sizeOf = (style) => table.options.find((o) => o.name === 'style').choices.find((c) => c.value === style)

let browser
before(async () => {
  browser = await launchChromium()
  mkdirSync(screenshotDir, { recursive: true })
})
after(async () => browser?.close())

const look = (page) => page.evaluate(() => document.body.dataset.look)
const shown = (page) => page.locator('#bpm').textContent()
const live = (page, timeout = 8000) => page.waitForFunction(() => document.body.dataset.look === 'live', null, { timeout })
const scene = (page, name) => page.addStyleTag({ content: `html { min-height: 100%; background: ${SCENES[name]} fixed }` })
/** Live and fully faded in (the overlay fades over 0.4 s): ready to be looked at. */
const settled = async (page) => {
  await live(page)
  await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '1', null, { timeout: 3000 })
}

/** Beatcast fed by the fake Pulsoid, with a short no-signal timeout. */
async function withPulsoid(run, settings = {}) {
  const fake = await startFakePulsoid('tok-e2e')
  const app = await startBeatcast([], await freePort(), { env: fake.env, settings: { signal_timeout_seconds: 2, ...settings } })
  try {
    await until('the socket to the fake', async () => (await fake.connections()) === 1)
    await run(app, fake)
  } finally {
    await app.stop()
    fake.stop()
  }
}

describe('with the demo', () => {
  let app
  before(async () => (app = await startBeatcast(['--demo'], await freePort())))
  after(async () => assert.equal(await app.stop(), 0, 'beatcast --headless should exit 0 on SIGINT'))

  for (const style of LOOKS) {
    test(`style=${style} renders and updates on a transparent page`, async () => {
      const { width, height } = sizeOf(style)
      const page = await browser.newPage({ viewport: { width, height } })
      await page.goto(`${app.url}?style=${style}`)
      await live(page)
      assert.equal(await page.evaluate(() => document.body.className.split(' ')[0]), `style-${style}`)
      const first = await shown(page)
      await page.waitForFunction((v) => document.getElementById('bpm').textContent !== v, first, { timeout: 8000 })
      if (style === 'chart') {
        await page.waitForFunction(() => document.getElementById('line').getAttribute('d').split(/[ML]/).length > 4, null, {
          timeout: 10_000,
        })
      }
      if (style === 'stats') {
        for (const id of ['min', 'avg', 'max']) assert.match(await page.locator(`#${id}`).textContent(), /^\d+$/)
      }
      if (style === 'ring') {
        const arc = await page.evaluate(() => parseFloat(document.getElementById('ring').getAttribute('stroke-dasharray')))
        const bpm = Number(await shown(page))
        assert.ok(Math.abs(arc - (bpm / 200) * 276.5) < 6, `the ring's arc ${arc} does not match ${bpm} BPM of 200`)
      }
      const bg = await page.evaluate(() => [document.documentElement, document.body].map((e) => getComputedStyle(e).backgroundColor))
      assert.deepEqual(bg, ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)'])
      // The whole look fits the Browser Source size the builder gives.
      const box = await page.locator('#overlay').boundingBox()
      assert.ok(box.width <= width && box.height <= height, `${style} is ${box.width}×${box.height}, beyond ${width}×${height}`)
      await settled(page)
      if (style === 'ecg') await page.waitForTimeout(4000) // a few heartbeats on the trace for the picture
      await scene(page, 'game')
      await page.screenshot({ path: join(screenshotDir, `overlay-${style}.png`) })
      await page.close()
    })
  }

  // The part of each look that heartcolor paints (options.json names the looks).
  const PAINTED = { heart: ['.heart', 'fill'], badge: ['.heart', 'fill'], ecg: ['#trace', 'stroke'], chart: ['#line', 'stroke'], ring: ['#ring', 'stroke'] }
  for (const [style, [part, property]] of Object.entries(PAINTED)) {
    test(`style=${style}&heartcolor=00ff88 paints the ${part} green`, async () => {
      const page = await browser.newPage({ viewport: sizeOf(style) })
      await page.goto(`${app.url}?style=${style}&heartcolor=00ff88`)
      await settled(page)
      const paint = await page.evaluate(([sel, prop]) => getComputedStyle(document.querySelector(sel))[prop], [part, property])
      assert.equal(paint, 'rgb(0, 255, 136)')
      if (style === 'ecg' || style === 'chart') await page.waitForTimeout(3000) // a few beats drawn, for the picture
      await scene(page, 'game')
      await page.screenshot({ path: join(screenshotDir, `overlay-${style}-heartcolor.png`) })
      await page.close()
    })
  }

  test('legible by default on any scene: the number keeps its contrast on a bright one', async () => {
    for (const style of LOOKS) {
      for (const name of ['bright', 'dark', 'busy']) {
        const page = await browser.newPage({ viewport: sizeOf(style) })
        await page.goto(`${app.url}?style=${style}`)
        await settled(page)
        await scene(page, name)
        await page.screenshot({ path: join(screenshotDir, `overlay-${style}-${name}.png`) })
        if (name === 'bright') {
          const ratio = await drawnContrast(page, '#bpm')
          assert.ok(ratio >= 4.5, `${style} on a bright scene: contrast ${ratio.toFixed(1)}, want ≥ 4.5`)
        }
        await page.close()
      }
    }
    // The check has teeth: white text with no edge washes out.
    const page = await browser.newPage({ viewport: sizeOf('number') })
    await page.goto(`${app.url}?style=number&outline=none`)
    await settled(page)
    await scene(page, 'bright')
    const ratio = await drawnContrast(page, '#bpm')
    assert.ok(ratio < 2, `white without an edge on bright should fail the check, got ${ratio.toFixed(1)}`)
    await page.close()
  })

  test('a screenshot without the page background keeps transparent pixels around opaque text', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 140 } })
    await page.goto(app.url)
    await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '1', null, { timeout: 5000 })
    const png = (await page.screenshot({ omitBackground: true })).toString('base64')
    const alpha = await page.evaluate(async (data) => {
      const img = new Image()
      img.src = 'data:image/png;base64,' + data
      await img.decode()
      const c = document.createElement('canvas')
      c.width = img.width
      c.height = img.height
      const ctx = c.getContext('2d')
      ctx.drawImage(img, 0, 0)
      const px = ctx.getImageData(0, 0, img.width, img.height).data
      let clear = 0, solid = 0
      for (let i = 3; i < px.length; i += 4) px[i] === 0 ? clear++ : px[i] === 255 && solid++
      return { clear, solid, total: px.length / 4, corner: px[px.length - 1] }
    }, png)
    assert.equal(alpha.corner, 0, 'the corner pixel is not transparent')
    assert.ok(alpha.clear > alpha.total * 0.5, `only ${alpha.clear} of ${alpha.total} pixels are transparent`)
    assert.ok(alpha.solid > 100, 'no opaque pixels: the number is not drawn')
    await page.close()
  })

  test('bad or unknown options are ignored with a console warning', async () => {
    const page = await browser.newPage()
    const warnings = []
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()))
    await page.goto(`${app.url}?style=bogus&color=zzz&size=99999&align=middle&wat=1&zones=1:2:3&label=HR&font=Arial`)
    await live(page)
    for (const bad of ['style=bogus', 'color=zzz', 'size=99999', 'align=middle', 'unknown option wat', 'zones=1:2:3']) {
      assert.ok(warnings.some((w) => w.includes(bad)), `no warning about ${bad}: ${warnings}`)
    }
    assert.equal(warnings.length, 6)
    const got = await page.evaluate(() => ({
      cls: document.body.className,
      size: getComputedStyle(document.body).fontSize,
      label: document.getElementById('label').textContent,
      font: getComputedStyle(document.body).fontFamily,
    }))
    assert.equal(got.cls, 'style-heart outline-both plate-none alert-none', 'the defaults are used')
    assert.equal(got.size, '64px')
    assert.equal(got.label, 'HR', 'good options still apply')
    assert.match(got.font, /^"?Arial/)
    await page.close()
  })

  test("the page judges every shared case as Beatcast's Go server does", async () => {
    const { cases } = JSON.parse(readFileSync(join(repoRoot, 'backend/overlay/web/options-cases.json'), 'utf8'))
    const page = await browser.newPage()
    await page.goto(app.url)
    const wrong = await page.evaluate(
      (cases) => cases.filter((c) => window.BeatcastOverlay.valid(c.option, c.value) !== c.valid),
      cases,
    )
    assert.deepEqual(wrong, [], 'the page and options.go disagree on these')
    await page.close()
  })
})

describe('with Pulsoid', () => {
  test('no signal: the old number is never shown as live, then live again', async () => {
    await withPulsoid(async (app, fake) => {
      const dashes = await browser.newPage()
      const dim = await browser.newPage()
      const hide = await browser.newPage()
      const ring = await browser.newPage({ viewport: sizeOf('ring') })
      await dashes.goto(app.url)
      await dim.goto(`${app.url}?nosignal=dim`)
      await hide.goto(`${app.url}?nosignal=hide`)
      await ring.goto(`${app.url}?style=ring`)
      await fake.send(111)
      for (const p of [dashes, dim, hide, ring]) await live(p, 5000)
      assert.equal(await shown(dashes), '111')
      // The strap goes quiet: after the 2 s timeout every page says so.
      for (const p of [dashes, dim, hide, ring]) await p.waitForFunction(() => document.body.dataset.state === 'no_signal', null, { timeout: 5000 })
      assert.equal(await shown(dashes), '--')
      // The ring's arc is empty, and so is its round cap: no dot that reads as a value.
      assert.equal(await ring.evaluate(() => getComputedStyle(document.getElementById('ring')).visibility), 'hidden')
      await scene(ring, 'game')
      await ring.screenshot({ path: join(screenshotDir, 'overlay-ring-no-signal.png') })
      assert.equal(await look(dashes), 'dashes')
      assert.equal(await look(dim), 'dim')
      await dim.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0.35', null, { timeout: 2000 })
      await hide.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0', null, { timeout: 2000 })
      await scene(dashes, 'game')
      await dashes.screenshot({ path: join(screenshotDir, 'overlay-no-signal.png'), clip: { x: 0, y: 0, ...sizeOf('heart') } })
      await fake.send(96)
      await dashes.waitForFunction(() => document.getElementById('bpm').textContent === '96', null, { timeout: 5000 })
      assert.equal(await look(dashes), 'live')
    })
  })

  test('after a reload the chart is full at once: history on connect', async () => {
    await withPulsoid(async (app, fake) => {
      for (let bpm = 80; bpm < 92; bpm++) await fake.send(bpm)
      await until('twelve beats at Beatcast', async () => {
        const s = await (await fetch(app.url + 'api/state')).json()
        return s.stats.count === 12
      })
      const page = await browser.newPage()
      await page.goto(`${app.url}?style=chart`)
      await live(page, 5000)
      // No new beat has been sent: every point comes from the history message.
      const points = await page.evaluate(() => document.getElementById('line').getAttribute('d').split(/[ML]/).length - 1)
      assert.equal(points, 12, 'the chart should hold the 11 beats of history and the last beat')
      await page.close()
    })
  })

  test('twelve overlays open at once in one browser all keep updating', async () => {
    // Chromium allows six HTTP/1.1 connections per host; websockets do not
    // count against it, so a seventh overlay must not hang.
    await withPulsoid(async (app, fake) => {
      const context = await browser.newContext()
      const pages = await Promise.all(Array.from({ length: 12 }, () => context.newPage()))
      await Promise.all(pages.map((p, i) => p.goto(`${app.url}?style=${LOOKS[i % LOOKS.length]}`)))
      for (const bpm of [101, 102, 103, 104, 105]) {
        await fake.send(bpm)
        await Promise.all(
          pages.map((p) => p.waitForFunction((v) => document.getElementById('bpm').textContent === String(v), bpm, { timeout: 5000 })),
        )
      }
      await context.close()
    })
  })

  // Each frame costs about the same whatever changed in it (docs/BENCHMARKS.md): a look that beats draws a new
  // number in its next beat's frame, never in a frame of its own. The changes of one task reach a
  // MutationObserver together, as they reach the screen together. The fake sends a new number each second
  // (the demo's smooth rate can hold one number for six seconds, too long for a test to wait on).
  for (const [style, beat] of [['heart', 'thump'], ['badge', 'thump'], ['ecg', 'trace']]) {
    test(`style=${style} draws each new number with a beat, in the same frame`, async () => {
      await withPulsoid(async (app, fake) => {
        const page = await browser.newPage({ viewport: sizeOf(style) })
        await page.goto(`${app.url}?style=${style}`)
        await fake.send(80)
        await live(page, 5000)
        let bpm = 80
        const sending = setInterval(() => fake.send(++bpm), 1000)
        try {
          const batches = await page.evaluate(
            (ms) =>
              new Promise((done) => {
                const seen = []
                const bpm = document.getElementById('bpm')
                new MutationObserver((records) => {
                  seen.push({
                    number: records.some((r) => r.target === bpm || r.target.parentNode === bpm),
                    thump: records.some((r) => r.attributeName === 'class' && r.target.classList.contains('thump')),
                    trace: records.some((r) => r.attributeName === 'd' && r.target.id === 'trace'),
                  })
                }).observe(document.getElementById('overlay'), { subtree: true, childList: true, characterData: true, attributes: true })
                setTimeout(() => done(seen), ms)
              }),
            6000,
          )
          const numbers = batches.filter((b) => b.number)
          assert.ok(numbers.length >= 3, `${numbers.length} new numbers drawn in 6 s of a new number each second`)
          for (const b of numbers) assert.ok(b[beat], `a new number was drawn without a beat: ${JSON.stringify(b)}`)
        } finally {
          clearInterval(sending)
          await page.close()
        }
      })
    })
  }

  test('the heart thumps at the heart rate, not at message arrival', async () => {
    await withPulsoid(async (app, fake) => {
      const page = await browser.newPage()
      await page.goto(`${app.url}?style=heart`)
      // Beats arrive once a second; the rate they carry is 90 BPM (667 ms).
      const sending = setInterval(() => fake.send(90), 1000)
      try {
        await fake.send(90)
        await live(page, 5000)
        const times = await page.evaluate(
          () =>
            new Promise((done) => {
              const heart = document.querySelector('.heart')
              const seen = []
              new MutationObserver(() => heart.classList.contains('thump') && seen.push(performance.now())).observe(heart, {
                attributes: true,
              })
              setTimeout(() => done(seen), 4200)
            }),
        )
        const gaps = times.slice(1).map((t, i) => t - times[i])
        const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length
        assert.ok(gaps.length >= 5, `only ${times.length} thumps in 4.2 s`)
        assert.ok(Math.abs(mean - 60000 / 90) < 40, `thumps every ${mean.toFixed(0)} ms, want 667 ms at 90 BPM`)
      } finally {
        clearInterval(sending)
      }
    })
  })

  test('the ECG trace steps on once per heartbeat, and rests in between', async () => {
    await withPulsoid(async (app, fake) => {
      const page = await browser.newPage({ viewport: sizeOf('ecg') })
      await page.goto(`${app.url}?style=ecg`)
      const sending = setInterval(() => fake.send(90), 1000) // 90 BPM: a heartbeat every 667 ms
      try {
        await fake.send(90)
        await live(page, 5000)
        const redraws = await page.evaluate(
          () =>
            new Promise((done) => {
              let n = 0
              new MutationObserver(() => n++).observe(document.getElementById('trace'), { attributes: true })
              setTimeout(() => done(n), 3000)
            }),
        )
        assert.ok(redraws >= 4 && redraws <= 5, `${redraws} redraws in 3 s at 90 BPM, want 4 or 5: one per heartbeat`)
      } finally {
        clearInterval(sending)
      }
    })
  })

  test('colour zones follow the heart rate', async () => {
    await withPulsoid(async (app, fake) => {
      const page = await browser.newPage()
      await page.goto(`${app.url}?zones=140:ff3b30,100:ffd000`)
      const colour = () => page.evaluate(() => getComputedStyle(document.getElementById('overlay')).color)
      for (const [bpm, want] of [[150, 'rgb(255, 59, 48)'], [120, 'rgb(255, 208, 0)'], [90, 'rgb(255, 255, 255)']]) {
        await fake.send(bpm)
        await page.waitForFunction((v) => document.getElementById('bpm').textContent === String(v), bpm, { timeout: 5000 })
        await until(`colour at ${bpm}`, async () => (await colour()) === want, 2000)
      }
    })
  })
})

describe('saved overlays', () => {
  test('a saved overlay shows its look at /o/<name> and restyles live when it changes', async () => {
    const settings = { overlays: [{ name: 'main', options: { style: 'ring', max: '180' } }] }
    const app = await startBeatcast(['--demo'], await freePort(), { settings })
    try {
      const page = await browser.newPage()
      // The test adds a look change as if Beatcast sent it (what saving in
      // the builder sends; the Go tests cover that side).
      const send = await tapSocket(page)
      const restyle = (options) => send({ type: 'overlay', name: 'main', options })
      await page.goto(app.url + 'o/main')
      await live(page)
      assert.equal(await page.evaluate(() => document.body.className), 'style-ring outline-both plate-none alert-none')
      restyle({ style: 'number', color: 'ff0000' })
      await page.waitForFunction(() => document.body.className.startsWith('style-number'), null, { timeout: 3000 })
      const colour = () => page.evaluate(() => getComputedStyle(document.getElementById('bpm')).color)
      await until('the new colour (after its 0.4 s transition)', async () => (await colour()) === 'rgb(255, 0, 0)', 2000)
      assert.equal(await look(page), 'live', 'restyling keeps the number on screen')
      // Its own local file names it too.
      const file = join(app.home, 'data', 'beatcast', 'overlays', 'main.html')
      assert.ok(readFileSync(file, 'utf8').includes('"overlay":"main"'))
      await page.close()
    } finally {
      await app.stop()
    }
  })
})

test('alert=color and alert=pop: the alert colour while past the line, back after; a pop as it crosses', async () => {
  const app = await startBeatcast(['--demo'], await freePort())
  try {
    const page = await browser.newPage()
    // The test sends the alerts Beatcast sends on a crossing (the Go
    // tests cover when it does).
    const send = await tapSocket(page)
    // A green heart, so the alert's red and blue are told from the heart's own colour.
    await page.goto(app.url + '?style=heart&alert=pop&heartcolor=00ff88')
    await live(page)
    const colour = () => page.evaluate(() => getComputedStyle(document.getElementById('overlay')).color)
    const heart = () => page.evaluate(() => getComputedStyle(document.querySelector('.heart')).fill)
    assert.equal(await colour(), 'rgb(255, 255, 255)')
    assert.equal(await heart(), 'rgb(0, 255, 136)')
    send({ type: 'alert', level: 'high', bpm: 151, threshold: 150 })
    await page.waitForFunction(() => document.getElementById('overlay').classList.contains('pop'), null, { timeout: 1000 })
    await until('the alert colour', async () => (await colour()) === 'rgb(255, 59, 48)', 2000)
    assert.equal(await heart(), 'rgb(255, 59, 48)', 'the heart takes the alert colour too')
    await page.waitForFunction(() => !document.getElementById('overlay').classList.contains('pop'), null, { timeout: 1000 })
    send({ type: 'alert', level: 'low', bpm: 44, threshold: 45 })
    await until('the low colour', async () => (await colour()) === 'rgb(90, 200, 250)', 2000)
    assert.equal(await heart(), 'rgb(90, 200, 250)')
    send({ type: 'alert', level: 'normal', bpm: 52, threshold: 45 })
    await until('back to white', async () => (await colour()) === 'rgb(255, 255, 255)', 2000)
    assert.equal(await heart(), 'rgb(0, 255, 136)', 'after the alert the heart has its own colour again')

    // Without alert=…, an alert changes nothing.
    await page.goto(app.url + '?style=number')
    await live(page)
    send({ type: 'alert', level: 'high', bpm: 151, threshold: 150 })
    await page.waitForFunction(() => document.body.dataset.alert === 'high', null, { timeout: 2000 })
    assert.equal(await colour(), 'rgb(255, 255, 255)')
    await page.close()
  } finally {
    await app.stop()
  }
})

test('a new session (the source changed) clears the old number until the new one beats', async () => {
  const app = await startBeatcast(['--demo'], await freePort())
  try {
    const page = await browser.newPage()
    // The test sends what Beatcast sends when the source changes (the Go
    // tests cover that side).
    const send = await tapSocket(page)
    const startOver = () => send({ type: 'history', beats: [] })
    await page.goto(app.url + '?style=stats')
    await live(page)
    startOver()
    await page.waitForFunction(() => document.body.dataset.look === 'hidden', null, { timeout: 2000 })
    await live(page) // the demo's next beat
    await page.close()
  } finally {
    await app.stop()
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
  await page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')).opacity === '0', null, { timeout: 2000 })
  app = await startBeatcast(['--demo'], port)
  try {
    await page.waitForFunction(() => document.body.dataset.state === 'live', null, { timeout: 8000 })
    assert.match(await shown(page), /^\d+$/)
  } finally {
    await app.stop()
  }
})

describe('OBS opened first: the local file waits, then connects when Beatcast starts', () => {
  // OBS's Local file mode does not load file://: obs-browser serves the
  // file from http://absolute/<path> (obs-browser-source.cpp), so its
  // websocket says Origin: http://absolute. Debian's Chromium would block
  // that page's websocket to 127.0.0.1 (Local Network Access checks), which
  // OBS's older CEF does not do: that browser runs without them.
  let obs
  before(async () => (obs = await launchChromium(['--disable-features=LocalNetworkAccessChecks'])))
  after(async () => obs?.close())

  for (const how of ['file://, as in a browser', 'http://absolute/, as in OBS']) {
    test(how, async () => {
      const port = await freePort()
      let app = await startBeatcast(['--demo'], port)
      const { home, localFile } = app
      await app.stop()
      const page = await obs.newPage()
      let target = pathToFileURL(localFile).href
      if (how.includes('absolute')) {
        target = 'http://absolute/' + encodeURI(localFile)
        await page.route('http://absolute/**', (route) =>
          route.fulfill({ contentType: 'text/html', body: readFileSync(localFile) }),
        )
      }
      await page.goto(target)
      await page.waitForFunction(() => document.body.dataset.state === 'disconnected', null, { timeout: 5000 })
      app = await startBeatcast(['--demo'], port, { home })
      try {
        await live(page)
        assert.match(await shown(page), /^\d+$/)
      } finally {
        await app.stop()
      }
    })
  }
})

test('another website open in the same browser cannot read the heart rate', async () => {
  const app = await startBeatcast(['--demo'], await freePort())
  const evil = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>a website</h1>'))
  await new Promise((ok) => evil.listen(0, '127.0.0.1', ok))
  try {
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${evil.address().port}/`)
    const result = await page.evaluate(async (target) => {
      const ws = await new Promise((ok) => {
        const s = new WebSocket(`ws://${target}/ws`)
        let got = 0
        s.onmessage = () => got++
        s.onclose = () => ok({ got, closed: true })
        setTimeout(() => ok({ got, closed: false }), 3000)
      })
      const api = await fetch(`http://${target}/api/state`).then(() => 'read', () => 'blocked')
      return { ws, api }
    }, `127.0.0.1:${new URL(app.url).port}`)
    assert.deepEqual(result, { ws: { got: 0, closed: true }, api: 'blocked' })
  } finally {
    evil.close()
    await app.stop()
  }
})
