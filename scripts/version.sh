#!/usr/bin/env bash
# The one place Beatcast's version comes from: the newest tag vX.Y.Z.
#   scripts/version.sh            0.2.0 on the tagged commit; 0.2.0+5 five commits after it
#                                 (semver build metadata); 0.0.0+N before any tag
#   scripts/version.sh --commit   the short commit, e.g. abc1234 (abc1234-dirty with uncommitted changes)
#   scripts/version.sh --numeric  the Windows file version: 0.2.0.0, 0.2.0.5, 0.0.0.N
set -euo pipefail
cd "$(dirname "$0")/.."
described=$(git describe --tags --long --match 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null || true)
if [[ $described =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)-([0-9]+)-g ]]; then
  base="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}" since=${BASH_REMATCH[4]}
else
  base=0.0.0 since=$(git rev-list --count HEAD 2>/dev/null || echo 0)
fi
case ${1:-} in
  --commit) git describe --always --dirty --abbrev=7 --exclude '*' 2>/dev/null || echo unknown ;;
  --numeric) echo "$base.$since" ;;
  *) if [[ $since == 0 ]]; then echo "$base"; else echo "$base+$since"; fi ;;
esac
