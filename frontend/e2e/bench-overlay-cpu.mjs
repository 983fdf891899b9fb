// Benchmark (make bench): the CPU that headless Chromium spends showing
// each overlay look live from `beatcast --headless --demo`, against a blank
// page in the same run (measured first and last, so drift shows). Writes
// build/bench/overlay-cpu.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, launchChromium, repoRoot, startBeatcast } from './harness.mjs'

const seconds = Number(process.env.BENCH_SECONDS || 20)
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

// The floor of any look that beats at the rate: a page with no Beatcast in
// it, whose heart (the overlay's, on a layer of its own) thumps at 75 BPM by
// the same class switch and whose number changes once a second, drawn in
// the next thump's frame as the heart look draws it.
const beatingBlank = `data:text/html,${encodeURIComponent(`<!doctype html>
<style>body{margin:0;background:transparent;color:#fff;font:800 64px sans-serif}
svg{width:.8em;height:.8em;fill:#ff3b30;transform:scale(1);will-change:transform}svg.thump{transform:scale(1.2)}</style>
<svg viewBox="0 0 24 24"><path d="M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54L12 21.35z"/></svg><span id="n">60</span>
<script>let n = 60, next = null; const heart = document.querySelector('svg')
setInterval(() => (next = String(60 + (n++ % 40))), 1000)
setInterval(() => { if (next !== null) document.getElementById('n').textContent = next; next = null
  heart.classList.add('thump'); setTimeout(() => heart.classList.remove('thump'), 150) }, 800)</script>`)}`

async function measure(browser, url, viewport = { width: 400, height: 100 }) {
  const page = await browser.newPage({ viewport })
  await page.goto(url)
  if (url.startsWith('http')) {
    await page.waitForFunction(() => document.body.dataset.look === 'live', null, { timeout: 10_000 })
  }
  await page.waitForTimeout(3000) // settle
  const before = chromiumCPU()
  await page.waitForTimeout(seconds * 1000)
  const used = chromiumCPU() - before
  await page.close()
  return (used / seconds) * 100
}

const app = await startBeatcast(['--demo'], await freePort())
const browser = await launchChromium()
try {
  const blankBefore = await measure(browser, 'about:blank')
  const beating = await measure(browser, beatingBlank)
  console.log(`overlay CPU, a heart beating on a blank page: ${beating.toFixed(2)} %`)
  const perLook = {}
  for (const look of looks) {
    perLook[look.value] = await measure(browser, `${app.url}?style=${look.value}${process.env.BENCH_QUERY ? '&' + process.env.BENCH_QUERY : ''}`, { width: look.width, height: look.height })
    console.log(`overlay CPU, ${look.value}: ${perLook[look.value].toFixed(2)} %`)
  }
  const blankAfter = await measure(browser, 'about:blank')
  const out = join(repoRoot, 'build', 'bench')
  mkdirSync(out, { recursive: true })
  const result = { seconds, blank_cpu_percent: (blankBefore + blankAfter) / 2, blank_before: blankBefore, blank_after: blankAfter, beating_blank: beating, looks: perLook }
  writeFileSync(join(out, 'overlay-cpu.json'), JSON.stringify(result, null, 2))
  console.log(`blank ${blankBefore.toFixed(2)} % before, ${blankAfter.toFixed(2)} % after`)
} finally {
  await browser.close()
  await app.stop()
}
