// Helpers for the browser end-to-end tests: start the real Beatcast binary
// headless, and launch Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

export const repoRoot = resolve(import.meta.dirname, '..', '..')
export const binary = join(repoRoot, 'build', 'bin', 'beatcast')
export const screenshotDir = join(repoRoot, 'build', 'screenshots')

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
 * Starts `beatcast --headless` with args on a fresh config home and resolves
 * once the overlay answers. stop() sends SIGINT and resolves with the exit code.
 */
export async function startBeatcast(args, port, env = {}) {
  const configHome = mkdtempSync(join(tmpdir(), 'beatcast-e2e-'))
  const child = spawn(binary, ['--headless', '--overlay-addr', `127.0.0.1:${port}`, ...args], {
    env: { ...process.env, XDG_CONFIG_HOME: configHome, XDG_DATA_HOME: join(configHome, 'data'), ...env },
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
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGINT')
      return exited
    },
  }
}

/** Debian's Chromium; playwright gives every launch a fresh profile. */
export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}
