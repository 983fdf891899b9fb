#!/usr/bin/env bash
# Unpacks the Chromium builds of OBS's Browser Source into a cache outside
# the repo, for the overlay's browser tests: Chromium 103 (OBS 28–30) and
# 127 (OBS 31–32). They come as files in @sparticuz/chromium, pinned by the
# lock files in frontend/e2e/engines/; its executablePath() unpacks the
# binary (brotli-packed) into TMPDIR. Only what is missing is done, so a
# second run takes a moment. Prints nothing when all is in place.
#
#   scripts/old-chromium.sh        unpack both (make setup-test runs it)
#   scripts/old-chromium.sh --dir  print the cache directory
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${XDG_CACHE_HOME:-$HOME/.cache}/beatcast-test
if [[ ${1:-} == --dir ]]; then echo "$cache"; exit 0; fi

for v in 103 127; do
  out=$cache/chromium-$v
  [[ -x $out/chromium && -s $out/args.json ]] && continue
  echo "setup: unpacking Chromium $v into $out"
  pkg=$cache/npm-chromium-$v
  rm -rf "$pkg" "$out"
  mkdir -p "$pkg" "$out"
  cp frontend/e2e/engines/$v/package.json frontend/e2e/engines/$v/package-lock.json "$pkg/"
  (cd "$pkg" && npm ci --no-audit --no-fund --silent)
  # executablePath is a getter in 103 and a function in 127; args likewise
  # moved from a property to one. Both write beside TMPDIR's chromium.
  (cd "$pkg" && TMPDIR=$out node -e '
    const c = require("@sparticuz/chromium")
    const fs = require("fs")
    ;(async () => {
      const path = typeof c.executablePath === "function" ? await c.executablePath() : await c.executablePath
      const args = typeof c.args === "function" ? c.args() : c.args
      fs.writeFileSync(process.env.TMPDIR + "/args.json", JSON.stringify(args))
      if (path !== process.env.TMPDIR + "/chromium") throw new Error("unpacked to " + path)
    })().catch((e) => { console.error(e); process.exit(1) })')
  # This headless build answers no --version; the tests check
  # browser.version() against the major they were asked for instead.
  [[ $(head -c 4 "$out/chromium" | od -An -c | tr -d ' ') == 177ELF ]] ||
    { echo "setup: $out/chromium is not a Linux program; delete $out and run again" >&2; exit 1; }
done
