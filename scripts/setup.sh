#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for a job, then the Go
# modules and the frontend's npm packages: Debian packages as root
# (otherwise it prints the one command to run). Safe to run again: it only
# does what is missing, and takes a second when nothing is.
#
#   scripts/setup.sh [build]   build and run the window
#   scripts/setup.sh test      ... and run every test
#   scripts/setup.sh dist      ... and build the downloads, running the Windows .exe under Wine
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-build}

# Build: GTK 3 and WebKitGTK 4.0 for Wails. Tests: Xvfb for the real
# window, xdotool to click and type in it, ImageMagick for its screenshot,
# Chromium for the overlay, D-Bus for the single-instance test, liblo's
# oscdump and inotifywait as real OSC and file-watching peers, Python's
# websockets and Mono for the README's bots, OBS and a simulated BlueZ. Dist: Wine, MinGW to build the
# test-only stand-in DLL that lets Debian 12's Wine 8 run a Go program, and
# Xvfb and xdotool to drive the .exe's window and tray (scripts/wine-check.sh).
APT_PACKAGES=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev)
# Real OBS 29 with obs-websocket (its Text source, scenes and filters) and
# BlueZ simulated by python3-dbusmock: without their recommends (VLC).
APT_BARE=()
case $profile in
  build) ;;
  test) APT_PACKAGES+=(xvfb xauth xdotool imagemagick chromium dbus liblo-tools inotify-tools
    python3-websockets mono-mcs libnewtonsoft-json-cil-dev)
    APT_BARE+=(obs-studio obs-plugins python3-dbusmock) ;;
  dist) APT_PACKAGES+=(wine wine64 gcc-mingw-w64-x86-64-win32 xvfb xauth xdotool imagemagick curl python3) ;;
  *) echo "setup: unknown profile $profile; use build, test or dist" >&2; exit 2 ;;
esac

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=() bare=()
for pkg in "${APT_PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
for pkg in "${APT_BARE[@]}"; do installed "$pkg" || bare+=("$pkg"); done
if ((${#missing[@]} + ${#bare[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing ${missing[*]} ${bare[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    ((${#missing[@]} == 0)) || apt-get install -y -qq "${missing[@]}" >/dev/null
    ((${#bare[@]} == 0)) || apt-get install -y -qq --no-install-recommends "${bare[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing: ${missing[*]} ${bare[*]}" >&2
    ((${#missing[@]} == 0)) || echo "setup: install them with:  sudo apt-get install -y ${missing[*]}" >&2
    ((${#bare[@]} == 0)) || echo "setup: and:  sudo apt-get install -y --no-install-recommends ${bare[*]}" >&2
    exit 1
  fi
fi

need() { # need TOOL MIN_VERSION ACTUAL_VERSION
  if [[ "$(printf '%s\n%s\n' "$2" "$3" | sort -V | head -1)" != "$2" ]]; then
    echo "setup: $1 $3 is too old; Beatcast needs $1 $2 or newer" >&2
    exit 1
  fi
}
command -v go >/dev/null || { echo "setup: Go is missing; install Go 1.26 from go.dev/dl" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js is missing; install Node 20.19 or newer" >&2; exit 1; }
need go 1.26 "$(go env GOVERSION | sed 's/^go//')"
need node 20.19 "$(node --version | sed 's/^v//')"

go mod download

# npm ci only when package-lock.json changed since the last install.
stamp=frontend/node_modules/.beatcast-lock
if ! cmp -s frontend/package-lock.json "$stamp" 2>/dev/null; then
  (cd frontend && npm ci --no-audit --no-fund)
  cp frontend/package-lock.json "$stamp"
fi
# OBS's own browser engines for the overlay's tests, in a cache outside the repo.
[[ $profile == test ]] && ./scripts/old-chromium.sh
echo "setup: everything Beatcast needs is installed"
