#!/usr/bin/env bash
# The one place Beatcast's version comes from: git describe.
#   scripts/version.sh            v0.3.1, v0.3.1-4-gabc1234, or abc1234 (no tag yet)
#   scripts/version.sh --numeric  the Windows file version: 0.3.1.4, or 0.0.0.<commits> before any tag
set -euo pipefail
cd "$(dirname "$0")/.."
described=$(git describe --tags --always --dirty --match 'v[0-9]*' 2>/dev/null || echo dev)
if [[ ${1:-} != --numeric ]]; then
  echo "$described"
  exit 0
fi
if [[ $described =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)(-([0-9]+)-g)? ]]; then
  echo "${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}.${BASH_REMATCH[5]:-0}"
else
  echo "0.0.0.$(git rev-list --count HEAD 2>/dev/null || echo 0)"
fi
