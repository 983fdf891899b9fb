#!/usr/bin/env bash
# Runs every Go fuzz test (the parsers of outside input: Pulsoid's
# messages and error bodies, settings, the token file, overlay options and
# addresses) for FUZZTIME each, default 3s. make test runs it; a longer
# hunt: FUZZTIME=10m scripts/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-3s}
for pkg in $(go list ./backend/...); do
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "fuzz: $target ($pkg) for $fuzztime"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >/tmp/beatcast-fuzz.log 2>&1 || {
      cat /tmp/beatcast-fuzz.log
      echo "fuzz: $target found a failing input; it is saved under $(go list -f '{{.Dir}}' "$pkg")/testdata/fuzz/$target" >&2
      exit 1
    }
  done
done
