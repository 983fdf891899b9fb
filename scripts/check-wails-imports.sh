#!/usr/bin/env bash
# Only main.go and app.go may import Wails: the backend stays testable
# without a window, a display or cgo. tools/emptywindow is exempt: it is the
# benchmark's baseline (an empty Wails window), not part of the app.
set -euo pipefail
cd "$(dirname "$0")/.."
offenders=$(git ls-files --cached --others --exclude-standard '*.go' | grep -vx -e main.go -e app.go -e tools/emptywindow/main.go | xargs grep -l 'github.com/wailsapp/wails' || true)
if [[ -n "$offenders" ]]; then
  echo "only main.go and app.go may import Wails; these do too:" >&2
  echo "$offenders" >&2
  exit 1
fi
