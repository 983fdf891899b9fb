// Benchmark (make bench): the CPU that headless Chromium spends showing
// each overlay look live from `beatcast --headless`, signed in to the fake
// Pulsoid whose strap sends about 75 BPM once a second (the rate of the
// beating floor's heart below: the demo's rate wanders between 60 and 120,
// and a look that beats at the rate drew more thumps than the floor),
// against a blank page and two floors in the same run. Writes
// build/bench/overlay-cpu.json, or overlay-cpu-chromium-N.json when
// CHROMIUM_MAJOR=N names the engine CHROMIUM points at (OBS's Chromium 127).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, launchChromium, repoRoot, startBeatcast, startFakePulsoid } from './harness.mjs'

const seconds = Number(process.env.BENCH_SECONDS || 10)
const roundCount = Number(process.env.BENCH_ROUNDS || 5)
const table = JSON.parse(readFileSync(join(repoRoot, 'backend/overlay/web/options.json'), 'utf8'))
// BENCH_LOOKS=heart,badge measures only those, and BENCH_QUERY=outline=none
// adds options to each look's URL (while trying a change).
const only = process.env.BENCH_LOOKS?.split(',')
const looks = table.options.find((o) => o.name === 'style').choices.filter((c) => !only || only.includes(c.value))
const clockTick = 100 // USER_HZ, the unit of utime/stime in /proc/<pid>/stat

/** User + system seconds of Chromium's processes: the descendants of this
 * node process whose command is Chromium (not node, not Beatcast). */
function chromiumCPU(root = process.pid) {
  const procs = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8')
      procs.set(Number(name), {
        ppid: Number(fields[1]),
        cpu: (Number(fields[11]) + Number(fields[12])) / clockTick,
        chromium: cmd.includes('chrom'),
      })
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0
  const todo = [root]
  while (todo.length) {
    const pid = todo.pop()
    if (procs.get(pid)?.chromium) total += procs.get(pid).cpu
    for (const [child, p] of procs) if (p.ppid === pid) todo.push(child)
  }
  return total
}

// The floors, pages with none of the overlay's code in them. Any look
// that shows the rate receives each beat from Beatcast's /ws and draws a
// new number: the first floor does only that. A look that beats at the
// rate (beats() in backend/overlay/web/index.html) also thumps a heart: the
// second floor's heart is the overlay's, on a layer of its own, switched by
// the same class at 75 BPM, and its number is drawn in the next thump's
// frame as the heart look draws it. They are served at the overlay's own
// address (Playwright answers for the page; the socket is Beatcast's), as
// Beatcast accepts sockets only from its own pages; Chromium's local
// network access checks, which would refuse a page Playwright answered
// for, are off in this browser.
const beatingLooks = ['heart', 'badge', 'ecg']
const floorPage = (heart) => `<!doctype html>
<style>body{margin:0;background:transparent;color:#fff;font:800 64px sans-serif}
svg{width:.8em;height:.8em;fill:#ff3b30;transform:scale(1);will-change:transform}svg.thump{transform:scale(1.2)}</style>
${heart ? '<svg viewBox="0 0 24 24"><path d="M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54L12 21.35z"/></svg>' : ''}<span id="n">--</span>
<script>let next = null; const heart = document.querySelector('svg'), number = document.getElementById('n')
const show = () => { if (next !== null) number.textContent = next; next = null }
new WebSocket('ws://' + location.host + '/ws').onmessage = (e) => {
  const m = JSON.parse(e.data)
  if (m.type === 'heart_rate') { next = String(m.bpm); if (!heart) show() }
}
if (heart) setInterval(() => { show(); heart.classList.add('thump'); setTimeout(() => heart.classList.remove('thump'), 150) }, 800)</script>`

async function measure(browser, { url, html, viewport = { width: 400, height: 100 } }) {
  const page = await browser.newPage({ viewport })
  if (html) await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }))
  await page.goto(url)
  if (html) await page.waitForFunction(() => document.getElementById('n').textContent !== '--', null, { timeout: 10_000 })
  else if (url.startsWith('http')) {
    await page.waitForFunction(() => document.body.dataset.look === 'live', null, { timeout: 10_000 })
  }
  await page.waitForTimeout(3000) // settle
  const before = chromiumCPU()
  await page.waitForTimeout(seconds * 1000)
  const used = chromiumCPU() - before
  await page.close()
  return (used / seconds) * 100
}

const pulsoid = await startFakePulsoid('bench')
// 74, 75, 76, 75, …: 75 BPM on average, and a new number every second as
// on the floors' pages.
let sent = 0
const strap = setInterval(() => pulsoid.send([74, 75, 76, 75][sent++ % 4]), 1000)
// If Beatcast or Chromium does not start, the fake and its strap must not
// keep this process running.
const stopStrap = () => (clearInterval(strap), pulsoid.stop())
const app = await startBeatcast([], await freePort(), { env: pulsoid.env }).catch((e) => (stopStrap(), Promise.reject(e)))
const browser = await launchChromium(['--disable-features=LocalNetworkAccessChecks']).catch((e) => (stopStrap(), app.stop(), Promise.reject(e)))
// Every page once a round, in turn, each reported by the median of its
// rounds: the machine's load drifts over minutes, and measuring one page
// after the other for longer put that drift between them.
const pages = [
  { name: 'blank', url: 'about:blank' },
  { name: 'ticking', url: `${app.url}bench-floor-number`, html: floorPage(false) },
  { name: 'beating', url: `${app.url}bench-floor-heart`, html: floorPage(true) },
  ...looks.map((look) => ({
    name: look.value,
    url: `${app.url}?style=${look.value}${process.env.BENCH_QUERY ? '&' + process.env.BENCH_QUERY : ''}`,
    viewport: { width: look.width, height: look.height },
  })),
]
const measuredAt = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
try {
  const rounds = Object.fromEntries(pages.map((p) => [p.name, []]))
  for (let round = 1; round <= roundCount; round++) {
    for (const p of pages) {
      const cpu = await measure(browser, p)
      rounds[p.name].push(cpu)
      console.log(`overlay CPU, round ${round}, ${p.name}: ${cpu.toFixed(2)} %`)
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const looksCPU = Object.fromEntries(looks.map((l) => [l.value, median(rounds[l.value])]))
  const result = {
    seconds, rounds: roundCount, blank_cpu_percent: median(rounds.blank), ticking_blank: median(rounds.ticking),
    beating_blank: median(rounds.beating), beating_looks: beatingLooks, looks: looksCPU, each_round: rounds,
    engine: `Chromium ${browser.version()}`, measured_at: measuredAt,
  }
  const out = join(repoRoot, 'build', 'bench')
  mkdirSync(out, { recursive: true })
  const engine = process.env.CHROMIUM_MAJOR ? `-chromium-${process.env.CHROMIUM_MAJOR}` : ''
  writeFileSync(join(out, `overlay-cpu${engine}.json`), JSON.stringify(result, null, 2))
} finally {
  await browser.close()
  await app.stop()
  stopStrap()
}
