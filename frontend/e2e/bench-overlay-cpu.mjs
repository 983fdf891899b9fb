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

async function measure(browser, url, viewport = { width: 400, height: 100 }) {
  const page = await browser.newPage({ viewport })
  await page.goto(url)
  if (url !== 'about:blank') {
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
  const perLook = {}
  for (const look of looks) {
    perLook[look.value] = await measure(browser, `${app.url}?style=${look.value}${process.env.BENCH_QUERY ? '&' + process.env.BENCH_QUERY : ''}`, { width: look.width, height: look.height })
    console.log(`overlay CPU, ${look.value}: ${perLook[look.value].toFixed(2)} %`)
  }
  const blankAfter = await measure(browser, 'about:blank')
  const out = join(repoRoot, 'build', 'bench')
  mkdirSync(out, { recursive: true })
  const result = { seconds, blank_cpu_percent: (blankBefore + blankAfter) / 2, blank_before: blankBefore, blank_after: blankAfter, looks: perLook }
  writeFileSync(join(out, 'overlay-cpu.json'), JSON.stringify(result, null, 2))
  console.log(`blank ${blankBefore.toFixed(2)} % before, ${blankAfter.toFixed(2)} % after`)
} finally {
  await browser.close()
  await app.stop()
}
